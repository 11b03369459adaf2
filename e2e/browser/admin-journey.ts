// The administrator's journey in a real browser, on a fresh server whose OpenID provider the
// test runs: the first account administers; the Users page invites someone while sign-up is
// by invitation only; the invitee signs up through the link and sees no Users page; a
// collection is shared with her and taken back (sharing-journey.ts); single
// sign-on signs the invitee in through the provider's own form (and refuses someone without an
// account, and a disabled account); the last administrator cannot step down. Found by the
// pages' accessible names, as the main journey is; the Users page, the invitation's sign-up
// page and single sign-on's refusal are checked for accessibility (axe) in both themes and
// saved as screenshots, as the main journey's pages are.
import type { Page } from 'playwright-core';
import type { Account } from './sharing-journey.js';
import { shareACollection, signIn, signOut, unshareTheCollection } from './sharing-journey.js';
import { cameraFor, stepsOf } from './steps.js';
import { STEP_TIMEOUT_MS, gone, see, textOf, until } from './waits.js';

export interface AdminJourneyOptions {
  /** Where Docket answers, without a trailing slash. */
  baseUrl: string;
  screenshotDir: string;
  /** The SSO button's label (OIDC_BUTTON_LABEL). */
  ssoLabel: string;
  /** Logins at the provider: one whose email is the invitee's, one Docket does not know. */
  ssoLogins: { invitee: string; stranger: string };
  /** The invitee's email, which the provider gives `ssoLogins.invitee`. */
  inviteeEmail: string;
}

const PASSWORD = 'correct horse battery staple';

/** Resolves with the administrator's account, which the journey made. */
export async function runAdminJourney(page: Page, options: AdminJourneyOptions): Promise<Account> {
  const camera = cameraFor(page, options.screenshotDir);
  const { shoot } = camera;
  const step = stepsOf(page, camera, 'admin journey', 'admin');
  page.setDefaultTimeout(STEP_TIMEOUT_MS);

  const { baseUrl } = options;
  const adminEmail = `ada-${Math.random().toString(36).slice(2, 8)}@example.com`;
  let inviteLink = '';

  await step('the first account signs up and administers', async () => {
    await page.goto(`${baseUrl}/sign-up`);
    await page.getByLabel('Name', { exact: true }).fill('Ada Admin');
    await page.getByLabel('Email', { exact: true }).fill(adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await see(page.getByRole('heading', { name: 'Users', exact: true }), 'the "Users" heading');
  });

  await step('sign-up by invitation only, and an invitation link', async () => {
    await page.getByLabel('Who may sign up', { exact: true }).selectOption('invite-only');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await textOf(page.getByRole('status').filter({ hasText: 'Saved.' }), /wins over/, 'saved');
    await page.getByLabel('Email to invite', { exact: true }).fill(options.inviteeEmail);
    await page.getByRole('button', { name: 'Create invitation', exact: true }).click();
    const link = await see(page.getByLabel('Invitation link', { exact: true }), 'the link');
    inviteLink = await link.inputValue();
    if (!inviteLink.startsWith(`${baseUrl}/sign-up?invite=`))
      throw new Error(`the invitation link is ${inviteLink}`);
    await see(
      page.getByRole('list', { name: 'Pending invitations' }).getByText(options.inviteeEmail),
      'the pending invitation',
    );
    await shoot('users');
  });

  await step('the last administrator cannot step down', async () => {
    await page.getByRole('button', { name: `Remove ${adminEmail} as administrator` }).click();
    await textOf(page.getByRole('alert'), /last administrator/, 'the last-admin refusal');
  });

  await step('sign-up without an invitation is refused, with the reason', async () => {
    await signOut(page);
    await page.goto(`${baseUrl}/sign-up`);
    await textOf(page.getByRole('status'), /by invitation/, 'the invitation-only notice');
  });

  await step('the invitee signs up through the link, and sees no Users page', async () => {
    await page.goto(inviteLink);
    await textOf(page.getByRole('status'), new RegExp(options.inviteeEmail), 'the invitation');
    await page.getByLabel('Name', { exact: true }).fill('Bea Invited');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await shoot('invitation');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await see(page.getByRole('button', { name: 'Sign out', exact: true }), 'signed in');
    await see(page.getByRole('link', { name: 'Tasks', exact: true }), 'the sections');
    if (await page.getByRole('link', { name: 'Users', exact: true }).isVisible())
      throw new Error('the invitee sees the Users link');
    await signOut(page);
  });

  const admin = { email: adminEmail, password: PASSWORD, name: 'Ada Admin' };
  const invitee = { email: options.inviteeEmail, password: PASSWORD, name: 'Bea Invited' };
  await step('a collection shared with the invitee as a viewer: she reads, cannot change', () =>
    shareACollection(page, { baseUrl, owner: admin, viewer: invitee, camera }),
  );
  await step('removed from the collection, the invitee no longer sees its document', () =>
    unshareTheCollection(page, { baseUrl, owner: admin, viewer: invitee }),
  );

  await step('single sign-on: through the provider and back, signed in', async () => {
    await ssoAtProvider(page, options, options.ssoLogins.invitee);
    await see(page.getByRole('button', { name: 'Sign out', exact: true }), 'signed in by SSO');
    await textOf(page.locator('.account-email'), new RegExp(options.inviteeEmail), 'who');
    // The chat page itself (a lazy chunk), not the frame around it still loading.
    await see(page.getByRole('heading', { name: 'Chat', exact: true }), 'the "Chat" heading', {
      state: 'attached',
    });
    await shoot('signed-in-by-sso');
    await signOut(page);
  });

  await step('single sign-on refuses someone without an account, saying so', async () => {
    await ssoAtProvider(page, options, options.ssoLogins.stranger);
    await textOf(page.getByRole('alert'), /no account for you/, 'the refusal');
    await shoot('sso-refused');
  });

  await step('a disabled account cannot sign in by single sign-on either', async () => {
    await signIn(page, baseUrl, admin);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: `Disable ${options.inviteeEmail}` }).click();
    await see(
      page.getByRole('button', { name: `Enable ${options.inviteeEmail}` }),
      'the invitee disabled',
    );
    await shoot('users-accounts');
    await signOut(page);
    await ssoAtProvider(page, options, options.ssoLogins.invitee);
    await textOf(page.getByRole('alert'), /disabled/, 'the disabled refusal');
  });
  return admin;
}

/** From Docket's sign-in page, through the provider's form as `login`, back to Docket. */
async function ssoAtProvider(page: Page, options: AdminJourneyOptions, login: string) {
  // The provider remembers who signed in there last: each sign-in starts without its cookies.
  await page.context().clearCookies();
  await page.goto(`${options.baseUrl}/sign-in`);
  await page.getByRole('button', { name: options.ssoLabel, exact: true }).click();
  // The provider's own development form (oidc-provider): any login, any password.
  const loginField = page.locator('input[name="login"]');
  await see(loginField, "the provider's sign-in form");
  await loginField.fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await until(
    page,
    'back at Docket',
    async () => new URL(page.url()).origin === new URL(options.baseUrl).origin,
  );
  await gone(loginField, "the provider's form");
}
