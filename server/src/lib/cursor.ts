// Keyset pagination cursors: the (created_at, id) of the last item of a page, opaque to clients.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { AppError } from './errors.js';
import { isUuid } from './ids.js';

export interface CursorPosition {
  createdAt: Date;
  id: string;
}

export const encodeCursor = ({ createdAt, id }: CursorPosition) =>
  Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [
      string,
      string,
    ];
    const date = new Date(createdAt);
    if (!Number.isNaN(date.getTime()) && isUuid(id)) return { createdAt: date, id };
  } catch {
    // fall through to the error below
  }
  throw new AppError(
    400,
    'VALIDATION_ERROR',
    'invalid request: cursor: not a cursor this API returned',
  );
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
