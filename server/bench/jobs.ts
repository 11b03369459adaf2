// npm run bench:jobs — how many no-op jobs a second each job backend runs, and how long a job
// waits from enqueue to start (p50/p99): BullMQ on Redis with two runners (as two worker
// containers, here in one process), and the in-process backend on PGlite (on disk, as the
// embedded server keeps it) and on PostgreSQL. Redis and PostgreSQL run in containers. Not a
// test: it prints, beside each other, from the same run.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import {
  openQueue,
  type JobDefinition,
  type JobHandler,
  type JobRunner,
} from '../src/queue/index.js';
import { percentile } from './corpus.js';
import { logger, startServerContainers } from './database.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 2_000);
/** Jobs enqueued one at a time, each once the one before has started: waits with no backlog. */
const PACED = 200;
/** Slots per runner: WORKER_CONCURRENCY's default. */
const CONCURRENCY = 2;
/** Enqueues in flight at once, as many API requests would make them. */
const ENQUEUERS = 20;

const payload = z.object({ enqueuedAt: z.number() });
type Payload = z.infer<typeof payload>;

interface Recorder {
  waits: number[];
  /** Called as each job starts. */
  started: () => void;
}

/** A job that does nothing but note how long it waited. */
function noOpJob(recorder: Recorder): JobDefinition {
  const handler: JobHandler<Payload> = async (job) => {
    recorder.waits.push(performance.now() + performance.timeOrigin - job.payload.enqueuedAt);
    recorder.started();
  };
  return {
    name: 'bench.no-op',
    payload,
    attempts: 1,
    backoffMs: 0,
    lane: 'main',
    loadHandler: async () => handler as JobHandler<unknown>,
  };
}

/** Runs the burst and the paced jobs through one backend, prints them; returns jobs/s. */
async function measure(
  label: string,
  config: Config,
  database: Database,
  runnerCount: number,
): Promise<number> {
  let allStarted!: () => void;
  const done = new Promise<void>((resolve) => (allStarted = resolve));
  const recorder: Recorder = {
    waits: [],
    started: () => recorder.waits.length === JOBS && allStarted(),
  };
  const job = noOpJob(recorder);
  const now = () => performance.now() + performance.timeOrigin;
  const queue = await openQueue(config, database.db, logger);
  const runners: JobRunner[] = [];
  for (let i = 0; i < runnerCount; i++)
    runners.push(
      await queue.startRunner({
        concurrency: CONCURRENCY,
        jobs: [job],
        deps: { db: database.db, logger, config },
      }),
    );
  const since = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: ENQUEUERS }, async () => {
      while (next++ < JOBS) await queue.enqueue(job, { enqueuedAt: now() });
    }),
  );
  const enqueuedMs = performance.now() - since;
  await done;
  const seconds = (performance.now() - since) / 1000;
  const waits = recorder.waits.sort((a, b) => a - b);

  recorder.waits = [];
  for (let i = 0; i < PACED; i++) {
    const started = new Promise<void>((resolve) => (recorder.started = resolve));
    await queue.enqueue(job, { enqueuedAt: now() });
    await started;
  }
  const paced = recorder.waits.sort((a, b) => a - b);
  await Promise.all(runners.map((runner) => runner.close(10_000)));
  await queue.close();
  console.log(
    `${label.padEnd(38)} ${(JOBS / seconds).toFixed(0).padStart(6)} jobs/s   enqueue ${(
      (JOBS / enqueuedMs) *
      1000
    )
      .toFixed(0)
      .padStart(6)}/s   enqueue → start p50 ${percentile(waits, 50)
      .toFixed(1)
      .padStart(7)} ms  p99 ${percentile(waits, 99).toFixed(1).padStart(7)} ms`,
  );
  console.log(
    `${''.padEnd(38)} one at a time (no backlog): enqueue → start p50 ${percentile(paced, 50).toFixed(1)} ms  p99 ${percentile(paced, 99).toFixed(1)} ms`,
  );
  return JOBS / seconds;
}

async function main() {
  console.log(
    `bench:jobs — ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}, ${JOBS} no-op jobs each, ${ENQUEUERS} enqueuing at once, ${CONCURRENCY} slots a runner`,
  );
  const servers = await startServerContainers();
  const dataDir = await mkdtemp(join(tmpdir(), 'docket-bench-jobs-'));
  const base = {
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  const onPostgres = loadConfig({ ...base, DATABASE_URL: servers.databaseUrl });
  const pg = await openDatabase(onPostgres, logger);
  const pglite = await openDatabase(loadConfig(base), logger);
  try {
    await applyMigrations(pg, logger);
    await applyMigrations(pglite, logger);
    const withRedis = { ...onPostgres, redisUrl: servers.redisUrl };
    const bull = await measure('BullMQ (Redis), 2 runners', withRedis, pg, 2);
    const local = {
      PostgreSQL: await measure('in-process on PostgreSQL, 1 runner', onPostgres, pg, 1),
      PGlite: await measure('in-process on PGlite, 1 runner', loadConfig(base), pglite, 1),
    };
    for (const [on, rate] of Object.entries(local))
      console.log(
        `in-process on ${on}: BullMQ runs ${(bull / rate).toFixed(1)}× as many jobs/s (goal: ≤ 3×)`,
      );
  } finally {
    await Promise.all([pg.close(), pglite.close()]);
    await servers.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
