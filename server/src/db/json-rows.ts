// A page of whole rows read as one JSON value (json_agg), mapped back to the table's row type.
// Why: a driver decodes every column of every row on its own, and PGlite's protocol parser
// copies each value into an ArrayBuffer of its own first; for a page of 50 tasks that was most
// of the request's CPU. One JSON column is decoded once, by JSON.parse (docs/performance.md).
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

const PAGE = 'page';

export interface RowsQuery<T extends PgTable> {
  where: SQL | undefined;
  /** Applied in the query (for its limit) and in the aggregate (for the page's order). */
  orderBy: (table: T) => SQL[];
  limit: number;
}

export async function selectRowsAsJson<T extends PgTable>(
  db: Db,
  table: T,
  { where, orderBy, limit }: RowsQuery<T>,
): Promise<T['$inferSelect'][]> {
  const page = db
    .select()
    .from(table as PgTable)
    .where(where)
    .orderBy(...orderBy(table))
    .limit(limit)
    .as(PAGE);
  // The subquery's fields stand for its columns as the table's do, under the alias.
  const order = sql.join(orderBy(page as unknown as T), sql`, `);
  const [result] = await db
    .select({
      rows: sql<
        Record<string, unknown>[] | null
      >`json_agg(${sql.identifier(PAGE)} order by ${order})`,
    })
    .from(page);
  return (result?.rows ?? []).map((json) => rowFromJson(table, json));
}

/** Each column's value as the driver would have given it (timestamps as Dates, and so on). */
function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>) {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}
