// What the sign-in page says when the server sends the browser back from single sign-on with
// ?error=<code>. Our own sentences: the address bar is anyone's to write, so nothing from it
// is shown but a code of a few plain characters.

const MESSAGES: Record<string, string> = {
  state_mismatch:
    'That single sign-on expired or was started in another window or browser: try again.',
  state_not_found:
    'That single sign-on expired or was started in another window or browser: try again.',
  state_invalid:
    'That single sign-on expired or was started in another window or browser: try again.',
  SSO_ACCOUNT_UNKNOWN:
    'There is no account for you on this server yet: ask an administrator for one, then sign in with single sign-on again.',
  ACCOUNT_DISABLED: 'This account is disabled: ask the administrator of this server.',
  account_not_linked:
    'An account with your email exists here, but your provider did not confirm that the email is yours, so it was not linked: ask an administrator.',
  unable_to_get_user_info:
    'The provider’s answer could not be verified, so you were not signed in: ask an administrator (the server log says why).',
  invalid_code: 'The provider did not accept the sign-in: try again.',
  access_denied: 'The sign-in was cancelled at the provider.',
  email_not_found: 'The provider did not give your email address: ask an administrator.',
};

/** The message for a code from the address, or undefined when there is none. */
export function ssoErrorMessage(code: string | null): string | undefined {
  if (!code) return undefined;
  const known = MESSAGES[code];
  if (known) return known;
  const shown = /^[\w-]{1,60}$/.test(code) ? ` (${code})` : '';
  return `Single sign-on failed${shown}: try again, or ask an administrator.`;
}
