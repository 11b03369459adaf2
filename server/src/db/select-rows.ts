// A page of whole rows of one table. On the embedded database it is read as one JSON value
// (json_agg) and mapped back to the table's row type: PGlite's protocol parser copies every value
// of every row into an ArrayBuffer of its own before decoding it, which was most of a 50-task
// list's CPU; one JSON column is decoded once, by JSON.parse. On PostgreSQL, node-postgres
// decodes rows without copies and the aggregate only moves work to the server, so rows are read
// as rows there (docs/performance.md, "Reading a page as JSON").
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { isEmbedded, type Db } from './client.js';

const PAGE = 'page';

export interface RowsQuery<T extends PgTable> {
  where: SQL | undefined;
  /** Applied in the query (for its limit) and, as JSON, in the aggregate (for the page's order). */
  orderBy: (table: T) => SQL[];
  limit: number;
}

type Row<T extends PgTable> = T['$inferSelect'];

export async function selectRows<T extends PgTable>(db: Db, table: T, query: RowsQuery<T>) {
  if (isEmbedded(db)) return selectRowsAsJson(db, table, query);
  return (await pageQuery(db, table, query)) as Row<T>[];
}

function pageQuery<T extends PgTable>(db: Db, table: T, { where, orderBy, limit }: RowsQuery<T>) {
  // As the base type: Drizzle's select types cannot follow a generic table.
  const source: PgTable = table;
  return db
    .select()
    .from(source)
    .where(where)
    .orderBy(...orderBy(table))
    .limit(limit);
}

/** Exported for the test that compares it with plain rows on both databases. */
export async function selectRowsAsJson<T extends PgTable>(
  db: Db,
  table: T,
  query: RowsQuery<T>,
): Promise<Row<T>[]> {
  const page = pageQuery(db, table, query).as(PAGE);
  // The subquery's fields stand for its columns as the table's do, under the alias.
  const order = sql.join(query.orderBy(page as unknown as T), sql`, `);
  const json = sql<
    Record<string, unknown>[] | null
  >`json_agg(${sql.identifier(PAGE)} order by ${order})`;
  const [result] = await db.select({ rows: json }).from(page);
  return (result?.rows ?? []).map((row) => rowFromJson(table, row));
}

/** Each column's value as the driver would have given it (timestamps as Dates, and so on). */
function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>) {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as Row<T>;
}
