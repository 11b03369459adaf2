// Database access for backup and restore, on any table the catalog describes. Rows travel as
// `to_jsonb` text, which both databases write and read the same way and which keeps every type
// exact: bytea as "\x…" hex, vectors as "[…]" text, timestamps to the microsecond, bigints whole.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { TableInfo } from './catalog.js';

const name = (identifier: string) => sql.identifier(identifier);
const list = (identifiers: string[], prefix?: string) =>
  sql.join(
    identifiers.map((column) => (prefix ? sql`${name(prefix)}.${name(column)}` : name(column))),
    sql`, `,
  );

export interface Batch {
  /** Each row as `to_jsonb` text, without generated columns. */
  rows: string[];
  /** The last row's primary key, as JSON: where the next batch starts. */
  lastKey: string | undefined;
}

/** Up to `limit` rows after `afterKey` (from the start without one), in primary-key order. */
export async function selectBatch(
  db: Db,
  table: TableInfo,
  keep: SQL | undefined,
  afterKey: string | undefined,
  limit: number,
): Promise<Batch> {
  const row = table.generated.reduce<SQL>(
    (json, column) => sql`${json} - ${column}::text`,
    sql`to_jsonb(t)`,
  );
  const key = sql`jsonb_build_object(${sql.join(
    table.key.map((column) => sql`${column}::text, t.${name(column)}`),
    sql`, `,
  )})`;
  const conditions = [
    ...(keep ? [keep] : []),
    ...(afterKey === undefined
      ? []
      : [
          sql`(${list(table.key, 't')}) > (select ${list(table.key)} from jsonb_populate_record(null::${name(table.name)}, ${afterKey}::jsonb))`,
        ]),
  ];
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const { rows } = await db.execute<{ row: string; key: string }>(
    sql`select (${row})::text as row, (${key})::text as key from ${name(table.name)} t ${where}
        order by ${list(table.key, 't')} limit ${limit}`,
  );
  return { rows: rows.map((r) => r.row), lastKey: rows.at(-1)?.key };
}

/** Inserts one part: a JSON array of rows as `selectBatch` read them. */
export async function insertPart(db: Db, table: TableInfo, rowsJson: string) {
  await db.execute(
    sql`insert into ${name(table.name)} (${list(table.columns)})
        select ${list(table.columns)} from jsonb_populate_recordset(null::${name(table.name)}, ${rowsJson}::jsonb)`,
  );
}

export async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await db.execute<{ count: string | number }>(
    sql`select count(*) as count from ${name(table)}`,
  );
  return Number(rows[0]!.count);
}

/** The tables among `tables` that hold at least one row. */
export async function selectTablesWithRows(db: Db, tables: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await db.execute(sql`select 1 from ${name(table)} limit 1`);
    if (rows.length > 0) found.push(table);
  }
  return found;
}

export async function truncateTables(db: Db, tables: string[]) {
  if (tables.length > 0) await db.execute(sql`truncate table ${list(tables)}`);
}

/** Drops the application's tables and the migration record: the schema is built again. */
export async function dropSchema(db: Db, tables: string[]) {
  for (const table of tables) await db.execute(sql`drop table if exists ${name(table)} cascade`);
  await db.execute(sql`drop schema if exists drizzle cascade`);
}

/** Moves a serial or identity column's sequence past the restored rows. */
export async function resetSequence(db: Db, table: string, column: string, sequence: string) {
  await db.execute(
    sql`select setval(${sequence}::regclass, coalesce(max(${name(column)}), 0) + 1, false) from ${name(table)}`,
  );
}

/**
 * Documents whose ingestion had not finished when the backup was taken: their jobs stayed with
 * the old queue, so they are failed with a reason that says what to do.
 */
export async function updateUnfinishedDocumentsToFailed(db: Db, reason: string): Promise<number> {
  const { rows } = await db.execute(
    sql`update documents set status = 'failed', error = ${reason}, progress = 0, updated_at = now()
        where status in ('queued', 'processing') returning id`,
  );
  return rows.length;
}
