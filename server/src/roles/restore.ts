// One-shot: restores an archive written by `backup` into this database (embedded or
// PostgreSQL), and exits. Stop every other Docket process first: the load replaces tables.
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { restoreDatabase } from '../modules/backup/service.js';
import { assertEmbeddedDatabaseFree } from './backup.js';
import { openRuntime } from './runtime.js';

export async function runRestore(
  config: Config,
  options: { file: string; force: boolean },
): Promise<void> {
  await assertEmbeddedDatabaseFree(config);
  const { logger, database } = await openRuntime(config, 'restore');
  try {
    const file = resolve(options.file);
    const manifest = await restoreDatabase(database, file, { force: options.force, logger });
    logger.info(
      {
        file,
        from: {
          docket: manifest.docketVersion,
          database: manifest.database,
          at: manifest.createdAt,
        },
        schema: manifest.schema.tag,
        rows: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])),
      },
      'backup restored',
    );
  } finally {
    await database.close();
  }
}
