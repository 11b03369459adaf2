import { z } from 'zod';

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
