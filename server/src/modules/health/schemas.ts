import { z } from 'zod';

export const liveResponse = z.object({ status: z.literal('ok') });

const check = z.object({ ok: z.boolean(), message: z.string().optional() });

export const readyResponse = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.object({ database: check, schema: check, queue: check }),
});

export type ReadyReport = z.infer<typeof readyResponse>;
export type Check = z.infer<typeof check>;
