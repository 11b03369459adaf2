// One job interface, two backends, the same semantics: checked on the in-process backend
// (PGlite and PostgreSQL) and on BullMQ with a real Redis.
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../src/db/client.js';
import { sleep } from '../src/lib/time.js';
import { RedisEvictionError, createBullQueue } from '../src/queue/bullmq.js';
import {
  openQueue,
  PermanentJobError,
  startRunner,
  type JobDefinition,
  type JobHandler,
  type JobInfo,
  type JobQueue,
  type JobRunner,
} from '../src/queue/index.js';
import { migratedDatabase, redisUrl, silentLogger, testConfig } from './support/databases.js';

type Kind = 'local on pglite' | 'local on postgres' | 'bullmq';
const REDIS_DB = 1;

function jobType(name: string, handler: JobHandler<{ n: number }>, attempts = 3): JobDefinition {
  return {
    name,
    payload: z.object({ n: z.number() }),
    attempts,
    backoffMs: 200,
    loadHandler: async () => handler as JobHandler<unknown>,
  };
}

/** Polls a job until it is in one of `states`; with `pollMs` 0, without yielding to timers. */
async function waitFor(
  queue: JobQueue,
  id: string,
  states: JobInfo['state'][],
  pollMs = 50,
): Promise<JobInfo> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const info = await queue.get(id);
    if (info && states.includes(info.state)) return info;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${info?.state} after 30 s`);
    if (pollMs) await sleep(pollMs);
  }
}

describe.each<Kind>(['local on pglite', 'local on postgres', 'bullmq'])('job queue: %s', (kind) => {
  let database: Database;
  let queue: JobQueue;
  let runner: JobRunner | undefined;
  const config = () =>
    kind === 'bullmq' ? { redisUrl: redisUrl(REDIS_DB) } : { redisUrl: undefined };

  beforeAll(async () => {
    database = await migratedDatabase(kind === 'local on pglite' ? 'pglite' : 'postgres');
    if (kind === 'bullmq') {
      const redis = new Redis(redisUrl(REDIS_DB));
      await redis.flushdb();
      redis.disconnect();
    }
    queue = await openQueue(config(), database.db, silentLogger);
  });
  afterEach(async () => {
    await runner?.close(5_000);
    runner = undefined;
  });
  afterAll(async () => {
    await queue.close();
    await database.close();
  });

  const run = async (jobs: JobDefinition[], concurrency = 2) => {
    runner = await startRunner(config(), queue, {
      concurrency,
      jobs,
      deps: { db: database.db, logger: silentLogger, config: testConfig() },
    });
    return runner;
  };

  it(`uses the ${kind.startsWith('local') ? 'local' : 'bullmq'} backend and answers ping`, async () => {
    expect(queue.backend).toBe(kind === 'bullmq' ? 'bullmq' : 'local');
    await expect(queue.ping()).resolves.toBeUndefined();
  });

  it('runs a job to completion, with progress and its result', async () => {
    const seen: number[] = [];
    const job = jobType('t.complete', async (ctx) => {
      await ctx.updateProgress(40);
      seen.push((await queue.get(ctx.id))!.progress);
      return { doubled: ctx.payload.n * 2 };
    });
    await run([job]);
    const { id } = await queue.enqueue(job, { n: 21 });
    const info = await waitFor(queue, id, ['completed', 'failed']);
    expect(info).toMatchObject({
      state: 'completed',
      progress: 100,
      result: { doubled: 42 },
      attemptsMade: 1,
    });
    expect(seen).toEqual([40]);
  });

  it('retries with exponential backoff, then succeeds', async () => {
    const attempts: { attempt: number; at: number }[] = [];
    const job = jobType('t.retry', async (ctx) => {
      attempts.push({ attempt: ctx.attempt, at: Date.now() });
      if (ctx.attempt < 3) throw new Error(`transient failure ${ctx.attempt}`);
      return 'ok';
    });
    await run([job]);
    const { id } = await queue.enqueue(job, { n: 1 });
    const info = await waitFor(queue, id, ['completed', 'failed']);
    expect(info).toMatchObject({ state: 'completed', attemptsMade: 3, result: 'ok' });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Backoff of 200 ms, then 400 ms: later retries wait longer.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(180);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(380);
  });

  it('fails with the last reason once attempts run out', async () => {
    const job = jobType(
      't.exhaust',
      async (ctx) => {
        throw new Error(`still broken on attempt ${ctx.attempt}`);
      },
      2,
    );
    await run([job]);
    const { id } = await queue.enqueue(job, { n: 1 });
    const info = await waitFor(queue, id, ['failed', 'completed']);
    expect(info).toMatchObject({
      state: 'failed',
      attemptsMade: 2,
      failedReason: 'still broken on attempt 2',
    });
  });

  it('fails at once on a permanent error', async () => {
    let calls = 0;
    const job = jobType('t.permanent', async () => {
      calls += 1;
      throw new PermanentJobError('this file is not a PDF');
    });
    await run([job]);
    const { id } = await queue.enqueue(job, { n: 1 });
    const info = await waitFor(queue, id, ['failed', 'completed']);
    expect(info).toMatchObject({ state: 'failed', failedReason: 'this file is not a PDF' });
    expect(calls).toBe(1);
  });

  it('refuses an invalid payload when enqueuing', async () => {
    const job = jobType('t.invalid', async () => undefined);
    await expect(queue.enqueue(job, { n: 'not a number' })).rejects.toThrow();
  });

  it('runs at most `concurrency` jobs at once', async () => {
    let running = 0;
    let most = 0;
    const job = jobType('t.concurrency', async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(150);
      running -= 1;
    });
    await run([job], 2);
    const ids = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.enqueue(job, { n })));
    for (const { id } of ids) await waitFor(queue, id, ['completed']);
    expect(most).toBe(2);
  });

  // The second case polls with no pause, so the runner is closed as soon as the job is
  // marked active, which can be before the runner has finished taking it.
  it.each([
    ['while it runs', 50],
    ['the moment it was taken', 0],
  ])('lets a job finish when closed %s, within the timeout', async (_when, pollMs) => {
    const job = jobType(`t.graceful.${pollMs}`, async () => {
      await sleep(500);
      return 'finished';
    });
    const started = await run([job]);
    const { id } = await queue.enqueue(job, { n: 1 });
    await waitFor(queue, id, ['active'], pollMs);
    expect(await started.close(10_000)).toBe(true);
    runner = undefined;
    expect(await queue.get(id)).toMatchObject({ state: 'completed', result: 'finished' });
  });

  it('counts jobs by state', async () => {
    const counts = await queue.counts();
    expect(Object.keys(counts).sort()).toEqual([
      'active',
      'completed',
      'delayed',
      'failed',
      'waiting',
    ]);
    expect(counts.completed).toBeGreaterThanOrEqual(3);
    expect(counts.failed).toBeGreaterThanOrEqual(2);
  });
});

describe('local backend', () => {
  it('takes again a job whose process died holding it (its lease ran out)', async () => {
    const database = await migratedDatabase('postgres');
    const queue = await openQueue({ redisUrl: undefined }, database.db, silentLogger);
    const job = jobType('t.stalled', async (ctx) => `recovered on attempt ${ctx.attempt}`);
    const { id } = await queue.enqueue(job, { n: 1 });
    // What a killed process leaves behind: an active job whose lease has expired.
    await database.db.execute(
      sql`update local_jobs set state = 'active', attempts_made = 1, locked_until = now() - interval '1 second' where id = ${id}`,
    );
    const runner = await startRunner({ redisUrl: undefined }, queue, {
      concurrency: 1,
      jobs: [job],
      deps: { db: database.db, logger: silentLogger, config: testConfig() },
    });
    const info = await waitFor(queue, id, ['completed', 'failed']);
    expect(info).toMatchObject({ state: 'completed', result: 'recovered on attempt 2' });
    await runner.close(5_000);
    await queue.close();
    await database.close();
  });
});

describe('bullmq backend', () => {
  it('refuses a Redis that may evict keys, naming the policy and the fix', async () => {
    const admin = new Redis(redisUrl(REDIS_DB));
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const attempt = createBullQueue(redisUrl(REDIS_DB), silentLogger);
      await expect(attempt).rejects.toBeInstanceOf(RedisEvictionError);
      await expect(attempt).rejects.toThrow(/maxmemory-policy=allkeys-lru.*noeviction/);
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      admin.disconnect();
    }
  });
});
