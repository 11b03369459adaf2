// What a log line may carry. Logs leave the trust boundary (aggregators, support tickets), so
// user content never reaches them through an error: a failed query's parameters (document
// text, chat messages, embedding vectors, token hashes) are dropped, and every line is bounded
// so that one huge value cannot flood the log or hide the lines around it.
import { DrizzleQueryError } from 'drizzle-orm';
import { pino } from 'pino';

/** Longest string kept in a log line; longer ones are cut with a note of their length. */
export const LOG_STRING_MAX = 1_000;
/** Most array items kept (an embedding vector has hundreds). */
export const LOG_ARRAY_MAX = 20;
const LOG_DEPTH_MAX = 6;

const cut = (text: string) =>
  text.length <= LOG_STRING_MAX
    ? text
    : `${text.slice(0, LOG_STRING_MAX)}… [${text.length - LOG_STRING_MAX} more characters]`;

/** The value with long strings cut, long arrays shortened and deep nesting summarised. */
export function boundForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cut(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= LOG_DEPTH_MAX) return '[nested too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, LOG_ARRAY_MAX).map((item) => boundForLog(item, depth + 1));
    return value.length > LOG_ARRAY_MAX
      ? [...kept, `[${value.length - LOG_ARRAY_MAX} more items]`]
      : kept;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, boundForLog(item, depth + 1)]),
  );
}

/** Longest log line left as it is; a longer one has its values bounded. */
export const LOG_LINE_MAX = 8_000;

/** pino's last step: a line that is too long is parsed and written again with bounded values. */
export function boundLogLine(line: string): string {
  if (line.length <= LOG_LINE_MAX) return line;
  const ending = line.endsWith('\n') ? '\n' : '';
  try {
    return JSON.stringify(boundForLog(JSON.parse(line))) + ending;
  } catch {
    return cut(line) + ending;
  }
}

/** Drops a Drizzle query error's bound values from the message its stack repeats too. */
function withoutParameterText(error: DrizzleQueryError): Error {
  const message = `Failed query: ${cut(error.query)}`;
  const safe = new Error(message, { cause: error.cause });
  safe.name = error.name;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  safe.stack = [`${error.name}: ${message}`, ...frames].join('\n');
  Object.assign(safe, { query: error.query, params: error.params });
  return safe;
}

/**
 * pino's error serializer, without query parameters: Drizzle's error and the drivers' (PGlite's
 * carries `params` too) keep their SQL and lose the values bound to it, causes included.
 */
export function errorForLog(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const safe = error instanceof DrizzleQueryError ? withoutParameterText(error) : error;
  const serialized = pino.stdSerializers.err(safe) as unknown as Record<string, unknown>;
  if (Array.isArray(serialized.params))
    serialized.params = `[${serialized.params.length} values redacted]`;
  if (safe.cause instanceof Error) serialized.cause = errorForLog(safe.cause);
  return serialized;
}
