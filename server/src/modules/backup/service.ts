// Backup: every backed-up table, read in primary-key order in batches bounded in bytes, one
// consistent snapshot, into one archive. Restore: checks the whole archive first, brings the
// schema to the archive's migration, loads every table in one transaction, then migrates the
// rest of the way. The same archive restores into PGlite or PostgreSQL, whichever it came from.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Database, Db } from '../../db/client.js';
import { applyMigrations } from '../../db/migrate.js';
import { codeMigrations, schemaState } from '../../db/schema-state.js';
import type { Logger } from '../../lib/logger.js';
import { VERSION } from '../../lib/version.js';
import { ensureVectorIndex, recordedEmbeddings } from '../documents/embedding-settings.js';
import { readCatalog, type TableInfo } from './catalog.js';
import { BACKED_UP, tablesToBackUp } from './coverage.js';
import {
  BackupError,
  FORMAT,
  FORMAT_VERSION,
  MANIFEST_ENTRY,
  partEntryName,
  type Manifest,
  type TableManifest,
} from './format.js';
import {
  countRows,
  dropSchema,
  insertPart,
  resetSequence,
  selectBatch,
  selectTablesWithRows,
  truncateTables,
  updateUnfinishedDocumentsToFailed,
} from './queries.js';
import { readEntries } from './reader.js';
import { sha256, verifyArchive } from './verify.js';
import { createArchive, type ArchiveWriter } from './writer.js';

export { BackupError } from './format.js';

export interface BackupOptions {
  /**
   * About how many bytes of rows one statement reads and one part holds. Batches start at one
   * row and then hold as many rows as fit beside the widest row seen so far in the table.
   */
  partBytes?: number;
}

const DEFAULT_PART_BYTES = 4 * 1024 * 1024;
const MOST_ROWS_PER_BATCH = 1_000;

export const UNFINISHED_DOCUMENT_REASON =
  'its ingestion had not finished when the backup was taken: delete it and add it again';

async function backUpTable(
  db: Db,
  table: TableInfo,
  archive: ArchiveWriter,
  partBytes: number,
): Promise<TableManifest> {
  const manifest: TableManifest = { name: table.name, rows: 0, parts: [] };
  /** Bytes of the widest row read so far: none yet, so the first batch is one row. */
  let widest = 0;
  let afterKey: string | undefined;
  for (;;) {
    const fit = widest === 0 ? 1 : Math.floor(partBytes / widest);
    const limit = Math.max(1, Math.min(MOST_ROWS_PER_BATCH, fit));
    const batch = await selectBatch(db, table, BACKED_UP[table.name], afterKey, limit);
    if (batch.rows.length === 0) return manifest;
    for (const row of batch.rows) widest = Math.max(widest, Buffer.byteLength(row));
    const entry = partEntryName(table.name, manifest.parts.length);
    const content = Buffer.from(`[${batch.rows.join(',')}]`);
    await archive.add(entry, content);
    manifest.parts.push({
      entry,
      rows: batch.rows.length,
      bytes: content.length,
      sha256: sha256(content),
    });
    manifest.rows += batch.rows.length;
    afterKey = batch.lastKey;
    if (batch.rows.length < limit) return manifest;
  }
}

async function embeddingsOf(db: Db): Promise<Manifest['embeddings']> {
  const recorded = await recordedEmbeddings(db);
  if (!recorded) return null;
  const [provider = '', model = ''] = recorded.embeddingModel.split(/:(.*)/s);
  return { provider, model, dimensions: recorded.dimensions };
}

export async function backupDatabase(
  database: Database,
  file: string,
  options: BackupOptions = {},
): Promise<Manifest> {
  const partBytes = options.partBytes ?? DEFAULT_PART_BYTES;
  const state = await schemaState(database.db);
  // An older schema is fine (a backup before an upgrade): restore migrates it the rest of the way.
  if (!state.lastApplied || state.unknown.length > 0)
    throw new BackupError(
      state.lastApplied
        ? `the database has migrations this Docket (${VERSION}) does not know: back up with the Docket version that runs it`
        : 'the database has no Docket schema yet: nothing to back up',
    );
  await mkdir(dirname(file), { recursive: true }).catch((error: Error) => {
    throw new BackupError(`cannot write ${file}: ${error.message}`);
  });
  const archive = createArchive(file);
  try {
    // One snapshot: rows written while the backup runs are in it entirely or not at all.
    const manifest = await database.db.transaction(
      async (tx) => {
        const catalog = await readCatalog(tx);
        const names = new Set(tablesToBackUp(catalog.map((t) => t.name)));
        const tables: TableManifest[] = [];
        for (const table of catalog.filter((t) => names.has(t.name)))
          tables.push(await backUpTable(tx, table, archive, partBytes));
        return {
          format: FORMAT,
          formatVersion: FORMAT_VERSION,
          docketVersion: VERSION,
          createdAt: new Date().toISOString(),
          database: database.kind,
          schema: { tag: state.lastApplied!, count: state.applied.length },
          embeddings: await embeddingsOf(tx),
          tables,
        } satisfies Manifest;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await archive.add(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest, null, 2)));
    await archive.finish();
    return manifest;
  } catch (error) {
    const fileError = await archive.abort(error);
    throw fileError ? new BackupError(`cannot write ${file}: ${fileError.message}`) : error;
  }
}

export interface RestoreOptions {
  /** Replace the data of a database that has some (otherwise refused). */
  force: boolean;
  logger: Logger;
}

/** Refuses an archive whose schema this code does not have (a newer Docket made it). */
function assertKnownSchema(manifest: Manifest) {
  const tags = codeMigrations().map((m) => m.tag);
  const index = tags.indexOf(manifest.schema.tag);
  if (index === -1 || index + 1 !== manifest.schema.count)
    throw new BackupError(
      `the archive's schema (${manifest.schema.tag}, ${manifest.schema.count} migrations, ` +
        `Docket ${manifest.docketVersion}) is newer than this Docket's (${tags.at(-1)}, ` +
        `${tags.length} migrations, Docket ${VERSION}): restore with Docket ${manifest.docketVersion} or later`,
    );
}

/** Brings the target to the archive's schema: empty, or emptied with `force`. */
async function prepareSchema(database: Database, manifest: Manifest, options: RestoreOptions) {
  const names = (await readCatalog(database.db)).map((t) => t.name);
  // A table Docket does not know (another application's) is refused before anything changes.
  tablesToBackUp(names);
  // Only data counts: a rate-limit counter or a finished job is not worth refusing for.
  const withRows = await selectTablesWithRows(
    database.db,
    names.filter((name) => name in BACKED_UP),
  );
  if (withRows.length > 0 && !options.force)
    throw new BackupError(
      `the database is not empty (${withRows.join(', ')} have rows): restore into an empty ` +
        'database, or add --force to replace all of its data with the archive',
    );
  const state = await schemaState(database.db);
  const tags = state.migrations;
  const targetIndex = state.lastApplied ? tags.indexOf(state.lastApplied) : -1;
  if (state.unknown.length > 0 || targetIndex > tags.indexOf(manifest.schema.tag)) {
    // Migrations only go forward: a target ahead of the archive is rebuilt from the start.
    options.logger.info(
      { target: state.lastApplied, archive: manifest.schema.tag },
      'the database schema is newer than the archive: rebuilding it',
    );
    await dropSchema(database.db, names);
  }
  await applyMigrations(database, options.logger, { through: manifest.schema.tag });
}

/** Loads every part, in archive order, checking each part's checksum again as it goes. */
async function loadParts(db: Db, file: string, manifest: Manifest, catalog: TableInfo[]) {
  const byName = new Map(catalog.map((t) => [t.name, t]));
  const partsTable = new Map(
    manifest.tables.flatMap((t) => t.parts.map((p) => [p.entry, { table: t.name, part: p }])),
  );
  for await (const { name, content } of readEntries(file)) {
    if (name === MANIFEST_ENTRY) continue;
    const found = partsTable.get(name);
    if (!found || sha256(content) !== found.part.sha256)
      throw new BackupError(`${name} changed since it was checked: the archive is being modified`);
    await insertPart(db, byName.get(found.table)!, content.toString('utf8'));
  }
}

/** The archive's tables must exist here, in an order where references are loaded first. */
function assertLoadable(manifest: Manifest, catalog: TableInfo[]) {
  const order = catalog.map((t) => t.name);
  const positions = manifest.tables.map((t) => order.indexOf(t.name));
  const missing = manifest.tables.filter((_, i) => positions[i] === -1).map((t) => t.name);
  if (missing.length > 0)
    throw new BackupError(`the archive has tables this schema lacks: ${missing.join(', ')}`);
  if (positions.some((position, i) => i > 0 && position < positions[i - 1]!))
    throw new BackupError('the archive lists its tables out of load order');
}

export async function restoreDatabase(
  database: Database,
  file: string,
  options: RestoreOptions,
): Promise<Manifest> {
  const manifest = await verifyArchive(file);
  assertKnownSchema(manifest);
  await prepareSchema(database, manifest, options);
  await database.db.transaction(async (tx) => {
    const catalog = await readCatalog(tx);
    tablesToBackUp(catalog.map((t) => t.name));
    assertLoadable(manifest, catalog);
    await truncateTables(
      tx,
      catalog.map((t) => t.name),
    );
    await loadParts(tx, file, manifest, catalog);
    for (const table of manifest.tables) {
      const rows = await countRows(tx, table.name);
      if (rows !== table.rows)
        throw new BackupError(
          `${table.name}: ${rows} rows loaded, the manifest says ${table.rows}`,
        );
    }
    for (const table of catalog)
      for (const { column, sequence } of table.sequences)
        await resetSequence(tx, table.name, column, sequence);
    const failed = await updateUnfinishedDocumentsToFailed(tx, UNFINISHED_DOCUMENT_REASON);
    if (failed > 0) options.logger.warn({ documents: failed }, 'unfinished documents failed');
  });
  await applyMigrations(database, options.logger);
  if (manifest.embeddings) await ensureVectorIndex(database.db, manifest.embeddings.dimensions);
  return manifest;
}
