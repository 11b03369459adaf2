// One-shot: writes the database (embedded or PostgreSQL) to one archive file, and exits.
// On PostgreSQL it may run beside a running Docket (one consistent snapshot); the embedded
// database allows one process at a time, so a Docket running on it is refused.
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { BackupError, backupDatabase } from '../modules/backup/service.js';
import { embeddedDatabaseInUse } from './healthcheck.js';
import { openRuntime } from './runtime.js';

export async function assertEmbeddedDatabaseFree(config: Config) {
  const inUse = await embeddedDatabaseInUse(config);
  if (inUse) throw new BackupError(inUse);
}

export async function runBackup(config: Config, options: { file: string }): Promise<void> {
  await assertEmbeddedDatabaseFree(config);
  const { logger, database } = await openRuntime(config, 'backup');
  try {
    const file = resolve(options.file);
    const manifest = await backupDatabase(database, file);
    logger.info(
      {
        file,
        schema: manifest.schema.tag,
        rows: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])),
      },
      'backup written',
    );
  } finally {
    await database.close();
  }
}
