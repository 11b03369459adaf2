// The Redis backend, used when REDIS_URL is set: BullMQ with the settings of its production
// guidance (fail-fast producers, workers that retry forever, bounded close, stalled-job
// detection, finished jobs removed after a while, noeviction checked at start-up).
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.js';
import { settlesWithin } from '../lib/time.js';
import { LEASE_MS } from './local.js';
import {
  clampProgress,
  PermanentJobError,
  type JobInfo,
  type JobQueue,
  type JobRunner,
  type JobState,
  type RunnerOptions,
} from './types.js';

const QUEUE_NAME = 'docket';
const DAY_S = 24 * 60 * 60;

export class RedisEvictionError extends Error {}

/** BullMQ loses jobs if Redis may evict keys; refuse to run on such a Redis. */
async function assertNoEviction(redis: Redis, logger: Logger) {
  let policy: string | undefined;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1];
  } catch (error) {
    logger.warn(
      { err: error },
      'could not read Redis maxmemory-policy (CONFIG disabled?); make sure it is noeviction',
    );
    return;
  }
  if (policy && policy !== 'noeviction')
    throw new RedisEvictionError(
      `REDIS_URL: Redis runs with maxmemory-policy=${policy}; Docket's job queue needs noeviction ` +
        '(start Redis with --maxmemory-policy noeviction, or CONFIG SET maxmemory-policy noeviction)',
    );
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
    failedReason: job.failedReason || undefined,
  };
}

export async function createBullQueue(url: string, logger: Logger): Promise<JobQueue> {
  const redis = redisFor(url, logger, 'producer');
  await redis.connect();
  try {
    await assertNoEviction(redis, logger);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const queue = new Queue(QUEUE_NAME, {
    connection: redis,
    defaultJobOptions: {
      removeOnComplete: { age: DAY_S, count: 1_000 },
      removeOnFail: { age: 7 * DAY_S, count: 5_000 },
    },
  });
  queue.on('error', (error) => logger.warn({ err: error }, 'job queue error'));
  return {
    backend: 'bullmq',
    async enqueue(job, payload) {
      const added = await queue.add(job.name, job.payload.parse(payload), {
        attempts: job.attempts,
        backoff: { type: 'exponential', delay: job.backoffMs },
      });
      return { id: added.id! };
    },
    async get(id) {
      // The state first, then the job: a job read after its state is at least that far along,
      // so a completed job always comes with its result.
      const state = await queue.getJobState(id);
      const job = state === 'unknown' ? undefined : await queue.getJob(id);
      return job ? toJobInfo(job, state) : undefined;
    },
    async counts() {
      const c = await queue.getJobCounts(
        'waiting',
        'prioritized',
        'delayed',
        'active',
        'completed',
        'failed',
      );
      return {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        delayed: c.delayed ?? 0,
        active: c.active ?? 0,
        completed: c.completed ?? 0,
        failed: c.failed ?? 0,
      };
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

export async function startBullRunner(url: string, options: RunnerOptions): Promise<JobRunner> {
  const { logger } = options.deps;
  const redis = redisFor(url, logger, 'worker');
  await redis.connect();
  await assertNoEviction(redis, logger);
  const definitions = new Map(options.jobs.map((job) => [job.name, job]));

  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      const definition = definitions.get(job.name);
      if (!definition) throw new UnrecoverableError(`no handler for job "${job.name}"`);
      const parsed = definition.payload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
      const handler = await definition.loadHandler();
      try {
        const result = await handler(
          {
            id: job.id!,
            name: job.name,
            payload: parsed.data,
            attempt: job.attemptsMade + 1,
            updateProgress: (percent) => job.updateProgress(clampProgress(percent)),
          },
          options.deps,
        );
        await job.updateProgress(100); // as the local backend: a completed job is at 100
        return result;
      } catch (error) {
        if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    {
      connection: redis,
      concurrency: options.concurrency,
      lockDuration: LEASE_MS,
      stalledInterval: LEASE_MS,
      maxStalledCount: 2,
    },
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'job worker error'));
  worker.on('failed', (job, error) =>
    logger.warn({ jobId: job?.id, job: job?.name, reason: error.message }, 'job attempt failed'),
  );
  worker.on('completed', (job) => logger.info({ jobId: job.id, job: job.name }, 'job completed'));

  return {
    isHealthy: () => worker.isRunning() && redis.status === 'ready',
    async close(timeoutMs) {
      // worker.close() waits for running jobs with no limit of its own: bound it.
      const finished = await settlesWithin(worker.close(), timeoutMs);
      if (!finished) await worker.close(true);
      redis.disconnect();
      return finished;
    },
  };
}
