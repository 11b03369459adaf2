import { z } from 'zod';
import { SIGNUP_MODES } from '../settings/modes.js';

export const signupStatusQuery = z.strictObject({
  /** The token of an invitation link (/sign-up?invite=…). */
  invite: z.string().min(1).max(200).optional(),
});

export const signupStatusResponse = z.object({
  /** Whether the form can make an account now (with the invitation, if one was given). */
  open: z.boolean(),
  reason: z.string().nullable(),
  mode: z.enum(SIGNUP_MODES),
  /** The invitation the link carries, while it can be used: its email is the one to sign up with. */
  invite: z.object({ email: z.string(), expiresAt: z.string() }).nullable(),
});

export const ssoResponse = z.object({
  /** Whether single sign-on is set up (OIDC_ISSUER), and its button's label. */
  enabled: z.boolean(),
  label: z.string().nullable(),
  /** Better Auth's provider id, for POST /api/auth/sign-in/social. */
  provider: z.string().nullable(),
});
