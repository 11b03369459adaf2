// The in-process backend, used when REDIS_URL is unset. Jobs are rows in the database, so
// they survive a restart; a running job holds a lease that it renews, and a job whose lease
// ran out (its process died) is taken again, as BullMQ does with stalled jobs. Each lane has
// a loop and slots of its own. The database is the cost here (PGlite runs every statement on
// this thread, at about the same cost whatever it does), so a lane's loop records how its
// jobs ended in the statement that takes the next ones (local-queries.ts), enqueues made at
// once share an insert, and finished jobs are pruned in batches.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pingDatabase } from '../db/client.js';
import { settlesWithin } from '../lib/time.js';
import { callFailedHook, failureReason } from './failure.js';
import {
  insertJobs,
  pruneFinished,
  recordAndClaim,
  recordOutcomes,
  type FinishedState,
  type LocalJobRow,
  type NewLocalJob,
  type Outcome,
} from './local-queries.js';
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
  type JobDeps,
  type JobInfo,
  type JobLane,
  type JobQueue,
  type JobRetention,
  type JobRunner,
  type JobState,
  type RunnerOptions,
} from './types.js';
import { batchWrites } from './write-batch.js';

/** How often an idle lane looks for jobs nobody told it about: retries whose delay ran out,
 * leases that ran out, jobs enqueued by another process. */
const POLL_INTERVAL_MS = 1_000;

/**
 * Finished jobs of a lane are pruned once this many have finished since the last prune, when
 * the lane runs out of jobs, and when the runner closes: under a backlog, up to this many more
 * than the retention keeps may be there for a moment.
 */
const PRUNE_AFTER = 100;

/** What the runner shares with its queue: the database, and a signal for each new job. */
interface LocalQueue {
  db: Db;
  /** Emits 'job' with the lane of each job enqueued. */
  enqueued: EventEmitter;
  retention: JobRetention;
  pollMs: number;
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

/** `pollMs`: how often an idle lane looks for work without being told (tests lengthen it). */
export function createLocalQueue(
  db: Db,
  retention: JobRetention = JOB_RETENTION,
  pollMs = POLL_INTERVAL_MS,
): JobQueue {
  const enqueued = new EventEmitter();
  const insert = batchWrites((jobs: NewLocalJob[]) => insertJobs(db, jobs));
  const queue: JobQueue = {
    backend: 'local',
    async enqueue(job, payload, options) {
      const id = options?.id ?? randomUUID();
      await insert({
        id,
        name: job.name,
        payload: job.payload.parse(payload),
        maxAttempts: job.attempts,
        backoffMs: job.backoffMs,
      });
      enqueued.emit('job', job.lane);
      return { id };
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
    startRunner: async (options) =>
      startLocalRunner({ db, enqueued, retention, pollMs }, options, queue),
    close: async () => {
      enqueued.removeAllListeners();
    },
  };
  return queue;
}

/**
 * Wakes a sleeping lane loop. Wakes are counted, so one that comes while the loop is still
 * claiming (its claim may not have seen the new job) makes the loop claim again instead of
 * sleeping until the next poll.
 */
class Wakeup {
  private wakes = 0;
  private readonly sleepers = new Set<() => void>();

  wake() {
    this.wakes += 1;
    this.sleepers.forEach((done) => done());
  }

  /** Taken before a claim, and given to sleep() after it. */
  mark() {
    return this.wakes;
  }

  /** Until `ms` pass or a wake comes; at once if one came since `mark`. */
  sleep(mark: number, ms: number) {
    if (this.wakes !== mark) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.sleepers.delete(done);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}

/** One lane of a runner: its job names, its slots, what wakes its loop, what it must record. */
interface Lane {
  names: string[];
  slots: number;
  wakeup: Wakeup;
  /** Tries that ended, recorded with the lane's next claim. */
  ended: Ended[];
  /** Jobs finished since the last prune, per state. */
  unpruned: Record<FinishedState, number>;
}

/** A try that ended, and what is needed to fail it instead if its result cannot be stored. */
interface Ended {
  row: LocalJobRow;
  definition: JobDefinition | undefined;
  outcome: Outcome;
}

function startLocalRunner(queue: LocalQueue, options: RunnerOptions, jobs: JobQueue): JobRunner {
  const { db } = queue;
  const { leaseMs = DEFAULT_LEASE_MS } = options;
  const deps: JobDeps = { ...options.deps, queue: jobs };
  const definitions = new Map(options.jobs.map((job) => [job.name, job]));
  const lanes = new Map<JobLane, Lane>();
  for (const lane of JOB_LANES) {
    const names = options.jobs.filter((job) => job.lane === lane).map((job) => job.name);
    if (names.length === 0) continue;
    lanes.set(lane, {
      names,
      slots: laneSlots(lane, options.concurrency),
      wakeup: new Wakeup(),
      ended: [],
      unpruned: { completed: 0, failed: 0 },
    });
  }
  let stopped = false;
  let healthy = true;
  const wake = (lane: JobLane) => lanes.get(lane)?.wakeup.wake();
  const wakeAll = () => lanes.forEach((lane) => lane.wakeup.wake());
  queue.enqueued.on('job', wake);

  /** How a failed try ends: for good (its hook called first) or with a retry after a delay. */
  async function failure(
    row: LocalJobRow,
    definition: JobDefinition | undefined,
    error: unknown,
  ): Promise<Outcome> {
    const reason = failureReason(error);
    const permanent = error instanceof PermanentJobError || !definition;
    if (permanent || isLastAttempt(row.attemptsMade, row.maxAttempts)) {
      deps.logger.warn({ jobId: row.id, job: row.name, reason }, 'job failed');
      // The hook first: if this process dies before the job is marked failed, the job is
      // taken again, fails at once (it died too often) and calls the hook again.
      await callFailedHook(definition, row, reason, deps);
      return { id: row.id, state: 'failed', reason };
    }
    const retryInMs = backoffDelay(row.backoffMs, row.attemptsMade);
    deps.logger.info({ jobId: row.id, job: row.name, reason, retryInMs }, 'job will retry');
    return { id: row.id, state: 'waiting', reason, retryInMs };
  }

  /** Runs the job's handler; tells how its try ended (recorded later, with the lane's next claim). */
  async function run(row: LocalJobRow): Promise<Ended> {
    const definition = definitions.get(row.name);
    // A job that ends within a third of its lease is never renewed.
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
      deps.logger.info({ jobId: row.id, job: row.name }, 'job completed');
      return { row, definition, outcome: { id: row.id, state: 'completed', result } };
    } catch (error) {
      return { row, definition, outcome: await failure(row, definition, error) };
    } finally {
      clearInterval(renew);
    }
  }

  const recorded = (lane: Lane, ended: Ended[]) => {
    for (const { outcome } of ended)
      if (outcome.state !== 'waiting') lane.unpruned[outcome.state] += 1;
  };

  /**
   * Records ended tries one by one, after a statement with several failed: a result that
   * cannot be stored fails its try (as a handler's error would), and only that job's.
   */
  async function recordEach(lane: Lane, ended: Ended[]) {
    for (const end of ended) {
      let { outcome } = end;
      try {
        await recordOutcomes(db, [outcome]).catch(async (error: unknown) => {
          if (outcome.state !== 'completed') throw error;
          outcome = await failure(end.row, end.definition, error);
          await recordOutcomes(db, [outcome]);
        });
        recorded(lane, [{ ...end, outcome }]);
      } catch (error) {
        deps.logger.error({ err: error, jobId: end.row.id }, 'could not record how a job ended');
      }
    }
  }

  /**
   * Records the lane's ended tries and takes up to `limit` of its jobs in one statement; when
   * that fails, records them one by one and takes none (unhealthy if the database is down).
   */
  async function recordAndTake(lane: Lane, limit: number): Promise<LocalJobRow[]> {
    const ended = lane.ended.splice(0);
    try {
      const rows =
        limit > 0
          ? await recordAndClaim(
              db,
              ended.map((e) => e.outcome),
              lane.names,
              limit,
              leaseMs,
            )
          : ended.length > 0
            ? await recordOutcomes(
                db,
                ended.map((e) => e.outcome),
              ).then(() => [])
            : [];
      healthy = true;
      recorded(lane, ended);
      return rows;
    } catch (error) {
      healthy = false;
      deps.logger.warn({ err: error }, 'could not take a job from the database');
      await recordEach(lane, ended);
      return [];
    }
  }

  /** Prunes the states in which jobs finished since the last prune (a failure is only logged). */
  async function prune(lane: Lane) {
    for (const state of ['completed', 'failed'] as const) {
      if (lane.unpruned[state] === 0) continue;
      lane.unpruned[state] = 0;
      await pruneFinished(db, lane.names, state, queue.retention).catch((error: unknown) =>
        deps.logger.warn({ err: error }, 'could not remove finished jobs'),
      );
    }
  }

  /**
   * Takes and runs the lane's jobs, at most `slots` at once, as many per claim as slots are
   * free; sleeps when the lane has no more. On close, waits for its jobs, records and prunes.
   */
  async function loop(lane: Lane) {
    const running = new Set<Promise<void>>();
    while (!stopped) {
      const free = lane.slots - running.size;
      if (free <= 0) {
        await Promise.race(running);
        continue;
      }
      const mark = lane.wakeup.mark();
      const rows = await recordAndTake(lane, free);
      for (const row of rows) {
        const job: Promise<void> = run(row).then((ended) => {
          running.delete(job);
          lane.ended.push(ended);
          lane.wakeup.wake();
        });
        running.add(job);
      }
      const drained = rows.length < free;
      if (drained || lane.unpruned.completed + lane.unpruned.failed >= PRUNE_AFTER)
        await prune(lane);
      if (drained) await lane.wakeup.sleep(mark, queue.pollMs);
    }
    await Promise.all(running);
    await recordAndTake(lane, 0);
    await prune(lane);
  }

  const loops = [...lanes.values()].map(loop);

  return {
    isHealthy: () => healthy && !stopped,
    async close(timeoutMs) {
      stopped = true;
      wakeAll();
      queue.enqueued.off('job', wake);
      // Each loop waits for its running jobs, including ones it took just before it stopped.
      return settlesWithin(Promise.all(loops), timeoutMs);
    },
  };
}
