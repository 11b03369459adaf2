// Chooses the job backend from the configuration: BullMQ when REDIS_URL is set, else in-process.
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../lib/logger.js';
import { createLocalQueue } from './local.js';
import type { JobQueue, JobRetention, JobRunner, RunnerOptions } from './types.js';

export * from './types.js';
export { failureReason } from './failure.js';

export async function openQueue(
  config: Pick<Config, 'redisUrl'>,
  db: Db,
  logger: Logger,
  retention?: JobRetention,
): Promise<JobQueue> {
  if (!config.redisUrl) return createLocalQueue(db, retention);
  const { createBullQueue } = await import('./bullmq.js');
  return createBullQueue(config.redisUrl, logger, retention);
}

/** The queue's runner: the queue knows its backend (`config` stays for the roles that call this). */
export function startRunner(
  _config: Pick<Config, 'redisUrl'>,
  queue: JobQueue,
  options: RunnerOptions,
): Promise<JobRunner> {
  return queue.startRunner(options);
}
