// What the API takes from outside, defined once for every feature's schemas: text that
// PostgreSQL can store, single lines without control characters, dates and cursors within the
// years the database holds, and ids in the form the database makes them. A value outside these
// answers 400 naming its field before any query runs, instead of failing in SQL as a 500.
import { z } from 'zod';
import { CURSOR_PROBLEM, readCursor } from './cursor.js';

/** PostgreSQL's text cannot hold U+0000; everything else is stored as given. */
const hasNoNul = (value: string) => !value.includes('\0');
/** C0 and C1 control characters, line breaks and tabs included. */
const CONTROL = /\p{Cc}/u;

/** Free text of many lines: notes, messages, pasted documents. */
export const text = z.string().refine(hasNoNul, 'cannot contain a NUL character');

/** One line, trimmed: titles, names, tags, queries, URLs. */
export const line = z
  .string()
  .trim()
  .refine((value) => !CONTROL.test(value), 'cannot contain control characters or line breaks');

/** A calendar date as YYYY-MM-DD, from year 1 (PostgreSQL has no year 0) to 9999. */
export const date = z.iso
  .date({ error: 'expected a date as YYYY-MM-DD' })
  .refine((value) => !value.startsWith('0000'), 'expected a year from 0001 to 9999');

/** A row's id: a UUID, as the database generates them. */
export const id = z.guid({ error: 'not a valid id' });

/** An account's id, as Better Auth makes them: letters and digits (not a UUID). */
export const accountId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid account id');

/** An email address, compared and stored in lower case as accounts are. */
export const email = z
  .email({ error: 'expected an email address' })
  .max(254, 'an email address has at most 254 characters')
  .toLowerCase();

/** A page cursor exactly as a list returned it. */
export const cursor = z
  .string()
  .max(200)
  .refine((value) => readCursor(value) !== undefined, {
    error: CURSOR_PROBLEM,
  });

/** Path parameters of routes on one row. */
export const idParams = z.strictObject({ id });
