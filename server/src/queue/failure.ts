// How both backends tell that a job failed. Its reason is stored (local_jobs, a document's error)
// and shown to users whatever the error's message holds: NUL and control characters, a failed
// query with its parameters, megabytes. A reason is one readable line of bounded length, so
// recording it can never fail on its content. A job that fails for good calls its onFailed hook.
import { DrizzleQueryError } from 'drizzle-orm';
import { storableText } from '../lib/storable-text.js';
import type { JobDefinition, JobDeps } from './types.js';

export const MAX_REASON_LENGTH = 500;

const CONTROL_OR_SPACE = /[\s\p{Cc}]+/gu;

/** The error's message as one line of at most MAX_REASON_LENGTH characters; a failed query's
 * cause rather than the query and its parameters (which hold user content). */
export function failureReason(error: unknown): string {
  const cause = error instanceof DrizzleQueryError && error.cause ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  const line = message.replace(CONTROL_OR_SPACE, ' ').trim() || 'unknown error';
  const bounded =
    line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
  return storableText(bounded);
}

/** Calls the definition's onFailed hook; a hook that throws is logged, and the job fails all the same. */
export async function callFailedHook(
  definition: JobDefinition | undefined,
  job: { id: string; name: string; payload: unknown },
  reason: string,
  deps: JobDeps,
): Promise<void> {
  const parsed = definition?.payload.safeParse(job.payload);
  if (!definition?.onFailed || !parsed?.success) return;
  try {
    await definition.onFailed({ id: job.id, name: job.name, payload: parsed.data, reason }, deps);
  } catch (error) {
    deps.logger.error({ err: error, jobId: job.id, job: job.name }, 'the failed job hook failed');
  }
}
