// `docket backup <file>` and `docket restore <file> [--force]`: the whole database into one
// archive and back (modules/backup, docs/operations.md). What the operator must fix (a damaged
// archive, a database with data, a newer schema) is one line on stderr, exit 1.
import { CommandError, defineCommand } from './command.js';

async function reportingRefusals(work: () => Promise<void>): Promise<void> {
  const [{ BackupError }, { SchemaError }] = await Promise.all([
    import('../modules/backup/format.js'),
    import('../db/schema-state.js'),
  ]);
  try {
    await work();
  } catch (error) {
    if (error instanceof BackupError || error instanceof SchemaError)
      throw new CommandError(error.message);
    throw error;
  }
}

export const backupCommands = [
  defineCommand({
    name: 'backup',
    summary: 'writes the whole database (embedded or PostgreSQL) to one archive file, and exits',
    description:
      'The archive (.tar.gz) holds every account, token, task, conversation and document with its\n' +
      'original bytes, chunks and vectors, and a manifest (version, schema, counts, checksums).\n' +
      'PostgreSQL can be backed up while Docket runs; stop an embedded Docket first.\n' +
      'Compose: docker compose run --rm migrate backup /backups/<file>',
    args: ['<file>'],
    needs: 'config',
    run: ({ config, args }) =>
      reportingRefusals(async () =>
        (await import('../roles/backup.js')).runBackup(config, { file: args[0]! }),
      ),
  }),
  defineCommand({
    name: 'restore',
    summary: 'restores an archive written by backup into an empty database, and exits',
    description:
      'Checks every checksum first, then loads in one transaction; the schema is migrated to the\n' +
      "archive's and then to this version's. Refuses a database that has data (unless --force) and\n" +
      'an archive from a newer Docket. Stop every other Docket process first.',
    args: ['<file>'],
    options: {
      force: {
        type: 'boolean',
        description: 'replace all the data of a database that has some',
      },
    },
    needs: 'config',
    run: ({ config, args, options }) =>
      reportingRefusals(async () =>
        (await import('../roles/restore.js')).runRestore(config, {
          file: args[0]!,
          force: options.force === true,
        }),
      ),
  }),
];
