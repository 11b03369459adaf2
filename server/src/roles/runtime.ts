// What every role opens first: its logger and the database.
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { createLogger, type Logger } from '../lib/logger.js';

export interface Runtime {
  logger: Logger;
  database: Database;
}

export async function openRuntime(config: Config, role: string): Promise<Runtime> {
  const logger = createLogger(config, role);
  const database = await openDatabase(config, logger);
  logger.info(
    {
      database: database.kind,
      jobs: config.redisUrl ? 'bullmq' : 'in-process',
      dataDir: database.kind === 'pglite' ? config.dataDir : undefined,
      // Where the app will be, on the first line a person reads.
      url: config.publicUrl,
    },
    'starting',
  );
  return { logger, database };
}
