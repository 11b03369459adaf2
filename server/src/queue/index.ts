// Chooses the job backend from the configuration: BullMQ when REDIS_URL is set, else in-process.
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../lib/logger.js';
import { createLocalQueue } from './local.js';
import type { JobQueue, JobRetention } from './types.js';

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
