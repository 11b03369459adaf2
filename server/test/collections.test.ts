// Sharing through collections on PGlite and PostgreSQL: an owner shares a collection with a
// viewer and an editor by email; what each may then read and change through documents, search,
// chat and the collection's own routes; removing a member (or a document, or the collection)
// hides the documents again, old conversations' citations included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../src/modules/chat/schemas.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import type { Backend } from './support/databases.js';
import { addText, search } from './support/documents.js';
import { chatEnvOf, startScriptedOpenAI } from './support/scripted-openai.js';
import { createCollection, putDocument, share, userIdOf } from './support/sharing.js';

const LIGHTHOUSE = 'The lanternfish glows beside the lighthouse on foggy nights.';
const DIARY = 'My zeppelin diary: nobody else may read this page.';
const ED_NOTES = 'The quokka smiles at every hiker on the island trail.';

interface Listed {
  items: { id: string; title: string; owner: { id: string; name: string } }[];
}

describe.each<Backend>(['pglite', 'postgres'])('collections on %s', (kind) => {
  let t: TestApp;
  let ann: TestUser;
  let ed: TestUser;
  let vi: TestUser;
  let nobody: TestUser;
  let lighthouse: string;
  let diary: string;
  let edNotes: string;
  let collection: string;
  let viId: string;

  const get = (user: TestUser, url: string) => call(t.app, user, { url });
  const titles = (hits: { title: string }[]) => [...new Set(hits.map((h) => h.title))].sort();

  beforeAll(async () => {
    t = await startTestApp({}, { kind, jobs: 'local' });
    [ann, ed, vi, nobody] = [
      await signUp(t.app, 'ann'),
      await signUp(t.app, 'ed'),
      await signUp(t.app, 'vi'),
      await signUp(t.app, 'nobody'),
    ];
    lighthouse = await addText(t.app, ann, 'Lighthouse', LIGHTHOUSE);
    diary = await addText(t.app, ann, 'Diary', DIARY);
    edNotes = await addText(t.app, ed, 'Ed notes', ED_NOTES);
    collection = await createCollection(t.app, ann, 'Coast');
    expect((await putDocument(t.app, ann, collection, lighthouse)).statusCode).toBe(204);
    viId = await share(t.app, ann, collection, vi, 'viewer');
    await share(t.app, ann, collection, ed, 'editor');
  });
  afterAll(() => t.close());

  it('shows the collection to its owner and members with their role, and to nobody else', async () => {
    const roles = await Promise.all(
      [ann, ed, vi].map(async (user) =>
        (await get(user, `/api/collections/${collection}`)).json<{ role: string }>(),
      ),
    );
    expect(roles.map((c) => c.role)).toEqual(['owner', 'editor', 'viewer']);
    expect(roles[2]).toMatchObject({
      name: 'Coast',
      owner: { email: ann.email },
      documentCount: 1,
      memberCount: 2,
    });
    expect((await get(nobody, `/api/collections/${collection}`)).statusCode).toBe(404);
    const list = (await get(nobody, '/api/collections')).json<{ items: unknown[] }>();
    expect(list.items).toEqual([]);
    const members = (await get(vi, `/api/collections/${collection}/members`)).json<{
      items: { email: string; role: string }[];
    }>();
    expect(members.items.map((m) => [m.email, m.role])).toEqual([
      [vi.email, 'viewer'],
      [ed.email, 'editor'],
    ]);
  });

  it('shares by email only with existing accounts, once, and never with the owner', async () => {
    const add = (email: string) =>
      call(t.app, ann, {
        method: 'POST',
        url: `/api/collections/${collection}/members`,
        payload: { email, role: 'viewer' },
      });
    const unknown = await add('nobody-at-all@example.com');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'USER_NOT_FOUND' } });
    expect((await add(vi.email)).json()).toMatchObject({ error: { code: 'ALREADY_MEMBER' } });
    expect((await add(ann.email)).statusCode).toBe(400);
  });

  it('lets a viewer read a shared document, its original and find it, and nothing private', async () => {
    const listed = (await get(vi, '/api/documents')).json<Listed>();
    expect(listed.items.map((d) => [d.title, d.owner.name])).toEqual([['Lighthouse', 'ann']]);
    expect((await get(vi, `/api/documents/${lighthouse}`)).statusCode).toBe(200);
    const original = await get(vi, `/api/documents/${lighthouse}/original`);
    expect(original.statusCode).toBe(200);
    expect(original.body).toBe(LIGHTHOUSE);
    expect((await get(vi, `/api/documents/${diary}`)).statusCode).toBe(404);
    expect(titles(await search(t.app, vi, 'lanternfish lighthouse'))).toEqual(['Lighthouse']);
    expect(await search(t.app, vi, 'zeppelin diary')).not.toContainEqual(
      expect.objectContaining({ title: 'Diary' }),
    );
    const scoped = await get(vi, `/api/search?q=lanternfish&collectionId=${collection}`);
    expect(titles(scoped.json<{ results: { title: string }[] }>().results)).toEqual(['Lighthouse']);
    // The owner's search covers both, and a collection scope narrows it to the collection.
    expect(titles(await search(t.app, ann, 'zeppelin diary'))).toContain('Diary');
    const annScoped = await get(ann, `/api/search?q=zeppelin+diary&collectionId=${collection}`);
    expect(titles(annScoped.json<{ results: { title: string }[] }>().results)).toEqual([
      'Lighthouse',
    ]);
  });

  it('refuses a viewer every change (403) and hides everything from a non-member (404)', async () => {
    const changes = [
      { method: 'DELETE', url: `/api/documents/${lighthouse}` },
      { method: 'POST', url: `/api/documents/${lighthouse}/cancel` },
      { method: 'PATCH', url: `/api/collections/${collection}`, payload: { name: 'Mine' } },
      { method: 'DELETE', url: `/api/collections/${collection}` },
      { method: 'DELETE', url: `/api/collections/${collection}/documents/${lighthouse}` },
      {
        method: 'POST',
        url: `/api/collections/${collection}/members`,
        payload: { email: nobody.email, role: 'editor' },
      },
    ] as const;
    for (const request of changes) {
      const asViewer = await call(t.app, vi, request);
      expect(asViewer.statusCode, `${request.method} ${request.url}`).toBe(403);
      expect(asViewer.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const asStranger = await call(t.app, nobody, request);
      expect(asStranger.statusCode, `${request.method} ${request.url}`).toBe(404);
    }
    expect((await get(nobody, `/api/documents/${lighthouse}`)).statusCode).toBe(404);
    expect((await get(nobody, `/api/documents/${lighthouse}/original`)).statusCode).toBe(404);
    expect(await search(t.app, nobody, 'lanternfish lighthouse')).toEqual([]);
    const scoped = await get(nobody, `/api/search?q=lanternfish&collectionId=${collection}`);
    expect(scoped.statusCode).toBe(404);
    expect((await get(ann, `/api/documents/${lighthouse}`)).statusCode).toBe(200);
  });

  it('lets an editor add their own documents and remove any, but never re-share another’s', async () => {
    expect((await putDocument(t.app, ed, collection, edNotes)).statusCode).toBe(204);
    expect(titles(await search(t.app, vi, 'quokka hiker island'))).toContain('Ed notes');
    // The owner's private diary is not the editor's to read, let alone share.
    expect((await putDocument(t.app, ed, collection, diary)).statusCode).toBe(404);
    // A shared document is readable, but only its owner can put it in a collection.
    const elsewhere = await createCollection(t.app, ed, 'Ed’s own');
    const reshared = await putDocument(t.app, ed, elsewhere, lighthouse);
    expect(reshared.statusCode).toBe(403);
    expect((await putDocument(t.app, vi, collection, edNotes)).statusCode).toBe(403);

    const removed = await call(t.app, ed, {
      method: 'DELETE',
      url: `/api/collections/${collection}/documents/${lighthouse}`,
    });
    expect(removed.statusCode).toBe(204);
    expect((await get(vi, `/api/documents/${lighthouse}`)).statusCode).toBe(404);
    expect((await putDocument(t.app, ann, collection, lighthouse)).statusCode).toBe(204);
    expect((await get(vi, `/api/documents/${lighthouse}`)).statusCode).toBe(200);
  });

  it('withholds an old answer’s citations once their document is no longer readable', async () => {
    const asked = await call(t.app, vi, {
      method: 'POST',
      url: '/api/chat',
      headers: { accept: 'application/json' },
      payload: { message: 'What glows beside the lighthouse?' },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const { conversationId, message } = asked.json<{
      conversationId: string;
      message: MessageView;
    }>();
    const cited = message.citations.find((c) => c.documentId === lighthouse);
    expect(cited).toMatchObject({ title: 'Lighthouse', text: LIGHTHOUSE });
    const citationsNow = async () =>
      (await get(vi, `/api/conversations/${conversationId}`)).json<{
        messages: MessageView[];
      }>().messages[1]!.citations;
    expect(await citationsNow()).toEqual(message.citations);

    const removed = await call(t.app, ann, {
      method: 'DELETE',
      url: `/api/collections/${collection}/members/${viId}`,
    });
    expect(removed.statusCode).toBe(204);
    expect((await get(vi, `/api/collections/${collection}`)).statusCode).toBe(404);
    expect(await search(t.app, vi, 'lanternfish lighthouse')).toEqual([]);
    const withheld = (await citationsNow()).find((c) => c.documentId === lighthouse)!;
    expect(withheld).toEqual({
      index: cited!.index,
      documentId: lighthouse,
      chunkId: cited!.chunkId,
      title: '',
      text: '',
      withheld: true,
    });
    const body = (await get(vi, `/api/conversations/${conversationId}`)).body;
    expect(body).not.toContain('lanternfish glows');

    // Shared again: the re-check is made on every read, so the passage shows again.
    await share(t.app, ann, collection, vi, 'viewer');
    expect((await citationsNow()).find((c) => c.documentId === lighthouse)).toEqual(cited);
  });

  it('takes a member’s documents out with them when they leave', async () => {
    const edId = await userIdOf(t.app, ed);
    const left = await call(t.app, ed, {
      method: 'DELETE',
      url: `/api/collections/${collection}/members/${edId}`,
    });
    expect(left.statusCode).toBe(204);
    expect(titles(await search(t.app, vi, 'quokka hiker island'))).not.toContain('Ed notes');
    expect((await get(ed, `/api/documents/${edNotes}`)).statusCode).toBe(200);
    expect((await get(ed, `/api/documents/${lighthouse}`)).statusCode).toBe(404);
  });

  it('keeps documents with their owners when a collection or a document is deleted', async () => {
    const other = await createCollection(t.app, ann, 'Second');
    await share(t.app, ann, other, nobody, 'viewer');
    expect((await putDocument(t.app, ann, other, diary)).statusCode).toBe(204);
    expect((await get(nobody, `/api/documents/${diary}`)).statusCode).toBe(200);
    const deleted = await call(t.app, ann, { method: 'DELETE', url: `/api/collections/${other}` });
    expect(deleted.statusCode).toBe(204);
    expect((await get(nobody, `/api/documents/${diary}`)).statusCode).toBe(404);
    expect((await get(ann, `/api/documents/${diary}`)).statusCode).toBe(200);

    const gone = await call(t.app, ann, { method: 'DELETE', url: `/api/documents/${lighthouse}` });
    expect(gone.statusCode).toBe(204);
    const coast = (await get(vi, `/api/collections/${collection}`)).json();
    expect(coast).toMatchObject({ documentCount: 0 });
  });
});

describe('a conversation continued after access was removed (a scripted model stands in)', () => {
  it('does not give the model again the passages its caller can no longer read', async () => {
    const provider = await startScriptedOpenAI();
    const t = await startTestApp(
      {
        ...chatEnvOf(provider),
      },
      { jobs: 'local' },
    );
    try {
      const [ann, vi] = [await signUp(t.app, 'ann'), await signUp(t.app, 'vi')];
      const lighthouse = await addText(t.app, ann, 'Lighthouse', LIGHTHOUSE);
      const coast = await createCollection(t.app, ann, 'Coast');
      await putDocument(t.app, ann, coast, lighthouse);
      const viId = await share(t.app, ann, coast, vi, 'viewer');
      const ask = (message: string, conversationId?: string) =>
        call(t.app, vi, {
          method: 'POST',
          url: '/api/chat',
          headers: { accept: 'application/json' },
          payload: { message, conversationId },
        });
      provider.scriptChat([{ text: `${LIGHTHOUSE} [1]` }]);
      provider.scriptCompletion([{ text: 'Lanternfish' }]);
      const first = await ask('What glows beside the lighthouse?');
      expect(first.statusCode, first.body).toBe(200);
      const { conversationId } = first.json<{ conversationId: string }>();
      await call(t.app, ann, {
        method: 'DELETE',
        url: `/api/collections/${coast}/members/${viId}`,
      });
      provider.scriptChat([{ text: 'I cannot see that any more.' }]);
      expect((await ask('Tell me more', conversationId)).statusCode).toBe(200);
      const sent = JSON.stringify(
        provider
          .chatRequests()
          .filter((r) => r.stream)
          .at(-1)!.messages,
      );
      expect(sent).not.toContain('lanternfish glows');
      expect(sent).toContain('[withheld: ');
    } finally {
      await t.close();
      await provider.close();
    }
  });
});
