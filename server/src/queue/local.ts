// The in-process backend, used when REDIS_URL is unset. Jobs are rows in the database, so
// they survive a restart; a running job holds a lease that it renews, and a job whose lease
// ran out (its process died) is taken again, as BullMQ does with stalled jobs.
import { EventEmitter } from 'node:events';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pingDatabase } from '../db/client.js';
import { settlesWithin, sleep } from '../lib/time.js';
import { localJobs } from './tables.js';
import {
  backoffDelay,
  clampProgress,
  JOB_STATES,
  PermanentJobError,
  type JobDefinition,
  type JobInfo,
  type JobQueue,
  type JobRunner,
  type JobState,
  type RunnerOptions,
} from './types.js';

const POLL_INTERVAL_MS = 1_000;
export const LEASE_MS = 30_000;

type LocalJobRow = typeof localJobs.$inferSelect;

export interface LocalQueue extends JobQueue {
  readonly db: Db;
  readonly enqueued: EventEmitter;
}

function toJobInfo(row: LocalJobRow): JobInfo {
  const retrying = row.state === 'waiting' && row.attemptsMade > 0;
  return {
    id: row.id,
    name: row.name,
    state: retrying ? 'delayed' : row.state,
    progress: row.progress,
    attemptsMade: row.attemptsMade,
    result: row.result ?? undefined,
    failedReason: row.failedReason ?? undefined,
  };
}

export function createLocalQueue(db: Db): LocalQueue {
  const enqueued = new EventEmitter();
  return {
    backend: 'local',
    db,
    enqueued,
    async enqueue(job, payload) {
      const [row] = await db
        .insert(localJobs)
        .values({
          name: job.name,
          payload: job.payload.parse(payload) as object,
          maxAttempts: job.attempts,
          backoffMs: job.backoffMs,
        })
        .returning({ id: localJobs.id });
      enqueued.emit('job');
      return { id: row!.id };
    },
    async get(id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const [row] = await db.select().from(localJobs).where(eq(localJobs.id, id));
      return row && toJobInfo(row);
    },
    async counts() {
      const result = await db.execute<{ state: JobState; n: number }>(sql`
        select case when state = 'waiting' and attempts_made > 0 then 'delayed' else state end as state,
               count(*)::int as n
          from local_jobs group by 1`);
      const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const row of result.rows) counts[row.state] = Number(row.n);
      return counts;
    },
    ping: () => pingDatabase(db),
    close: async () => {
      enqueued.removeAllListeners();
    },
  };
}

/** Takes the next runnable job, if any, and leases it to this process. */
async function claimJob(db: Db, names: string[]): Promise<LocalJobRow | undefined> {
  const result = await db.execute<{ id: string }>(sql`
    update local_jobs
       set state = 'active', attempts_made = attempts_made + 1,
           locked_until = now() + make_interval(secs => ${LEASE_MS / 1000})
     where id = (
       select id from local_jobs
        where name in ${names}
          and ((state = 'waiting' and run_at <= now()) or (state = 'active' and locked_until < now()))
        order by run_at, created_at
        limit 1
        for update skip locked)
    returning id`);
  const id = result.rows[0]?.id;
  if (!id) return undefined;
  const [row] = await db.select().from(localJobs).where(eq(localJobs.id, id));
  return row;
}

export function startLocalRunner(queue: LocalQueue, options: RunnerOptions): JobRunner {
  const { db } = queue;
  const definitions = new Map(options.jobs.map((job) => [job.name, job]));
  const running = new Set<Promise<void>>();
  let stopped = false;
  let healthy = true;
  let wake: (() => void) | undefined;
  const onEnqueue = () => wake?.();
  queue.enqueued.on('job', onEnqueue);

  const finish = (id: string, values: Partial<LocalJobRow>) =>
    db
      .update(localJobs)
      .set({ ...values, lockedUntil: null })
      .where(and(eq(localJobs.id, id), eq(localJobs.state, 'active')));

  async function fail(row: LocalJobRow, definition: JobDefinition | undefined, error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof PermanentJobError || !definition;
    if (permanent || row.attemptsMade >= row.maxAttempts) {
      options.deps.logger.warn({ jobId: row.id, job: row.name, reason }, 'job failed');
      await finish(row.id, { state: 'failed', failedReason: reason, finishedAt: new Date() });
      return;
    }
    const delay = backoffDelay(row.backoffMs, row.attemptsMade);
    options.deps.logger.info(
      { jobId: row.id, job: row.name, reason, retryInMs: delay },
      'job will retry',
    );
    await finish(row.id, {
      state: 'waiting',
      failedReason: reason,
      runAt: new Date(Date.now() + delay),
    });
  }

  async function run(row: LocalJobRow) {
    const definition = definitions.get(row.name);
    const renew = setInterval(() => {
      void db
        .update(localJobs)
        .set({ lockedUntil: new Date(Date.now() + LEASE_MS) })
        .where(eq(localJobs.id, row.id))
        .catch(() => undefined);
    }, LEASE_MS / 3);
    try {
      if (!definition) throw new PermanentJobError(`no handler for job "${row.name}"`);
      if (row.attemptsMade > row.maxAttempts)
        throw new PermanentJobError('the process running this job stopped too many times');
      const parsed = definition.payload.safeParse(row.payload);
      if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
      const handler = await definition.loadHandler();
      const result: unknown = await handler(
        {
          id: row.id,
          name: row.name,
          payload: parsed.data,
          attempt: row.attemptsMade,
          updateProgress: async (percent) => {
            await db
              .update(localJobs)
              .set({ progress: clampProgress(percent) })
              .where(eq(localJobs.id, row.id));
          },
        },
        options.deps,
      );
      await finish(row.id, {
        state: 'completed',
        progress: 100,
        result: result ?? null,
        finishedAt: new Date(),
      });
      options.deps.logger.info({ jobId: row.id, job: row.name }, 'job completed');
    } catch (error) {
      await fail(row, definition, error).catch((e: unknown) =>
        options.deps.logger.error({ err: e, jobId: row.id }, 'could not record job failure'),
      );
    } finally {
      clearInterval(renew);
    }
  }

  async function loop() {
    const names = [...definitions.keys()];
    while (!stopped) {
      if (running.size >= options.concurrency) {
        await Promise.race(running);
        continue;
      }
      const row = await claimJob(db, names).then(
        (claimed) => ((healthy = true), claimed),
        (error: unknown) => {
          healthy = false;
          options.deps.logger.warn({ err: error }, 'could not take a job from the database');
          return undefined;
        },
      );
      if (row) {
        const job: Promise<void> = run(row).finally(() => running.delete(job));
        running.add(job);
        continue;
      }
      await Promise.race([
        sleep(POLL_INTERVAL_MS),
        new Promise<void>((resolve) => (wake = resolve)),
      ]);
    }
  }
  const looping = loop();

  return {
    isHealthy: () => healthy && !stopped,
    async close(timeoutMs) {
      stopped = true;
      wake?.();
      queue.enqueued.off('job', onEnqueue);
      // The loop may be between claiming a job and adding it to `running`: wait for the
      // loop first, so that a job it just took is waited for too.
      const drained = looping.then(() => Promise.all(running));
      return settlesWithin(drained, timeoutMs);
    },
  };
}
