// What a database's schema looks like from outside, to prove that a command changed nothing,
// and a simulated newer release: one migration row this code's journal does not have.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { codeMigrations, type MigrationRecord } from '../../src/db/schema-state.js';

const DAY_MS = 86_400_000;

/** Records a migration one day newer than this code's newest, as a newer Docket would. */
export async function addFutureMigration(db: Db): Promise<MigrationRecord> {
  const future = {
    createdAt: codeMigrations().at(-1)!.createdAt + DAY_MS,
    hash: createHash('sha256').update('a future release').digest('hex'),
  };
  await db.execute(
    sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${future.hash}, ${future.createdAt})`,
  );
  return future;
}

export interface SchemaSnapshot {
  migrations: { id: number; hash: string; created_at: string }[];
  tables: { name: string; rows: number }[];
  indexes: string[];
}

/** The migrations table row for row, every table with its row count, and every index. */
export async function schemaSnapshot(db: Db): Promise<SchemaSnapshot> {
  const tables = await db.execute<{ name: string }>(
    sql`select schemaname || '.' || tablename as name from pg_tables
        where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
  );
  const counted = [];
  for (const { name } of tables.rows) {
    const [schema, table] = name.split('.');
    const count = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(schema!)}.${sql.identifier(table!)}`,
    );
    counted.push({ name, rows: Number(count.rows[0]?.n) });
  }
  const migrations = counted.some((t) => t.name === 'drizzle.__drizzle_migrations')
    ? await db.execute<{ id: number; hash: string; created_at: string }>(
        sql`select id, hash, created_at::text from drizzle.__drizzle_migrations order by id`,
      )
    : { rows: [] };
  const indexes = await db.execute<{ name: string }>(
    sql`select schemaname || '.' || indexname as name from pg_indexes
        where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
  );
  return {
    migrations: migrations.rows,
    tables: counted,
    indexes: indexes.rows.map((row) => row.name),
  };
}
