import { describe, expect, it } from 'vitest';
import { ssoErrorMessage } from './ssoErrors';

describe('ssoErrorMessage', () => {
  it('explains the codes the server sends, and nothing when there is none', () => {
    expect(ssoErrorMessage(null)).toBeUndefined();
    expect(ssoErrorMessage('state_mismatch')).toMatch(/started in another window/);
    expect(ssoErrorMessage('SSO_ACCOUNT_UNKNOWN')).toMatch(/no account for you/);
  });

  it('shows an unknown code only if it is a short plain word, never other text', () => {
    expect(ssoErrorMessage('server_error')).toBe(
      'Single sign-on failed (server_error): try again, or ask an administrator.',
    );
    expect(ssoErrorMessage('Call +1 555 0100 to restore your account')).toBe(
      'Single sign-on failed: try again, or ask an administrator.',
    );
  });
});
