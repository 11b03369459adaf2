import { z } from 'zod';
import type { JobInfo } from '../../queue/index.js';

export const diagnosticPayload = z.strictObject({
  /** How long the job works, reporting progress as it goes. */
  durationMs: z.number().int().min(0).max(120_000).default(0),
  /** Fail this many first attempts on purpose, to see retries work. */
  failAttempts: z.number().int().min(0).max(4).default(0),
});
export type DiagnosticPayload = z.infer<typeof diagnosticPayload>;

export const enqueueBody = diagnosticPayload.partial();

export const jobIdParams = z.strictObject({ id: z.string().min(1).max(64) });

export const enqueuedResponse = z.object({ id: z.string(), state: z.literal('waiting') });

export const jobResponse = z.object({
  id: z.string(),
  state: z.enum(['waiting', 'delayed', 'active', 'completed', 'failed']),
  progress: z.number(),
  attemptsMade: z.number(),
  failedReason: z.string().optional(),
  processedBy: z.string().optional(),
  /** How many times the job ran to completion: exactly once, whatever crashed on the way. */
  completions: z.number(),
});
export type JobView = z.infer<typeof jobResponse>;

/** The queue's view of the job, with what it recorded of its runs. */
export function toJobView(job: JobInfo, completions: number): JobView {
  const result = job.result as { processedBy?: string } | undefined;
  return {
    id: job.id,
    state: job.state,
    progress: job.progress,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason,
    processedBy: result?.processedBy,
    completions,
  };
}
