// Keyset pagination cursors: the (created_at, id) of the last item of a page, opaque to clients.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { invalidInput } from './errors.js';
import { isUuid } from './ids.js';

export interface CursorPosition {
  createdAt: Date;
  id: string;
}

export const encodeCursor = ({ createdAt, id }: CursorPosition) =>
  Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

export const CURSOR_PROBLEM = 'not a cursor this API returned';

/** The years a timestamp may have in a cursor: those PostgreSQL and an ISO string both hold. */
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;

/** The position a cursor stands for, or undefined if the API did not make it. */
export function readCursor(cursor: string): CursorPosition | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
  const [createdAt, id] = decoded as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !isUuid(id)) return undefined;
  const date = new Date(createdAt);
  const year = date.getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR ? { createdAt: date, id } : undefined;
}

/** Schemas check cursors first (lib/input.ts); this guards callers that did not. */
export function decodeCursor(cursor: string): CursorPosition {
  const position = readCursor(cursor);
  if (!position) throw invalidInput('cursor', CURSOR_PROBLEM);
  return position;
}

/** Asks for one row more than the page, to know whether another page follows. */
export function page<Row extends CursorPosition, View>(
  rows: Row[],
  limit: number,
  view: (row: Row) => View,
) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(view),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

/** The rows after the cursor, in newest-first order on (at, id). */
export const afterCursor = (
  at: AnyPgColumn,
  id: AnyPgColumn,
  cursor: CursorPosition | undefined,
): SQL | undefined =>
  cursor &&
  sql`(${at}, ${id}) < (${cursor.createdAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
