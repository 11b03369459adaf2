// The Redis backend, used when REDIS_URL is set: BullMQ with the settings of its production
// guidance (fail-fast producers, workers that retry forever, bounded close, stalled-job
// detection, finished jobs removed as JOB_RETENTION says, noeviction checked at start-up). Each lane
// is a queue of its own, with a worker of its own in each runner.
import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job, type Processor } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.js';
import { retryWhileStarting, settlesWithin } from '../lib/time.js';
import { callFailedHook, failureReason } from './failure.js';
import {
  clampProgress,
  DEFAULT_LEASE_MS,
  DIED_TOO_OFTEN,
  isLastAttempt,
  JOB_LANES,
  JOB_RETENTION,
  laneSlots,
  PermanentJobError,
  type JobDefinition,
  type JobDeps,
  type JobInfo,
  type JobLane,
  type JobQueue,
  type JobRetention,
  type JobRunner,
  type KeptJobs,
  type JobState,
  type RunnerOptions,
} from './types.js';

/** The client class, for `docket doctor`'s own connection. */
export { Redis };

export const QUEUE_NAMES: Record<JobLane, string> = {
  main: 'docket',
  diagnostics: 'docket-diagnostics',
};
/** A job whose worker died more often than this fails for good (BullMQ's stalled jobs). */
export const MAX_STALLED_COUNT = 2;

/** BullMQ's form of KeptJobs: its age is in seconds. */
const keepJobs = ({ ageMs, count }: KeptJobs) => ({ age: ageMs / 1000, count });

export class RedisEvictionError extends Error {}

/** Redis's maxmemory-policy; throws when its CONFIG command is disabled (some managed Redis). */
export async function maxmemoryPolicy(redis: Redis): Promise<string | undefined> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  return reply[1];
}

/** BullMQ loses jobs if Redis may evict keys: why this policy is refused, if it is. */
export function evictionProblem(policy: string | undefined): string | undefined {
  if (!policy || policy === 'noeviction') return undefined;
  return (
    `REDIS_URL: Redis runs with maxmemory-policy=${policy}; Docket's job queue needs noeviction ` +
    '(start Redis with --maxmemory-policy noeviction, or CONFIG SET maxmemory-policy noeviction)'
  );
}

/** Refuses to run on a Redis that may evict keys. */
async function assertNoEviction(redis: Redis, logger: Logger) {
  let policy: string | undefined;
  try {
    policy = await maxmemoryPolicy(redis);
  } catch (error) {
    logger.warn(
      { err: error },
      'could not read Redis maxmemory-policy (CONFIG disabled?); make sure it is noeviction',
    );
    return;
  }
  const problem = evictionProblem(policy);
  if (problem) throw new RedisEvictionError(problem);
}

function redisFor(url: string, logger: Logger, role: 'producer' | 'worker') {
  const redis = new Redis(url, {
    // Producers fail fast so an HTTP request never hangs on a lost Redis; workers wait forever.
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    connectTimeout: 5_000,
    lazyConnect: true,
  });
  redis.on('error', (error) => logger.warn({ err: error, redis: role }, 'redis connection error'));
  return redis;
}

/**
 * Connects, waiting for a Redis that is not up yet: `connect()` rejects at the first refusal, so
 * each try starts afresh.
 */
const connectWaiting = (redis: Redis, logger: Logger) =>
  retryWhileStarting(
    () =>
      redis.connect().catch((error: unknown) => {
        redis.disconnect();
        throw error;
      }),
    { transient: () => true, onWait: () => logger.info('waiting for Redis') },
  );

function mapState(state: string): JobState {
  if (state === 'completed' || state === 'failed' || state === 'active' || state === 'delayed')
    return state;
  return 'waiting';
}

function toJobInfo(job: Job, state: string): JobInfo {
  return {
    id: job.id!,
    name: job.name,
    state: mapState(state),
    progress: typeof job.progress === 'number' ? job.progress : 0,
    attemptsMade: Math.max(job.attemptsMade, job.attemptsStarted ?? 0),
    result: job.returnvalue ?? undefined,
    failedReason: job.failedReason ? failureReason(job.failedReason) : undefined,
  };
}

export async function createBullQueue(
  url: string,
  logger: Logger,
  retention: JobRetention = JOB_RETENTION,
): Promise<JobQueue> {
  const redis = redisFor(url, logger, 'producer');
  await connectWaiting(redis, logger);
  try {
    await assertNoEviction(redis, logger);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const queues = Object.fromEntries(
    JOB_LANES.map((lane) => {
      const queue = new Queue(QUEUE_NAMES[lane], {
        connection: redis,
        defaultJobOptions: {
          removeOnComplete: keepJobs(retention.completed),
          removeOnFail: keepJobs(retention.failed),
        },
      });
      queue.on('error', (error) => logger.warn({ err: error, lane }, 'job queue error'));
      return [lane, queue];
    }),
  ) as Record<JobLane, Queue>;
  const queue: JobQueue = {
    backend: 'bullmq',
    async enqueue(job, payload, options) {
      const added = await queues[job.lane].add(job.name, job.payload.parse(payload), {
        attempts: job.attempts,
        backoff: { type: 'exponential', delay: job.backoffMs },
        // UUIDs, not BullMQ's counters (one per queue): ids stay unique across lanes.
        jobId: options?.id ?? randomUUID(),
      });
      return { id: added.id! };
    },
    async get(id) {
      for (const lane of Object.values(queues)) {
        // The state first, then the job: a job read after its state is at least that far
        // along, so a completed job always comes with its result.
        const state = await lane.getJobState(id);
        const job = state === 'unknown' ? undefined : await lane.getJob(id);
        if (job) return toJobInfo(job, state);
      }
      return undefined;
    },
    async counts() {
      const counts: Record<JobState, number> = {
        waiting: 0,
        delayed: 0,
        active: 0,
        completed: 0,
        failed: 0,
      };
      for (const lane of Object.values(queues)) {
        const c = await lane.getJobCounts(
          'waiting',
          'prioritized',
          'delayed',
          'active',
          'completed',
          'failed',
        );
        counts.waiting += (c.waiting ?? 0) + (c.prioritized ?? 0);
        counts.delayed += c.delayed ?? 0;
        counts.active += c.active ?? 0;
        counts.completed += c.completed ?? 0;
        counts.failed += c.failed ?? 0;
      }
      return counts;
    },
    async ping() {
      await redis.ping();
    },
    startRunner: (options) => startBullRunner(url, options, queue),
    async close() {
      await Promise.all(Object.values(queues).map((lane) => lane.close()));
      redis.disconnect();
    },
  };
  return queue;
}

export async function startBullRunner(
  url: string,
  options: RunnerOptions,
  jobs: JobQueue,
): Promise<JobRunner> {
  const { leaseMs = DEFAULT_LEASE_MS } = options;
  const deps: JobDeps = { ...options.deps, queue: jobs };
  const { logger } = deps;
  const redis = redisFor(url, logger, 'worker');
  await connectWaiting(redis, logger);
  await assertNoEviction(redis, logger);
  const definitions = new Map(options.jobs.map((job) => [job.name, job]));
  const hooks = new Set<Promise<void>>();

  const processor: Processor = async (job: Job) => {
    const definition = definitions.get(job.name);
    if (!definition) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const parsed = definition.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
    const handler = await definition.loadHandler();
    const lastAttempt = isLastAttempt(job.attemptsMade + 1, job.opts.attempts ?? 1);
    try {
      const result = await handler(
        {
          id: job.id!,
          name: job.name,
          payload: parsed.data,
          attempt: job.attemptsMade + 1,
          isLastAttempt: lastAttempt,
          updateProgress: (percent) => job.updateProgress(clampProgress(percent)),
        },
        deps,
      );
      await job.updateProgress(100); // as the local backend: a completed job is at 100
      return result;
    } catch (error) {
      const permanent = error instanceof PermanentJobError;
      // The hook before BullMQ records the failure: if this process dies in between, the job
      // stalls, and is taken again or fails as stalled, which calls the hook again.
      if (permanent || lastAttempt)
        await callFailedHook(definition, jobOf(job), failureReason(error), deps);
      if (permanent) throw new UnrecoverableError(error.message);
      throw error;
    }
  };

  /** A job that stalled too often is failed by BullMQ without the processor: hook it here. */
  function onFailed(job: Job | undefined, error: Error) {
    logger.warn({ jobId: job?.id, job: job?.name, reason: error.message }, 'job attempt failed');
    if (!job?.deferredFailure) return;
    const hook: Promise<void> = callFailedHook(
      definitions.get(job.name),
      jobOf(job),
      DIED_TOO_OFTEN,
      deps,
    ).finally(() => hooks.delete(hook));
    hooks.add(hook);
  }

  const workers = JOB_LANES.filter((lane) =>
    options.jobs.some((job: JobDefinition) => job.lane === lane),
  ).map((lane) => {
    const worker = new Worker(QUEUE_NAMES[lane], processor, {
      connection: redis,
      concurrency: laneSlots(lane, options.concurrency),
      lockDuration: leaseMs,
      stalledInterval: leaseMs,
      maxStalledCount: MAX_STALLED_COUNT,
    });
    worker.on('error', (error) => logger.warn({ err: error, lane }, 'job worker error'));
    worker.on('failed', onFailed);
    worker.on('stalled', (jobId) => logger.warn({ jobId, lane }, 'job stalled; taken again'));
    worker.on('completed', (job) => logger.info({ jobId: job.id, job: job.name }, 'job completed'));
    return worker;
  });

  return {
    isHealthy: () => workers.every((worker) => worker.isRunning()) && redis.status === 'ready',
    async close(timeoutMs) {
      // worker.close() waits for running jobs with no limit of its own: bound it.
      const drained = Promise.all(workers.map((worker) => worker.close())).then(() =>
        Promise.all(hooks),
      );
      const finished = await settlesWithin(drained, timeoutMs);
      if (!finished) await Promise.all(workers.map((worker) => worker.close(true)));
      redis.disconnect();
      return finished;
    },
  };
}

const jobOf = (job: Job) => ({ id: job.id!, name: job.name, payload: job.data as unknown });
