// What every role opens first: its logger and the database, once the database answers (a
// server still starting, as after `docker compose restart`, is waited for; see waitForDatabase).
import type { Config } from '../config.js';
import { openDatabase, waitForDatabase, type Database } from '../db/client.js';
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
  try {
    await waitForDatabase(database.db, logger);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { logger, database };
}
