import { screen, waitFor, within } from '@testing-library/react';
import { Route } from 'wouter';
import { describe, expect, it, vi } from 'vitest';
import type { Collection, DocumentItem, Member } from '../api/types';
import { BOB, collection, member, page } from '../../test/collections';
import { apiError, fakeApi, json } from '../../test/fakeApi';
import { renderPage } from '../../test/render';
import { CollectionsPage } from './CollectionsPage';

const doc = (id: string, title: string, owner = { id: 'u1', name: 'Ann' }) =>
  ({ id, title, owner, status: 'ready' }) as DocumentItem;

const renderCollections = (path: string) =>
  renderPage(<Route path="/collections/:id?">{({ id }) => <CollectionsPage id={id} />}</Route>, {
    path,
  });

describe('the Collections page', () => {
  it('lists yours and those shared with you, with your role, and creates one', async () => {
    const shared = collection('Harbour logs', {
      role: 'viewer',
      owner: { ...BOB },
      documentCount: 1,
      memberCount: 2,
    });
    let all: Collection[] = [shared];
    const api = fakeApi({
      'GET /api/collections': () => json(page(all)),
      'POST /api/collections': ({ body }) => {
        const made = collection((body as { name: string }).name);
        all = [made, ...all];
        return json(made, 201);
      },
    });
    const { user } = renderCollections('/collections');
    expect(await screen.findByRole('link', { name: 'Harbour logs' })).toBeTruthy();
    expect(
      screen.getByText('Shared with you by Bob, as a viewer · 1 document · 2 members'),
    ).toBeTruthy();

    await user.type(screen.getByLabelText('Name'), 'Lighthouse');
    await user.type(screen.getByLabelText('Description'), 'Keepers’ notes');
    await user.click(screen.getByRole('button', { name: 'Create collection' }));
    expect(await screen.findByRole('link', { name: 'Lighthouse' })).toBeTruthy();
    expect(api.callsTo('POST /api/collections')[0]!.body).toEqual({
      name: 'Lighthouse',
      description: 'Keepers’ notes',
    });
    expect(screen.getByText('Yours · 0 documents · 0 members')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('');
  });

  it('lets its owner rename it, add and remove documents, share it and delete it', async () => {
    let it = collection('Lighthouse', { description: 'Keepers’ notes' });
    const mine = [doc('d1', 'Tide tables'), doc('d2', 'Brass polish')];
    const theirs = doc('d3', 'Bob’s log', { id: BOB.id, name: 'Bob' });
    let inIt: DocumentItem[] = [theirs];
    let members: Member[] = [member(BOB, 'viewer')];
    const api = fakeApi({
      'GET /api/collections': () => json(page([it])),
      'GET /api/collections/:id': () => json(it),
      'PATCH /api/collections/:id': ({ body }) => json((it = { ...it, ...(body as object) })),
      'DELETE /api/collections/:id': () => json(undefined, 204),
      'GET /api/documents': ({ query }) =>
        json(page(query.get('collectionId') === it.id ? inIt : [...mine, theirs])),
      'PUT /api/collections/:id/documents/:documentId': ({ params }) => {
        inIt = [...inIt, mine.find((d) => d.id === params.documentId)!];
        return json(undefined, 204);
      },
      'DELETE /api/collections/:id/documents/:documentId': ({ params }) => {
        inIt = inIt.filter((d) => d.id !== params.documentId);
        return json(undefined, 204);
      },
      'GET /api/collections/:id/members': () => json(page(members)),
      'POST /api/collections/:id/members': ({ body }) => {
        const { email } = body as { email: string };
        if (email === BOB.email)
          return apiError(409, 'ALREADY_MEMBER', `${email} is a member already`);
        return apiError(404, 'USER_NOT_FOUND', `no account has the email ${email}`);
      },
      'PATCH /api/collections/:id/members/:userId': ({ body }) => {
        members = [{ ...members[0]!, ...(body as object) }];
        return json(members[0]);
      },
      'DELETE /api/collections/:id/members/:userId': () => {
        members = [];
        return json(undefined, 204);
      },
    });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { user } = renderCollections(`/collections/${it.id}`);
    expect(await screen.findByRole('heading', { name: 'Lighthouse', level: 1 })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Rename or describe' }));
    const name = screen.getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Lamp room');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('heading', { name: 'Lamp room', level: 1 })).toBeTruthy();
    expect(api.callsTo('PATCH /api/collections/:id')[0]!.body).toEqual({
      name: 'Lamp room',
      description: 'Keepers’ notes',
    });

    // The picker offers your own documents not in it yet; Bob's is not yours to add.
    const documents = screen.getByRole('region', { name: 'Documents' });
    expect(await within(documents).findByText('by Bob')).toBeTruthy();
    const picker = await within(documents).findByLabelText('Add one of your documents');
    await waitFor(() =>
      expect([...(picker as HTMLSelectElement).options].map((o) => o.text)).toEqual([
        'Tide tables',
        'Brass polish',
      ]),
    );
    await user.selectOptions(picker, 'Brass polish');
    await user.click(within(documents).getByRole('button', { name: 'Add document' }));
    expect(
      await within(documents).findByText('Brass polish', { selector: '.row-name' }),
    ).toBeTruthy();
    expect(api.callsTo('PUT /api/collections/:id/documents/:documentId')[0]!.params).toEqual({
      id: it.id,
      documentId: 'd2',
    });
    await user.click(
      within(documents).getByRole('button', { name: 'Remove Bob’s log from the collection' }),
    );
    await waitFor(() => expect(within(documents).queryByText('Bob’s log')).toBeNull());

    // Sharing: the server's refusals, said plainly; a role changed; a member removed.
    const people = screen.getByRole('region', { name: 'Members' });
    await user.type(within(people).getByLabelText('Email'), 'carol@example.com');
    await user.selectOptions(within(people).getByLabelText('As'), 'editor');
    await user.click(within(people).getByRole('button', { name: 'Share' }));
    expect((await within(people).findByRole('alert')).textContent).toContain(
      'No account has the email carol@example.com',
    );
    expect(api.callsTo('POST /api/collections/:id/members')[0]!.body).toEqual({
      email: 'carol@example.com',
      role: 'editor',
    });
    const email = within(people).getByLabelText('Email');
    await user.clear(email);
    await user.type(email, BOB.email);
    await user.click(within(people).getByRole('button', { name: 'Share' }));
    expect(
      await within(people).findByText('Bob@example.com is a member already', { exact: false }),
    ).toBeTruthy();

    await user.selectOptions(within(people).getByLabelText('Role of Bob'), 'editor');
    await waitFor(() =>
      expect(api.callsTo('PATCH /api/collections/:id/members/:userId')[0]!.body).toEqual({
        role: 'editor',
      }),
    );
    await user.click(within(people).getByRole('button', { name: 'Remove Bob' }));
    expect(await within(people).findByText('Shared with nobody yet.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Delete collection' }));
    await waitFor(() => expect(window.location.pathname).toBe('/collections'));
    expect(api.callsTo('DELETE /api/collections/:id')).toHaveLength(1);
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Delete the collection'));
  });

  it('shows a member what they may do, the server’s 403 plainly, and lets them leave', async () => {
    const it = collection('Harbour logs', { role: 'editor', owner: { ...BOB } });
    const api = fakeApi({
      'GET /api/collections': () => json(page([it])),
      'GET /api/collections/:id': () => json(it),
      'GET /api/documents': ({ query }) =>
        json(page(query.get('collectionId') ? [] : [doc('d1', 'Tide tables')])),
      'PUT /api/collections/:id/documents/:documentId': () =>
        apiError(403, 'FORBIDDEN', 'a viewer cannot add or remove documents'),
      'GET /api/collections/:id/members': () =>
        json(page([member({ ...BOB, id: 'u1' }, 'editor')])),
      'DELETE /api/collections/:id/members/:userId': () => json(undefined, 204),
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { user } = renderCollections(`/collections/${it.id}`);
    expect(await screen.findByText('Shared with you by Bob, as an editor')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rename or describe' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Share' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete collection' })).toBeNull();

    // Made a viewer meanwhile: the server refuses, and the page says why.
    const add = await screen.findByRole('button', { name: 'Add document' });
    await waitFor(() => expect((add as HTMLButtonElement).disabled).toBe(false));
    await user.click(add);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'A viewer cannot add or remove documents',
    );

    await user.click(screen.getByRole('button', { name: 'Leave collection' }));
    await waitFor(() => expect(window.location.pathname).toBe('/collections'));
    expect(api.callsTo('DELETE /api/collections/:id/members/:userId')[0]!.params.userId).toBe('u1');
  });

  it('says so when the collection cannot be seen', async () => {
    fakeApi({
      'GET /api/collections/:id': () => apiError(404, 'NOT_FOUND', 'collection not found'),
    });
    renderCollections('/collections/00000000-0000-4000-8000-000000000000');
    expect((await screen.findByRole('alert')).textContent).toBe('Collection not found');
    expect(screen.getByRole('link', { name: 'All collections' })).toBeTruthy();
  });
});
