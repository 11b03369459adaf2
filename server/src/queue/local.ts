// The in-process backend, used when REDIS_URL is unset. Jobs are rows in the database, so
// they survive a restart; a running job holds a lease that it renews, and a job whose lease
// ran out (its process died) is taken again, as BullMQ does with stalled jobs. Each lane has
// a loop and slots of its own. Finished jobs are pruned as BullMQ removes them (JOB_RETENTION).
import { EventEmitter } from 'node:events';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pingDatabase } from '../db/client.js';
import { settlesWithin } from '../lib/time.js';
import { callFailedHook, failureReason } from './failure.js';
import { localJobs } from './tables.js';
import {
  backoffDelay,
  clampProgress,
  DEFAULT_LEASE_MS,
  DIED_TOO_OFTEN,
  isLastAttempt,
  JOB_LANES,
  JOB_RETENTION,
  JOB_STATES,
  laneSlots,
  PermanentJobError,
  type JobDefinition,
  type JobInfo,
  type JobLane,
  type JobQueue,
  type JobRetention,
  type JobRunner,
  type JobState,
  type RunnerOptions,
} from './types.js';

const POLL_INTERVAL_MS = 1_000;

type LocalJobRow = typeof localJobs.$inferSelect;

/** What the runner shares with its queue: the database, and a signal for each new job. */
interface LocalQueue {
  db: Db;
  enqueued: EventEmitter;
  retention: JobRetention;
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

export function createLocalQueue(db: Db, retention: JobRetention = JOB_RETENTION): JobQueue {
  const enqueued = new EventEmitter();
  return {
    backend: 'local',
    async enqueue(job, payload, options) {
      const [row] = await db
        .insert(localJobs)
        .values({
          id: options?.id,
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
    startRunner: async (options) => startLocalRunner({ db, enqueued, retention }, options),
    close: async () => {
      enqueued.removeAllListeners();
    },
  };
}

/** Takes the next runnable job, if any, and leases it to this process. */
async function claimJob(
  db: Db,
  names: string[],
  leaseMs: number,
): Promise<LocalJobRow | undefined> {
  const result = await db.execute<{ id: string }>(sql`
    update local_jobs
       set state = 'active', attempts_made = attempts_made + 1,
           locked_until = now() + make_interval(secs => ${leaseMs / 1000})
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

/** Removes the lane's finished jobs of `state` that the retention no longer keeps (BullMQ
 * keeps them per queue, which is per lane). */
async function pruneFinished(
  db: Db,
  names: string[],
  state: 'completed' | 'failed',
  retention: JobRetention,
) {
  const { ageMs, count } = retention[state];
  await db.execute(sql`
    delete from local_jobs
     where state = ${state} and name in ${names}
       and (finished_at < now() - make_interval(secs => ${ageMs / 1000})
            or id in (select id from local_jobs where state = ${state} and name in ${names}
                       order by finished_at desc, created_at desc offset ${count}))`);
}

function startLocalRunner(queue: LocalQueue, options: RunnerOptions): JobRunner {
  const { db } = queue;
  const { deps, leaseMs = DEFAULT_LEASE_MS } = options;
  const definitions = new Map(options.jobs.map((job) => [job.name, job]));
  const laneNames = (lane: JobLane) =>
    options.jobs.filter((job) => job.lane === lane).map((job) => job.name);
  let stopped = false;
  let healthy = true;
  const wakers = new Set<() => void>();
  const wakeAll = () => wakers.forEach((wake) => wake());
  queue.enqueued.on('job', wakeAll);

  const finish = (id: string, values: Partial<LocalJobRow>) =>
    db
      .update(localJobs)
      .set({ ...values, lockedUntil: null })
      .where(and(eq(localJobs.id, id), eq(localJobs.state, 'active')));

  /** Records the job's end, then prunes its state's finished jobs (a failed prune is only logged). */
  async function end(
    row: LocalJobRow,
    values: Partial<LocalJobRow> & { state: 'completed' | 'failed' },
  ) {
    await finish(row.id, { ...values, finishedAt: new Date() });
    const lane = definitions.get(row.name)?.lane ?? 'main';
    await pruneFinished(db, laneNames(lane), values.state, queue.retention).catch(
      (error: unknown) => deps.logger.warn({ err: error }, 'could not remove finished jobs'),
    );
  }

  async function fail(row: LocalJobRow, definition: JobDefinition | undefined, error: unknown) {
    const reason = failureReason(error);
    const permanent = error instanceof PermanentJobError || !definition;
    if (permanent || isLastAttempt(row.attemptsMade, row.maxAttempts)) {
      deps.logger.warn({ jobId: row.id, job: row.name, reason }, 'job failed');
      // The hook first: if this process dies before the job is marked failed, the job is
      // taken again, fails at once (it died too often) and calls the hook again.
      await callFailedHook(definition, row, reason, deps);
      await end(row, { state: 'failed', failedReason: reason });
      return;
    }
    const delay = backoffDelay(row.backoffMs, row.attemptsMade);
    deps.logger.info({ jobId: row.id, job: row.name, reason, retryInMs: delay }, 'job will retry');
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
        .set({ lockedUntil: new Date(Date.now() + leaseMs) })
        .where(eq(localJobs.id, row.id))
        .catch(() => undefined);
    }, leaseMs / 3);
    try {
      if (!definition) throw new PermanentJobError(`no handler for job "${row.name}"`);
      if (row.attemptsMade > row.maxAttempts) throw new PermanentJobError(DIED_TOO_OFTEN);
      const parsed = definition.payload.safeParse(row.payload);
      if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
      const handler = await definition.loadHandler();
      const result: unknown = await handler(
        {
          id: row.id,
          name: row.name,
          payload: parsed.data,
          attempt: row.attemptsMade,
          isLastAttempt: isLastAttempt(row.attemptsMade, row.maxAttempts),
          updateProgress: async (percent) => {
            await db
              .update(localJobs)
              .set({ progress: clampProgress(percent) })
              .where(eq(localJobs.id, row.id));
          },
        },
        deps,
      );
      await end(row, { state: 'completed', progress: 100, result: result ?? null });
      deps.logger.info({ jobId: row.id, job: row.name }, 'job completed');
    } catch (error) {
      await fail(row, definition, error).catch((e: unknown) =>
        deps.logger.error({ err: e, jobId: row.id }, 'could not record job failure'),
      );
    } finally {
      clearInterval(renew);
    }
  }

  /** Until the poll interval passes or a job is enqueued (or the runner closes). */
  const pause = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        wakers.delete(done);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, POLL_INTERVAL_MS);
      wakers.add(done);
    });

  /** Takes and runs the lane's jobs, at most `slots` at once; on close, waits for its jobs. */
  async function loop(names: string[], slots: number) {
    const running = new Set<Promise<void>>();
    while (!stopped) {
      if (running.size >= slots) {
        await Promise.race(running);
        continue;
      }
      const row = await claimJob(db, names, leaseMs).then(
        (claimed) => ((healthy = true), claimed),
        (error: unknown) => {
          healthy = false;
          deps.logger.warn({ err: error }, 'could not take a job from the database');
          return undefined;
        },
      );
      if (row) {
        const job: Promise<void> = run(row).finally(() => running.delete(job));
        running.add(job);
        continue;
      }
      await pause();
    }
    await Promise.all(running);
  }

  const loops = JOB_LANES.filter((lane) => laneNames(lane).length > 0).map((lane) =>
    loop(laneNames(lane), laneSlots(lane, options.concurrency)),
  );

  return {
    isHealthy: () => healthy && !stopped,
    async close(timeoutMs) {
      stopped = true;
      wakeAll();
      queue.enqueued.off('job', wakeAll);
      // Each loop waits for its running jobs, including one it took just before it stopped.
      return settlesWithin(Promise.all(loops), timeoutMs);
    },
  };
}
