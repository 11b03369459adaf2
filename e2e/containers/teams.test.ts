// Sharing through the web entry on the Compose stack (PostgreSQL + Redis, the worker container
// ingesting): two users, a collection shared as viewer; search and chat see the shared
// document; removing the member hides it again, and the old conversation's citation text with
// it. Scoped tokens are refused through nginx as they are embedded. Steps share one stack.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, signUp, type DocumentView, type SearchResult, type User } from './support/api.js';
import { Stack, waitFor } from './support/docker.js';

const PASSAGE = 'The lighthouse keeper winds the clockwork lantern every dusk at Gannet Point.';

let stack: Stack;
let ann: User;
let bob: User;
let documentId: string;
let collectionId: string;
let conversationId: string;

beforeAll(async () => {
  stack = await Stack.create('teams', ['compose.yaml']);
  const started = Date.now();
  await stack.up();
  console.log(
    `[teams] ${stack.project} healthy in ${((Date.now() - started) / 1000).toFixed(1)} s on port ${stack.webPort}`,
  );
  ann = await signUp(stack, 'Ann');
  bob = await signUp(stack, 'Bob');
});

afterAll(async () => {
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

const as = (user: User) => ({ token: user.token });

async function searchAs(user: User, q: string) {
  const { status, body } = await call<{ results: SearchResult[] }>(
    stack,
    `/api/search?q=${encodeURIComponent(q)}`,
    { auth: as(user) },
  );
  expect(status).toBe(200);
  return body.results;
}

interface Citation {
  documentId: string;
  title: string;
  text: string;
  withheld?: true;
}

describe('sharing a collection through the web entry', () => {
  test('Ann’s document, ingested by the worker, is hers alone', async () => {
    const added = await call<{ id: string }>(stack, '/api/documents', {
      method: 'POST',
      auth: as(ann),
      json: { title: 'Gannet Point', text: PASSAGE },
    });
    expect(added.status).toBe(202);
    documentId = added.body.id;
    await waitFor(
      'the document ready',
      async () => {
        const { body } = await call<DocumentView>(stack, `/api/documents/${documentId}`, {
          auth: as(ann),
        });
        if (body.status === 'failed') throw new Error(`ingestion failed: ${body.error}`);
        return body.status === 'ready' || undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    expect((await searchAs(ann, 'clockwork lantern')).map((r) => r.documentId)).toContain(
      documentId,
    );
    expect(await searchAs(bob, 'clockwork lantern')).toEqual([]);
    const seen = await call(stack, `/api/documents/${documentId}`, { auth: as(bob) });
    expect(seen.status).toBe(404);
  });

  test('shared with Bob as viewer: he finds it, reads it, cannot delete it', async () => {
    const created = await call<{ id: string }>(stack, '/api/collections', {
      method: 'POST',
      auth: as(ann),
      json: { name: 'Coast', description: 'Lighthouse notes' },
    });
    expect(created.status).toBe(201);
    collectionId = created.body.id;
    const put = await call(stack, `/api/collections/${collectionId}/documents/${documentId}`, {
      method: 'PUT',
      auth: as(ann),
    });
    expect(put.status).toBe(204);
    const shared = await call(stack, `/api/collections/${collectionId}/members`, {
      method: 'POST',
      auth: as(ann),
      json: { email: bob.email, role: 'viewer' },
    });
    expect(shared.status).toBe(201);

    const listed = await call<{ items: { id: string; role: string }[] }>(
      stack,
      '/api/collections',
      { auth: as(bob) },
    );
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: collectionId, role: 'viewer' }),
    ]);
    const hits = await searchAs(bob, 'clockwork lantern');
    expect(hits.map((r) => r.documentId)).toContain(documentId);
    const original = await fetch(stack.url(`/api/documents/${documentId}/original`), {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(original.status).toBe(200);
    expect(await original.text()).toBe(PASSAGE);
    const deleted = await call(stack, `/api/documents/${documentId}`, {
      method: 'DELETE',
      auth: as(bob),
    });
    expect(deleted.status).toBe(403);
  });

  test('Bob’s chat cites the shared passage', async () => {
    const asked = await call<{ conversationId: string; message: { citations: Citation[] } }>(
      stack,
      '/api/chat',
      {
        method: 'POST',
        auth: as(bob),
        headers: { accept: 'application/json' },
        json: { message: 'Who winds the clockwork lantern at Gannet Point?' },
      },
    );
    expect(asked.status).toBe(200);
    conversationId = asked.body.conversationId;
    expect(asked.body.message.citations).toContainEqual(
      expect.objectContaining({ documentId, title: 'Gannet Point', text: PASSAGE }),
    );
  });

  test('removing Bob hides the document, and the old conversation’s citation text', async () => {
    const members = await call<{ items: { userId: string; email: string }[] }>(
      stack,
      `/api/collections/${collectionId}/members`,
      { auth: as(ann) },
    );
    const bobId = members.body.items.find((m) => m.email === bob.email)!.userId;
    const removed = await call(stack, `/api/collections/${collectionId}/members/${bobId}`, {
      method: 'DELETE',
      auth: as(ann),
    });
    expect(removed.status).toBe(204);

    expect(await searchAs(bob, 'clockwork lantern')).toEqual([]);
    const seen = await call(stack, `/api/documents/${documentId}`, { auth: as(bob) });
    expect(seen.status).toBe(404);
    const old = await fetch(stack.url(`/api/conversations/${conversationId}`), {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    const text = await old.text();
    expect(old.status).toBe(200);
    const { messages } = JSON.parse(text) as { messages: { citations: Citation[] }[] };
    const citation = messages[1]!.citations.find((c) => c.documentId === documentId);
    expect(citation).toMatchObject({ withheld: true, title: '', text: '' });
    expect(text).not.toContain('clockwork lantern every dusk');
  });

  test('a read-only token reads through nginx and changes nothing; an expired one is refused', async () => {
    const made = await call<{ token: string }>(stack, '/api/tokens', {
      method: 'POST',
      auth: { cookie: ann.cookie },
      json: { name: 'reader', scopes: ['read'] },
    });
    expect(made.status).toBe(201);
    const reader = { token: made.body.token };
    expect((await call(stack, '/api/tasks', { auth: reader })).status).toBe(200);
    const write = await call(stack, '/api/tasks', {
      method: 'POST',
      auth: reader,
      json: { title: 'not allowed' },
    });
    expect(write.status).toBe(403);
    const soon = await call<{ token: string }>(stack, '/api/tokens', {
      method: 'POST',
      auth: { cookie: ann.cookie },
      json: { name: 'brief', expiresAt: new Date(Date.now() + 2_000).toISOString() },
    });
    expect(soon.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await call(stack, '/api/tasks', { auth: { token: soon.body.token } })).status).toBe(
      401,
    );
  });
});
