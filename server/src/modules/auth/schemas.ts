import { z } from 'zod';

export const signupStatusResponse = z.object({
  open: z.boolean(),
  reason: z.string().nullable(),
});
