/** Who may create an account: anyone, only invited people, or nobody (invitations still work). */
export const SIGNUP_MODES = ['open', 'invite-only', 'closed'] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];
