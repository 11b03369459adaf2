// The administration commands open the database as the server does, with their own quiet
// logger (warnings on stderr: stdout is the command's answer).
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { CommandError } from './command.js';

/** Imported when a command runs: the command list loads none of this (nor does a worker). */
const infrastructure = () =>
  Promise.all([
    import('../db/client.js'),
    import('../db/migrate.js'),
    import('../db/schema-state.js'),
    import('../lib/logger.js'),
    import('../roles/healthcheck.js'),
  ]);

/**
 * Runs `work` on a database whose schema is this code's. The embedded database is migrated as
 * `docket start` would; a server's is left to `docket migrate`. An embedded database open in a
 * running docket is refused: PGlite has one user at a time, two would corrupt it.
 */
export async function withDatabase<T>(
  config: Config,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const [
    { openDatabase, waitForDatabase },
    { applyMigrations },
    { schemaProblem, schemaState },
    { createLogger },
    { embeddedDatabaseInUse },
  ] = await infrastructure();
  const inUse = await embeddedDatabaseInUse(config);
  if (inUse) throw new CommandError(`${inUse}, or use DATABASE_URL`);
  const logger = createLogger({ logLevel: 'warn' }, 'cli', process.stderr);
  const database = await openDatabase(config, logger);
  try {
    await waitForDatabase(database.db, logger, 10_000);
    if (database.kind === 'pglite') await applyMigrations(database, logger);
    const problem = schemaProblem(await schemaState(database.db));
    if (problem) throw new CommandError(`the database schema is not this version's: ${problem}`);
    return await work(database);
  } finally {
    await database.close();
  }
}
