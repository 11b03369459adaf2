// The HNSW index's build parameters decide search recall (docs/performance.md#search-recall): a
// new index gets them, and an index built before them is rebuilt by the upgrade, on PGlite
// and on PostgreSQL.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { codeMigrations } from '../src/db/schema-state.js';
import {
  ensureVectorIndex,
  VECTOR_INDEX_PARAMETERS,
} from '../src/modules/documents/embedding-settings.js';
import {
  closedAfterEachTest,
  emptyDatabase,
  migratedDatabase,
  silentLogger,
  type Backend,
} from './support/databases.js';

const open = closedAfterEachTest();

/** The migration that rebuilds vector indexes built with older parameters. */
const REBUILD = '0009_vector_index_ef_construction';

/** Each vector index of document_chunks, by name, with its storage parameters. */
async function vectorIndexes(database: Database) {
  const { rows } = await database.db.execute<{ name: string; options: string[] | null }>(
    sql`select c.relname as name, c.reloptions as options
          from pg_index i join pg_class c on c.oid = i.indexrelid
         where i.indrelid = 'document_chunks'::regclass and c.relname like 'document_chunks_embedding_%'
         order by c.relname`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.options ?? []]));
}

const expectedOptions = Object.entries(VECTOR_INDEX_PARAMETERS).map(([k, v]) => `${k}=${v}`);

describe.each<Backend>(['pglite', 'postgres'])('vector index on %s', (kind) => {
  it('is built with the HNSW parameters', async () => {
    const database = await migratedDatabase(kind);
    open.push(database);
    await ensureVectorIndex(database.db, 48);
    expect(await vectorIndexes(database)).toEqual({
      document_chunks_embedding_48_idx: expectedOptions,
    });
  });

  it('built before them, is dropped by the upgrade and built again with them', async () => {
    const database = await emptyDatabase(kind);
    open.push(database);
    const tags = codeMigrations().map((m) => m.tag);
    await applyMigrations(database, silentLogger, { through: tags[tags.indexOf(REBUILD) - 1] });
    // Two sizes, as the index was created before this migration: pgvector's defaults.
    for (const size of [48, 64])
      await database.db.execute(
        sql.raw(
          `CREATE INDEX document_chunks_embedding_${size}_idx ON document_chunks ` +
            `USING hnsw ((embedding::vector(${size})) vector_cosine_ops) WHERE dimensions = ${size}`,
        ),
      );
    await database.db.execute(
      sql`CREATE INDEX document_chunks_other_idx ON document_chunks (page)`,
    );
    await applyMigrations(database, silentLogger);
    expect(await vectorIndexes(database)).toEqual({});
    await ensureVectorIndex(database.db, 48);
    expect(await vectorIndexes(database)).toEqual({
      document_chunks_embedding_48_idx: expectedOptions,
    });
    const { rows } = await database.db.execute<{ present: boolean }>(
      sql`select to_regclass('document_chunks_other_idx') is not null as present`,
    );
    expect(rows[0]?.present).toBe(true);
  });
});
