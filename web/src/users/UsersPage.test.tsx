import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Account, CreatedInvite, Invite, ServerSettings, User } from '../api/types';
import { SessionContext, sessionQuery } from '../app/session';
import { apiError, fakeApi, json, type Routes } from '../../test/fakeApi';
import { renderPage } from '../../test/render';
import { UsersPage } from './UsersPage';

let next = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;

const account = (name: string, changes: Partial<Account> = {}): Account => ({
  id: uuid(),
  email: `${name.toLowerCase()}@example.com`,
  name,
  role: 'user',
  disabled: false,
  createdAt: '2026-05-01T10:00:00.000Z',
  ...changes,
});

const invite = (email: string, changes: Partial<Invite> = {}): Invite => ({
  id: uuid(),
  email,
  role: 'user',
  createdAt: '2026-05-01T10:00:00.000Z',
  expiresAt: '2026-05-08T10:00:00.000Z',
  expired: false,
  ...changes,
});

const ENVIRONMENT: ServerSettings = { signupMode: 'open', signupModeSource: 'environment' };

/** The server as an administrator sees it: these accounts and invitations, no error. */
function server({
  accounts = [],
  invites = [],
  settings = ENVIRONMENT,
  routes = {},
}: { accounts?: Account[]; invites?: Invite[]; settings?: ServerSettings; routes?: Routes } = {}) {
  return fakeApi({
    'GET /api/users': () => json({ items: accounts }),
    'GET /api/users/invites': () => json({ items: invites }),
    'GET /api/settings/server': () => json(settings),
    ...routes,
  });
}

function renderUsers(me: Account | User) {
  const user: User = { id: me.id, email: me.email, name: me.name, role: me.role };
  const view = renderPage(
    <SessionContext value={{ user, signOut: () => Promise.resolve() }}>
      <UsersPage />
    </SessionContext>,
    { path: '/users' },
  );
  view.client.setQueryData(sessionQuery.queryKey, user);
  return view;
}

const row = (list: string, text: string) =>
  within(screen.getByRole('list', { name: list }))
    .getAllByRole('listitem')
    .find((li) => within(li).queryByText(text, { exact: true }));

describe('the Users page', () => {
  it('tells anyone but an administrator that it is not theirs, asking the server nothing', async () => {
    const api = fakeApi({});
    renderUsers(account('Bea'));
    expect(await screen.findByText(/Only an administrator/)).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.calls).toEqual([]);
  });

  it('shows who may sign up and where that comes from, and saves a choice', async () => {
    const ada = account('Ada', { role: 'admin' });
    const api = server({
      accounts: [ada],
      routes: {
        'PATCH /api/settings/server': ({ body }) =>
          json({ ...(body as ServerSettings), signupModeSource: 'database' }),
      },
    });
    const { user } = renderUsers(ada);
    const mode = await screen.findByLabelText<HTMLSelectElement>('Who may sign up');
    expect(mode.value).toBe('open');
    expect(screen.getByText(/server’s default \(ALLOW_SIGNUP\)/)).toBeTruthy();

    await user.selectOptions(mode, 'invite-only');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved. Chosen here; it wins over ALLOW_SIGNUP.')).toBeTruthy();
    expect(api.callsTo('PATCH /api/settings/server')[0]!.body).toEqual({
      signupMode: 'invite-only',
    });
    expect(screen.getByLabelText<HTMLSelectElement>('Who may sign up').value).toBe('invite-only');
  });

  it('creates an invitation, shows its link once to copy, and lists it without the link', async () => {
    const ada = account('Ada', { role: 'admin' });
    const invites: Invite[] = [];
    const url = 'http://docket.test/sign-up?invite=secret-token';
    const api = server({
      accounts: [ada],
      invites,
      routes: {
        'POST /api/users/invites': ({ body }) => {
          const { email, role } = body as { email: string; role: Invite['role'] };
          const created: CreatedInvite = { ...invite(email, { role }), url };
          invites.push(created);
          return json(created, 201);
        },
      },
    });
    const { user } = renderUsers(ada);
    await user.type(await screen.findByLabelText('Email to invite'), 'bea@example.com');
    await user.selectOptions(screen.getByLabelText('Role'), 'admin');
    await user.click(screen.getByRole('button', { name: 'Create invitation' }));

    const link = await screen.findByLabelText<HTMLInputElement>('Invitation link');
    expect(link.value).toBe(url);
    expect(document.activeElement).toBe(link);
    expect(api.callsTo('POST /api/users/invites')[0]!.body).toEqual({
      email: 'bea@example.com',
      role: 'admin',
    });
    const pending = row('Pending invitations', 'bea@example.com')!;
    expect(within(pending).getByText('administrator')).toBeTruthy();
    expect(pending.textContent).not.toContain('secret-token');
    expect(screen.getByLabelText<HTMLInputElement>('Email to invite').value).toBe('');

    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByText('Copied.')).toBeTruthy();
    // user-event's clipboard stands in for the browser's.
    expect(await navigator.clipboard.readText()).toBe(url);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByLabelText('Invitation link')).toBeNull();
    expect(document.body.textContent).not.toContain('secret-token');
  });

  it('withdraws an invitation only once that is confirmed', async () => {
    const ada = account('Ada', { role: 'admin' });
    const bea = invite('bea@example.com', { expired: true });
    const invites = [bea];
    const api = server({
      accounts: [ada],
      invites,
      routes: {
        'DELETE /api/users/invites/:id': ({ params }) => {
          invites.splice(invites.findIndex((i) => i.id === params.id));
          return json(undefined, 204);
        },
      },
    });
    const { user } = renderUsers(ada);
    const withdraw = await screen.findByRole('button', {
      name: 'Withdraw the invitation of bea@example.com',
    });
    expect(row('Pending invitations', 'bea@example.com')!.textContent).toContain('expired');
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    await user.click(withdraw);
    expect(api.callsTo('DELETE /api/users/invites/:id')).toEqual([]);

    confirm.mockReturnValue(true);
    await user.click(withdraw);
    await waitFor(() =>
      expect(screen.queryByRole('list', { name: 'Pending invitations' })).toBeNull(),
    );
    expect(api.callsTo('DELETE /api/users/invites/:id')[0]!.params.id).toBe(bea.id);
  });

  it('changes roles and disables accounts in place, and says why the server refuses', async () => {
    const ada = account('Ada', { role: 'admin' });
    const accounts = [ada, account('Bea')];
    const api = server({
      accounts,
      routes: {
        'PATCH /api/users/:id': ({ params, body }) => {
          if (params.id === ada.id)
            return apiError(409, 'LAST_ADMIN', 'this is the last administrator');
          accounts[1] = { ...accounts[1]!, ...(body as Partial<Account>) };
          return json(accounts[1]);
        },
      },
    });
    const { user, client } = renderUsers(ada);
    expect(within((await screen.findAllByRole('listitem'))[0]!).getByText('(you)')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Make bea@example.com an administrator' }));
    await screen.findByRole('button', { name: 'Remove bea@example.com as administrator' });
    expect(within(row('Accounts', 'Bea')!).getByText('administrator')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Disable bea@example.com' }));
    await screen.findByRole('button', { name: 'Enable bea@example.com' });
    expect(within(row('Accounts', 'Bea')!).getByText('disabled')).toBeTruthy();
    expect(api.callsTo('PATCH /api/users/:id').map((c) => c.body)).toEqual([
      { role: 'admin' },
      { disabled: true },
    ]);
    // Someone else's role: the session stays as it is.
    expect(client.getQueryState(sessionQuery.queryKey)?.isInvalidated).toBe(false);

    await user.click(
      screen.getByRole('button', { name: 'Remove ada@example.com as administrator' }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain(
      'This is the last administrator',
    );
    expect(within(row('Accounts', 'Ada')!).getByText('administrator')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('has the session read again when administrators step themselves down', async () => {
    const ada = account('Ada', { role: 'admin' });
    const bea = account('Bea', { role: 'admin' });
    server({
      accounts: [ada, bea],
      routes: {
        'PATCH /api/users/:id': ({ body }) => json({ ...ada, ...(body as Partial<Account>) }),
      },
    });
    const { user, client } = renderUsers(ada);
    const session = () => client.getQueryState(sessionQuery.queryKey);
    expect(session()?.isInvalidated).toBe(false);
    await user.click(
      await screen.findByRole('button', { name: 'Remove ada@example.com as administrator' }),
    );
    // The app's session query (App.tsx) reads it again, and the Users link goes.
    await waitFor(() => expect(session()?.isInvalidated).toBe(true));
  });

  it('deletes an account with its data given to another, then the focus goes to the list', async () => {
    const ada = account('Ada', { role: 'admin' });
    const bea = account('Bea');
    const cid = account('Cid');
    const accounts = [ada, bea, cid];
    const api = server({
      accounts,
      routes: {
        'DELETE /api/users/:id': ({ params }) => {
          accounts.splice(
            accounts.findIndex((a) => a.id === params.id),
            1,
          );
          return json({ transferred: { documents: 2 } });
        },
      },
    });
    const { user } = renderUsers(ada);
    await user.click(await screen.findByRole('button', { name: 'Delete bea@example.com' }));
    const remove = screen.getByRole<HTMLButtonElement>('button', { name: 'Delete account' });
    // Given away by default, so someone must be chosen first.
    expect(remove.disabled).toBe(true);
    await user.selectOptions(screen.getByLabelText('Give them to'), cid.id);
    await user.click(remove);

    await waitFor(() => expect(row('Accounts', 'Bea')).toBeUndefined());
    const [call] = api.callsTo('DELETE /api/users/:id');
    expect(call!.params.id).toBe(bea.id);
    expect(Object.fromEntries(call!.query)).toEqual({ data: 'transfer', transferTo: cid.id });
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Accounts' }));
  });

  it('deletes an account with its data, when that is chosen', async () => {
    const ada = account('Ada', { role: 'admin' });
    const bea = account('Bea');
    const api = server({
      accounts: [ada, bea],
      routes: { 'DELETE /api/users/:id': () => json({ transferred: {} }) },
    });
    const { user } = renderUsers(ada);
    await user.click(await screen.findByRole('button', { name: 'Delete bea@example.com' }));
    await user.click(screen.getByLabelText('are deleted with it'));
    expect(screen.queryByLabelText('Give them to')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Delete account' }));
    await waitFor(() => expect(api.callsTo('DELETE /api/users/:id')).toHaveLength(1));
    expect(Object.fromEntries(api.callsTo('DELETE /api/users/:id')[0]!.query)).toEqual({
      data: 'delete',
    });
  });
});
