// One job interface, two backends, the same semantics: checked on the in-process backend
// (PGlite and PostgreSQL) and on BullMQ with a real Redis.
import { sql } from 'drizzle-orm';
import { Worker, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../src/db/client.js';
import { sleep } from '../src/lib/time.js';
import {
  MAX_STALLED_COUNT,
  QUEUE_NAMES,
  RedisEvictionError,
  createBullQueue,
} from '../src/queue/bullmq.js';
import { MAX_REASON_LENGTH } from '../src/queue/failure.js';
import { createLocalQueue } from '../src/queue/local.js';
import {
  DIED_TOO_OFTEN,
  openQueue,
  PermanentJobError,
  type FailedJob,
  type JobDefinition,
  type JobHandler,
  type JobInfo,
  type JobQueue,
  type JobRetention,
  type JobRunner,
} from '../src/queue/index.js';
import {
  migratedDatabase,
  redisUrl,
  silentLogger,
  testConfig,
  type Backend,
} from './support/databases.js';

type Kind = 'local on pglite' | 'local on postgres' | 'bullmq';
const REDIS_DB = 1;
const DAY_MS = 24 * 60 * 60 * 1000;

type Payload = { n: number };
type FailedCall = FailedJob<Payload> & { stateDuringHook: JobInfo['state'] | undefined };

function jobType(
  name: string,
  handler: JobHandler<Payload>,
  options: Partial<Pick<JobDefinition, 'attempts' | 'lane' | 'onFailed'>> = {},
): JobDefinition {
  return {
    name,
    payload: z.object({ n: z.number() }),
    attempts: 3,
    backoffMs: 200,
    lane: 'main',
    loadHandler: async () => handler as JobHandler<unknown>,
    ...options,
  };
}

/** An onFailed hook that records its calls, with the job's state while it ran. */
function failedHook(queue: () => JobQueue) {
  const calls: FailedCall[] = [];
  const onFailed = async (job: FailedJob<Payload>) => {
    calls.push({ ...job, stateDuringHook: (await queue().get(job.id))?.state });
  };
  return { calls, onFailed: onFailed as JobDefinition['onFailed'] };
}

/** A promise that the test resolves when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** What a dead worker's job waits for: nothing, ever (a released one would run on after close). */
const neverSettles = new Promise<void>(() => undefined);

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
    runner = await queue.startRunner({
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

  it('retries with exponential backoff, then succeeds (its failure hook is not called)', async () => {
    const attempts: { attempt: number; at: number }[] = [];
    const hook = failedHook(() => queue);
    const job = jobType(
      't.retry',
      async (ctx) => {
        attempts.push({ attempt: ctx.attempt, at: Date.now() });
        if (ctx.attempt < 3) throw new Error(`transient failure ${ctx.attempt}`);
        return 'ok';
      },
      { onFailed: hook.onFailed },
    );
    await run([job]);
    const { id } = await queue.enqueue(job, { n: 1 });
    const info = await waitFor(queue, id, ['completed', 'failed']);
    expect(info).toMatchObject({ state: 'completed', attemptsMade: 3, result: 'ok' });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(hook.calls).toEqual([]);
    // Backoff of 200 ms, then 400 ms: later retries wait longer.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(180);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(380);
  });

  it('fails with the last reason once attempts run out, calling its failure hook once first', async () => {
    const hook = failedHook(() => queue);
    const lastAttempt: boolean[] = [];
    const job = jobType(
      't.exhaust',
      async (ctx) => {
        lastAttempt.push(ctx.isLastAttempt);
        throw new Error(`still broken on attempt ${ctx.attempt}`);
      },
      { attempts: 2, onFailed: hook.onFailed },
    );
    await run([job]);
    const { id } = await queue.enqueue(job, { n: 7 });
    const info = await waitFor(queue, id, ['failed', 'completed']);
    expect(info).toMatchObject({
      state: 'failed',
      attemptsMade: 2,
      failedReason: 'still broken on attempt 2',
    });
    expect(lastAttempt).toEqual([false, true]);
    expect(hook.calls).toEqual([
      {
        id,
        name: 't.exhaust',
        payload: { n: 7 },
        reason: 'still broken on attempt 2',
        stateDuringHook: 'active',
      },
    ]);
  });

  it('fails at once on a permanent error, calling its failure hook', async () => {
    let calls = 0;
    const hook = failedHook(() => queue);
    const job = jobType(
      't.permanent',
      async () => {
        calls += 1;
        throw new PermanentJobError('this file is not a PDF');
      },
      { onFailed: hook.onFailed },
    );
    await run([job]);
    const { id } = await queue.enqueue(job, { n: 1 });
    const info = await waitFor(queue, id, ['failed', 'completed']);
    expect(info).toMatchObject({ state: 'failed', failedReason: 'this file is not a PDF' });
    expect(calls).toBe(1);
    expect(hook.calls).toMatchObject([{ id, reason: 'this file is not a PDF' }]);
  });

  it('records a failure whatever its message holds (NUL, megabytes): a readable, bounded reason', async () => {
    const hook = failedHook(() => queue);
    const job = jobType(
      't.nul',
      async () => {
        throw new PermanentJobError(`bad\u0000byte\n${'x'.repeat(2_000_000)}`);
      },
      { onFailed: hook.onFailed },
    );
    await run([job]);
    const { id } = await queue.enqueue(job, { n: 1 });
    const info = await waitFor(queue, id, ['failed', 'completed']);
    expect(info.state).toBe('failed');
    expect(info.failedReason).toMatch(/^bad byte x+…$/);
    expect(info.failedReason!.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
    expect(hook.calls.map((call) => call.reason)).toEqual([info.failedReason]);
  });

  it('fails the job even when its failure hook throws', async () => {
    const job = jobType(
      't.hook-throws',
      async () => {
        throw new PermanentJobError('broken');
      },
      {
        onFailed: async () => {
          throw new Error('the hook is broken too');
        },
      },
    );
    await run([job]);
    const { id } = await queue.enqueue(job, { n: 1 });
    expect(await waitFor(queue, id, ['failed', 'completed'])).toMatchObject({
      state: 'failed',
      failedReason: 'broken',
    });
  });

  it('keeps the main lane running while diagnostics jobs hold every diagnostics slot', async () => {
    const diagnosticsHeld = gate();
    const slow = jobType('t.lane.diagnostics', () => diagnosticsHeld.opened.then(() => 'done'), {
      lane: 'diagnostics',
    });
    const main = jobType('t.lane.main', async () => 'main done');
    try {
      await run([slow, main], 1);
      const first = await queue.enqueue(slow, { n: 1 });
      const second = await queue.enqueue(slow, { n: 2 });
      await waitFor(queue, first.id, ['active']);
      const { id } = await queue.enqueue(main, { n: 3 });
      expect(await waitFor(queue, id, ['completed', 'failed'])).toMatchObject({
        state: 'completed',
        result: 'main done',
      });
      // The diagnostics lane has one slot: the first still holds it, the second still waits.
      expect((await queue.get(first.id))?.state).toBe('active');
      expect((await queue.get(second.id))?.state).toBe('waiting');
    } finally {
      diagnosticsHeld.open();
    }
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

  it('takes waiting jobs in order, never more than the slots that are free', async () => {
    const gates = [1, 2, 3, 4, 5].map(() => gate());
    const started: number[] = [];
    const job = jobType('t.free-slots', async (ctx) => {
      started.push(ctx.payload.n);
      await gates[ctx.payload.n - 1]!.opened;
    });
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) ids.push((await queue.enqueue(job, { n })).id);
    const states = () => Promise.all(ids.map(async (id) => (await queue.get(id))?.state));
    try {
      // Five jobs wait when the runner starts with two free slots: it takes two.
      await run([job], 2);
      await waitFor(queue, ids[1]!, ['active']);
      expect(await states()).toEqual(['active', 'active', 'waiting', 'waiting', 'waiting']);
      // One ends: one slot is free, and one more job is taken.
      gates[0]!.open();
      await waitFor(queue, ids[2]!, ['active']);
      expect(await states()).toEqual(['completed', 'active', 'active', 'waiting', 'waiting']);
      for (const g of gates) g.open();
      for (const id of ids) await waitFor(queue, id, ['completed']);
      expect(started).toEqual([1, 2, 3, 4, 5]);
    } finally {
      for (const g of gates) g.open();
    }
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

  /** Runs the jobs one after the other on a queue that keeps finished jobs per `retention`. */
  async function runInTurn(
    retention: JobRetention,
    jobs: JobDefinition[],
    enqueue: ((q: JobQueue) => Promise<string>)[],
  ) {
    const kept = await openQueue(config(), database.db, silentLogger, retention);
    runner = await kept.startRunner({
      concurrency: 1,
      jobs,
      deps: { db: database.db, logger: silentLogger, config: testConfig() },
    });
    const ids: string[] = [];
    for (const next of enqueue) {
      const id = await next(kept);
      await waitFor(kept, id, ['completed', 'failed']);
      ids.push(id);
    }
    // Closed first: the runner has finished removing when it has stopped.
    await runner?.close(5_000);
    runner = undefined;
    await kept.close();
    return ids;
  }

  it('removes all but the newest finished jobs of each state in a lane, as many as the retention keeps', async () => {
    const done = jobType('t.kept-done', async () => 'done');
    const failing = jobType(
      't.kept-failed',
      async () => {
        throw new Error('no');
      },
      { attempts: 1 },
    );
    const retention: JobRetention = {
      completed: { ageMs: DAY_MS, count: 2 },
      failed: { ageMs: DAY_MS, count: 1 },
    };
    const [d1, d2, f1, d3, f2, d4] = await runInTurn(
      retention,
      [done, failing],
      [
        (q) => q.enqueue(done, { n: 1 }).then((job) => job.id),
        (q) => q.enqueue(done, { n: 2 }).then((job) => job.id),
        (q) => q.enqueue(failing, { n: 3 }).then((job) => job.id),
        (q) => q.enqueue(done, { n: 4 }).then((job) => job.id),
        (q) => q.enqueue(failing, { n: 5 }).then((job) => job.id),
        (q) => q.enqueue(done, { n: 6 }).then((job) => job.id),
      ],
    );
    for (const id of [d1, d2, f1]) expect(await queue.get(id!)).toBeUndefined();
    for (const id of [d3, d4]) expect(await queue.get(id!)).toMatchObject({ state: 'completed' });
    expect(await queue.get(f2!)).toMatchObject({ state: 'failed' });
  });

  it('removes finished jobs older than the retention keeps when another one finishes', async () => {
    const done = jobType('t.aged', async () => 'done');
    const ageMs = 1_000;
    const retention: JobRetention = {
      completed: { ageMs, count: 1_000 },
      failed: { ageMs, count: 1_000 },
    };
    const [old, recent] = await runInTurn(
      retention,
      [done],
      [
        async (q) => {
          const { id } = await q.enqueue(done, { n: 1 });
          await waitFor(q, id, ['completed']);
          await sleep(ageMs + 500); // until the first job is older than the retention's age
          return id;
        },
        (q) => q.enqueue(done, { n: 2 }).then((job) => job.id),
      ],
    );
    expect(await queue.get(old!)).toBeUndefined();
    expect(await queue.get(recent!)).toMatchObject({ state: 'completed' });
  });
});

describe('local backend', () => {
  /** Longer than any test: a job that waits for a poll never starts. */
  const NEVER_POLLS_MS = 60 * 60 * 1000;

  it.each<Backend>(['pglite', 'postgres'])(
    'on %s, starts each job enqueued while the runner is idle without waiting for a poll',
    async (kind) => {
      const database = await migratedDatabase(kind);
      const queue = createLocalQueue(database.db, undefined, NEVER_POLLS_MS);
      const last = 40;
      const started: number[] = [];
      const lastStarted = gate();
      // Each job enqueues the next as it runs, while the runner looks for more work in its
      // free slot: an enqueue that lands during that look must still wake the runner.
      const job: JobDefinition = jobType('t.wake', async (ctx) => {
        started.push(ctx.payload.n);
        if (ctx.payload.n < last) await queue.enqueue(job, { n: ctx.payload.n + 1 });
        else lastStarted.open();
      });
      const runner = await queue.startRunner({
        concurrency: 2,
        jobs: [job],
        deps: { db: database.db, logger: silentLogger, config: testConfig() },
      });
      try {
        await queue.enqueue(job, { n: 1 });
        await lastStarted.opened;
        expect(started).toEqual(Array.from({ length: last }, (_, i) => i + 1));
      } finally {
        await runner.close(5_000);
        await queue.close();
        await database.close();
      }
    },
  );

  it.each<Backend>(['pglite', 'postgres'])(
    'on %s, fails only the try whose result cannot be stored, when jobs end together',
    async (kind) => {
      const database = await migratedDatabase(kind);
      const queue = await openQueue({ redisUrl: undefined }, database.db, silentLogger);
      const both = gate();
      // PostgreSQL's jsonb holds no NUL character: this result cannot be stored.
      const unstorable = jobType('t.unstorable', () => both.opened.then(() => 'nul \u0000'), {
        attempts: 1,
      });
      const storable = jobType('t.storable', () => both.opened.then(() => 'fine'));
      const bad = await queue.enqueue(unstorable, { n: 1 });
      const good = await queue.enqueue(storable, { n: 2 });
      const runner = await queue.startRunner({
        concurrency: 2,
        jobs: [unstorable, storable],
        deps: { db: database.db, logger: silentLogger, config: testConfig() },
      });
      try {
        await waitFor(queue, good.id, ['active']);
        await waitFor(queue, bad.id, ['active']);
        both.open();
        expect(await waitFor(queue, good.id, ['completed', 'failed'])).toMatchObject({
          state: 'completed',
          result: 'fine',
        });
        expect(await waitFor(queue, bad.id, ['completed', 'failed'])).toMatchObject({
          state: 'failed',
          failedReason: 'unsupported Unicode escape sequence',
        });
      } finally {
        both.open();
        await runner.close(5_000);
        await queue.close();
        await database.close();
      }
    },
  );

  it.each<Backend>(['pglite', 'postgres'])(
    'on %s, enqueues made at once keep their order, and one that cannot be stored fails alone',
    async (kind) => {
      const database = await migratedDatabase(kind);
      const queue = await openQueue({ redisUrl: undefined }, database.db, silentLogger);
      const started: number[] = [];
      const job = jobType('t.enqueued-together', async (ctx) => {
        started.push(ctx.payload.n);
      });
      const { id: taken } = await queue.enqueue(job, { n: 0 });
      // Enqueued while the first insert runs: they go to the database together.
      const outcomes = await Promise.allSettled(
        [1, 2, 3, 4, 5, 6].map((n) => queue.enqueue(job, { n }, n === 4 ? { id: taken } : {})),
      );
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
      ]);
      const runner = await queue.startRunner({
        concurrency: 1,
        jobs: [job],
        deps: { db: database.db, logger: silentLogger, config: testConfig() },
      });
      try {
        const last = outcomes.at(-1) as PromiseFulfilledResult<{ id: string }>;
        await waitFor(queue, last.value.id, ['completed']);
        expect(started).toEqual([0, 1, 2, 3, 5, 6]);
      } finally {
        await runner.close(5_000);
        await queue.close();
        await database.close();
      }
    },
  );

  it('takes again a job whose process died holding it (its lease ran out)', async () => {
    const database = await migratedDatabase('postgres');
    const queue = await openQueue({ redisUrl: undefined }, database.db, silentLogger);
    const job = jobType('t.stalled', async (ctx) => `recovered on attempt ${ctx.attempt}`);
    const { id } = await queue.enqueue(job, { n: 1 });
    // What a killed process leaves behind: an active job whose lease has expired.
    await database.db.execute(
      sql`update local_jobs set state = 'active', attempts_made = 1, locked_until = now() - interval '1 second' where id = ${id}`,
    );
    const runner = await queue.startRunner({
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

  it.each<Backend>(['pglite', 'postgres'])(
    'on %s, fails for good a job whose process died more times than its attempts, calling its hook',
    async (kind) => {
      const database = await migratedDatabase(kind);
      const queue = await openQueue({ redisUrl: undefined }, database.db, silentLogger);
      const hook = failedHook(() => queue);
      let runs = 0;
      const job = jobType('t.died', async () => (runs += 1), {
        attempts: 2,
        onFailed: hook.onFailed,
      });
      const { id } = await queue.enqueue(job, { n: 4 });
      // What a process killed on the last attempt leaves behind: its lease ran out.
      await database.db.execute(
        sql`update local_jobs set state = 'active', attempts_made = 2, locked_until = now() - interval '1 second' where id = ${id}`,
      );
      const runner = await queue.startRunner({
        concurrency: 1,
        jobs: [job],
        deps: { db: database.db, logger: silentLogger, config: testConfig() },
      });
      const info = await waitFor(queue, id, ['completed', 'failed']);
      expect(info).toMatchObject({ state: 'failed', failedReason: DIED_TOO_OFTEN });
      expect(hook.calls).toEqual([
        {
          id,
          name: 't.died',
          payload: { n: 4 },
          reason: DIED_TOO_OFTEN,
          stateDuringHook: 'active',
        },
      ]);
      expect(runs).toBe(0);
      await runner.close(5_000);
      await queue.close();
      await database.close();
    },
  );
});

describe('bullmq backend', () => {
  it('fails for good a job whose worker died more than maxStalledCount times, calling its hook', async () => {
    const url = redisUrl(REDIS_DB);
    const database = await migratedDatabase('postgres');
    const queue = await openQueue({ redisUrl: url }, database.db, silentLogger);
    const hook = failedHook(() => queue);
    let runs = 0;
    const job = jobType('t.died', async () => undefined, { onFailed: hook.onFailed });
    const connections: Redis[] = [];
    const worker = (
      processor: (() => Promise<void>) | null,
      options: Omit<WorkerOptions, 'connection'>,
    ) => {
      const connection = new Redis(url, { maxRetriesPerRequest: null });
      connections.push(connection);
      return new Worker(QUEUE_NAMES.main, processor, { connection, ...options });
    };
    // Moves jobs whose lock ran out back to wait (and past the limit, to fail), takes none.
    const checker = worker(null, {
      autorun: false,
      stalledInterval: 200,
      maxStalledCount: MAX_STALLED_COUNT,
    });
    try {
      await checker.startStalledCheckTimer();
      const { id } = await queue.enqueue(job, { n: 5 });
      // Three workers in turn take the job and die with it (their lock is never renewed).
      for (let death = 1; death <= MAX_STALLED_COUNT + 1; death += 1) {
        const dying = worker(
          async () => {
            runs += 1;
            await neverSettles;
          },
          { skipLockRenewal: true, skipStalledCheck: true, lockDuration: 300 },
        );
        while (runs < death) await sleep(20);
        await dying.close(true);
      }
      const runner = await queue.startRunner({
        concurrency: 1,
        leaseMs: 1_000,
        jobs: [job],
        deps: { db: database.db, logger: silentLogger, config: testConfig() },
      });
      const info = await waitFor(queue, id, ['completed', 'failed']);
      await runner.close(5_000);
      expect(info.state).toBe('failed');
      expect(hook.calls).toMatchObject([
        { id, name: 't.died', payload: { n: 5 }, reason: DIED_TOO_OFTEN },
      ]);
    } finally {
      await checker.close(true);
      for (const connection of connections) connection.disconnect();
      await queue.close();
      await database.close();
    }
  });

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
