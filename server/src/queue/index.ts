// Chooses the job backend from the configuration: BullMQ when REDIS_URL is set, else in-process.
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../lib/logger.js';
import { createLocalQueue, startLocalRunner, type LocalQueue } from './local.js';
import type { JobQueue, JobRunner, RunnerOptions } from './types.js';

export * from './types.js';
export { failureReason } from './failure.js';

export async function openQueue(
  config: Pick<Config, 'redisUrl'>,
  db: Db,
  logger: Logger,
): Promise<JobQueue> {
  if (!config.redisUrl) return createLocalQueue(db);
  const { createBullQueue } = await import('./bullmq.js');
  return createBullQueue(config.redisUrl, logger);
}

export async function startRunner(
  config: Pick<Config, 'redisUrl'>,
  queue: JobQueue,
  options: RunnerOptions,
): Promise<JobRunner> {
  if (!config.redisUrl) return startLocalRunner(queue as LocalQueue, options);
  const { startBullRunner } = await import('./bullmq.js');
  return startBullRunner(config.redisUrl, options);
}
