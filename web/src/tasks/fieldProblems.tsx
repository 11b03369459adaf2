import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

/** What the API said about one body field (or an item of it: body.tags.0), if anything. */
export function fieldProblem(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const name = `body.${field}`;
  return error.fields.find((f) => f.field === name || f.field.startsWith(`${name}.`))?.message;
}

/** Props for a Field: the API's complaint about it in place of its hint, marked invalid. */
export function problemProps(error: unknown, field: string, hint?: ReactNode) {
  const problem = fieldProblem(error, field);
  if (!problem) return { hint };
  return { 'aria-invalid': true, hint: <span className="field-problem">{problem}</span> };
}
