// The product's journeys through http://127.0.0.1:${WEB_PORT} only, on the compose stack:
// accounts, tokens, tasks and MCP (issue 4); documents ingested by the worker container and
// search, including a kill -9 of the worker in the middle of an ingestion (issue 5); a chat
// turn streamed through nginx (issue 6). Steps share one stack and run in order.
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  call,
  readEvents,
  signIn,
  signUp,
  sql,
  type DocumentView,
  type SearchResult,
  type User,
} from './support/api.js';
import { Stack, docker, statusForDeclaredBody, waitFor } from './support/docker.js';

/** Room for the large text file below (nginx and the api take the limit from it). */
const UPLOAD_MAX_BYTES = 8_000_000;
/** A text file of this size makes ~10,500 chunks: its ingestion lasts many seconds. */
const BIG_TEXT_BYTES = 6_000_000;

let stack: Stack;
let ann: User;
let bob: User;
/** Ann's generated PDF. */
let pdfId: string;

beforeAll(async () => {
  stack = await Stack.create('features', ['compose.yaml'], {
    UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
    // The large text makes about 10,500 chunks, over the default INGEST_MAX_CHUNKS (10,000).
    INGEST_MAX_CHUNKS: '20000',
  });
  const started = Date.now();
  await stack.up();
  console.log(
    `[features] ${stack.project} healthy in ${((Date.now() - started) / 1000).toFixed(1)} s on port ${stack.webPort}`,
  );
});

afterAll(async () => {
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

const as = (user: User) => ({ token: user.token });

/** Plain prose of `bytes` ASCII characters in paragraphs, the same for the same size. */
function bigText(bytes: number): string {
  const words = ['garden', 'river', 'mountain', 'lantern', 'copper', 'violet', 'harbor', 'meadow'];
  const parts: string[] = [];
  let length = 0;
  for (let n = 0; length < bytes; n += 1) {
    const sentence =
      `Entry ${n} notes the ${words[n % words.length]} beside the ` +
      `${words[(n * 3 + 1) % words.length]} at milestone ${n}. ` +
      (n % 8 === 7 ? '\n\n' : '');
    parts.push(sentence);
    length += sentence.length;
  }
  return parts.join('').slice(0, bytes);
}

async function documentOf(user: User, id: string): Promise<DocumentView> {
  const { status, body } = await call<DocumentView>(stack, `/api/documents/${id}`, {
    auth: as(user),
  });
  if (status !== 200) throw new Error(`document ${id} answered ${status}`);
  return body;
}

function waitForReady(user: User, id: string, timeoutMs = 90_000): Promise<DocumentView> {
  return waitFor(
    `document ${id} ready`,
    async () => {
      const doc = await documentOf(user, id);
      if (doc.status === 'failed') throw new Error(`document ${id} failed: ${doc.error}`);
      return doc.status === 'ready' ? doc : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

async function addText(user: User, title: string, text: string): Promise<string> {
  const { status, body } = await call<{ id: string; status: string }>(stack, '/api/documents', {
    method: 'POST',
    auth: as(user),
    json: { title, text },
  });
  expect(status).toBe(202);
  expect(body.status).toBe('queued');
  return body.id;
}

/** A two-page PDF made here, uploaded as a multipart file: 202 queued. */
async function uploadPdf(user: User): Promise<string> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf
    .addPage()
    .drawText('The harbour office opens at nine on weekdays.', { x: 50, y: 700, size: 12, font });
  pdf.addPage().drawText('The lighthouse keeper polishes the brass lens every Tuesday.', {
    x: 50,
    y: 700,
    size: 12,
    font,
  });
  return uploadFile(user, 'keeper.pdf', Buffer.from(await pdf.save()), 'application/pdf');
}

/** A file uploaded as multipart: 202 queued. (Pasted text is limited to JSON_BODY_MAX_BYTES.) */
async function uploadFile(user: User, name: string, bytes: Buffer, type: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const uploaded = await call<{ id: string; status: string }>(stack, '/api/documents', {
    method: 'POST',
    auth: as(user),
    body: form,
  });
  expect(uploaded.status).toBe(202);
  expect(uploaded.body.status).toBe('queued');
  return uploaded.body.id;
}

/** The large text, uploaded as a file: its ingestion lasts many seconds. */
const uploadBigText = (user: User, name: string) =>
  uploadFile(user, name, Buffer.from(bigText(BIG_TEXT_BYTES)), 'text/plain');

const chunkRows = async (id: string) =>
  Number(await sql(stack, `select count(*) from document_chunks where document_id = '${id}'`));

/** "job completed" log lines of documents.ingest jobs in a service's containers. */
async function ingestCompletions(service: string): Promise<number> {
  let count = 0;
  for (const id of await stack.containers(service)) {
    const { stdout, stderr } = await docker(['logs', id]);
    count += `${stdout}${stderr}`
      .split('\n')
      .filter((line) => line.includes('documents.ingest') && line.includes('job completed')).length;
  }
  return count;
}

describe('issue 4: accounts, tokens, tasks and MCP through the web entry', () => {
  test('sign-up, sign-in, get-session, and an API token shown once', async () => {
    ann = await signUp(stack, 'Ann');
    bob = await signUp(stack, 'Bob');

    const signedIn = await signIn(stack, ann.email, ann.password);
    expect(signedIn.status).toBe(200);
    const session = signedIn.setCookie.find((c) => c.includes('session_token'));
    expect(session, 'a session cookie').toBeTruthy();
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i); // PUBLIC_URL is http here
    expect((await signIn(stack, ann.email, 'not the password')).status).toBe(401);

    const current = await call<{ user: { email: string } } | null>(stack, '/api/auth/get-session', {
      auth: { cookie: signedIn.cookie },
    });
    expect(current.status).toBe(200);
    expect(current.body?.user.email).toBe(ann.email);

    const tokens = await call<{ items?: unknown[] } | unknown[]>(stack, '/api/tokens', {
      auth: { cookie: signedIn.cookie },
    });
    expect(tokens.status).toBe(200);
    const listed = JSON.stringify(tokens.body);
    expect(listed).toContain(ann.tokenId);
    expect(listed).not.toContain(ann.token);
  });

  let taskId: string;

  test('tasks CRUD with the token: 201, filtered list, get, patch to done, and 404 for another user', async () => {
    const tag = `e2e-${randomBytes(3).toString('hex')}`;
    const created = await call<{ id: string; status: string; tags: string[] }>(
      stack,
      '/api/tasks',
      {
        method: 'POST',
        auth: as(ann),
        json: { title: 'Renew the passport', dueDate: '2027-06-01', tags: [tag] },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('open');
    taskId = created.body.id;
    const other = await call(stack, '/api/tasks', {
      method: 'POST',
      auth: as(ann),
      json: { title: 'Water the plants' },
    });
    expect(other.status).toBe(201);

    const list = await call<{ items: { id: string }[]; nextCursor: string | null }>(
      stack,
      `/api/tasks?status=open&tag=${tag}&dueBefore=2027-12-31`,
      { auth: as(ann) },
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((t) => t.id)).toEqual([taskId]);

    const got = await call<{ title: string }>(stack, `/api/tasks/${taskId}`, { auth: as(ann) });
    expect(got.status).toBe(200);
    expect(got.body.title).toBe('Renew the passport');

    // Bob: Ann's task is "not found", for reading, changing and deleting.
    expect((await call(stack, `/api/tasks/${taskId}`, { auth: as(bob) })).status).toBe(404);
    expect(
      (
        await call(stack, `/api/tasks/${taskId}`, {
          method: 'PATCH',
          auth: as(bob),
          json: { title: 'mine now' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(stack, `/api/tasks/${taskId}`, { method: 'DELETE', auth: as(bob) })).status,
    ).toBe(404);
    expect(
      (await call<{ items: unknown[] }>(stack, '/api/tasks', { auth: as(bob) })).body.items,
    ).toEqual([]);

    const done = await call<{ status: string; completedAt: string | null; title: string }>(
      stack,
      `/api/tasks/${taskId}`,
      { method: 'PATCH', auth: as(ann), json: { status: 'done' } },
    );
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(done.body.completedAt).toBeTruthy();
    expect(done.body.title).toBe('Renew the passport');

    const removed = await fetch(stack.url(`/api/tasks/${taskId}`), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ann.token}` },
    });
    expect(removed.status).toBe(204);
    expect((await call(stack, `/api/tasks/${taskId}`, { auth: as(ann) })).status).toBe(404);
  });

  test('401 with a JSON error without credentials: /api/tasks, /api/tokens, /api/mcp', async () => {
    const requests: [string, RequestInit][] = [
      ['/api/tasks', {}],
      ['/api/tokens', {}],
      [
        '/api/mcp',
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'initialize',
            params: {
              protocolVersion: '2025-06-18',
              capabilities: {},
              clientInfo: { name: 'e2e', version: '0' },
            },
          }),
        },
      ],
    ];
    for (const [path, init] of requests) {
      const response = await fetch(stack.url(path), init);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type'), path).toContain('application/json');
      const body = (await response.json()) as { error?: { code?: string } };
      expect(body.error?.code, path).toBe('UNAUTHORIZED');
    }
  });

  test('a revoked token stops working at once (REST and MCP)', async () => {
    const created = await call<{ id: string; token: string }>(stack, '/api/tokens', {
      method: 'POST',
      auth: { cookie: ann.cookie },
      json: { name: 'to revoke' },
    });
    expect(created.status).toBe(201);
    const spare = { token: created.body.token };
    expect((await call(stack, '/api/tasks', { auth: spare })).status).toBe(200);

    const revoked = await fetch(stack.url(`/api/tokens/${created.body.id}`), {
      method: 'DELETE',
      headers: { cookie: ann.cookie, origin: stack.url('').replace(/\/$/, '') },
    });
    expect(revoked.status).toBe(204);
    expect((await call(stack, '/api/tasks', { auth: spare })).status).toBe(401);
    const mcp = await fetch(stack.url('/api/mcp'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${spare.token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(mcp.status).toBe(401);
    // Ann's other token is untouched.
    expect((await call(stack, '/api/tasks', { auth: as(ann) })).status).toBe(200);
  });

  test('MCP through web with the SDK client: list tools, create, list, complete, delete a task', async () => {
    const connect = async (user: User) => {
      const client = new Client({ name: 'docket-container-suite', version: '0.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(stack.url('/api/mcp')), {
          requestInit: { headers: { authorization: `Bearer ${user.token}` } },
        }),
      );
      return client;
    };
    type Result = { isError?: boolean; structuredContent?: Record<string, unknown> };
    const client = await connect(ann);
    const intruder = await connect(bob);
    try {
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      for (const name of [
        'create_task',
        'list_tasks',
        'update_task',
        'complete_task',
        'delete_task',
        'search_documents',
      ])
        expect(names).toContain(name);
      expect(tools.find((t) => t.name === 'create_task')?.inputSchema.properties).toHaveProperty(
        'title',
      );

      const title = `Call the plumber ${randomBytes(3).toString('hex')}`;
      const created = (await client.callTool({
        name: 'create_task',
        arguments: { title, tags: ['mcp'] },
      })) as Result;
      expect(created.isError).toBeFalsy();
      const id = created.structuredContent?.id as string;
      expect(id).toBeTruthy();
      // The same task is there for REST.
      expect((await call(stack, `/api/tasks/${id}`, { auth: as(ann) })).status).toBe(200);

      const listed = (await client.callTool({
        name: 'list_tasks',
        arguments: { tag: 'mcp' },
      })) as Result;
      expect((listed.structuredContent?.items as { id: string }[]).map((t) => t.id)).toEqual([id]);

      // Bob's token cannot reach Ann's task through MCP either.
      const stolen = (await intruder.callTool({
        name: 'complete_task',
        arguments: { id },
      })) as Result;
      expect(stolen.isError).toBe(true);

      const completed = (await client.callTool({
        name: 'complete_task',
        arguments: { id },
      })) as Result;
      expect(completed.structuredContent?.status).toBe('done');

      const deleted = (await client.callTool({ name: 'delete_task', arguments: { id } })) as Result;
      expect(deleted.isError).toBeFalsy();
      expect((await call(stack, `/api/tasks/${id}`, { auth: as(ann) })).status).toBe(404);
    } finally {
      await client.close();
      await intruder.close();
    }
  });
});

describe('issue 5: documents ingested by the worker container, found by search', () => {
  test('a generated PDF (multipart) and pasted text (JSON): 202 queued, ready, found by search', async () => {
    const before = await ingestCompletions('worker');
    pdfId = await uploadPdf(ann);
    const textId = await addText(
      ann,
      'Garden notes',
      '# Roses\n\nPrune the climbing roses in late winter, before the buds swell.\n',
    );

    const [pdfDoc, textDoc] = await Promise.all([
      waitForReady(ann, pdfId),
      waitForReady(ann, textId),
    ]);
    expect(pdfDoc.chunkCount).toBeGreaterThan(0);
    expect(textDoc.chunkCount).toBeGreaterThan(0);
    // The worker container ran both jobs; the api ran none.
    expect(await ingestCompletions('worker')).toBeGreaterThanOrEqual(before + 2);
    expect(await ingestCompletions('api')).toBe(0);

    const search = async (user: User, q: string) => {
      const { status, body } = await call<{ results: SearchResult[] }>(
        stack,
        `/api/search?q=${encodeURIComponent(q)}&limit=5`,
        { auth: as(user) },
      );
      expect(status).toBe(200);
      return body.results;
    };
    const [lens] = await search(ann, 'lighthouse keeper brass lens');
    expect(lens?.documentId).toBe(pdfId);
    expect(lens?.page).toBe(2);
    expect(lens?.text).toContain('brass lens');
    const [roses] = await search(ann, 'prune climbing roses');
    expect(roses?.documentId).toBe(textId);
    expect(roses?.heading).toBe('Roses');
    // Bob finds none of Ann's documents, and cannot read them by id.
    expect(
      (await search(bob, 'lighthouse keeper brass lens')).filter((r) => r.documentId === pdfId),
    ).toEqual([]);
    expect((await call(stack, `/api/documents/${pdfId}`, { auth: as(bob) })).status).toBe(404);
  });

  test('413 over UPLOAD_MAX_BYTES, 415 for binary content; nothing stored', async () => {
    const count = async () =>
      (await call<{ items: unknown[] }>(stack, '/api/documents?limit=100', { auth: as(ann) })).body
        .items.length;
    const before = await count();
    expect(await statusForDeclaredBody(stack.url('/api/documents'), UPLOAD_MAX_BYTES + 1)).toBe(
      413,
    );

    // A GIF: a picture, but not one Docket reads (PNG and JPEG are OCR'd).
    const gif = Buffer.concat([Buffer.from('GIF89a'), randomBytes(4096)]);
    const form = new FormData();
    form.append('file', new Blob([gif]), 'notes.txt');
    const refused = await call<{ error: { code: string } }>(stack, '/api/documents', {
      method: 'POST',
      auth: as(ann),
      body: form,
    });
    expect(refused.status).toBe(415);
    expect(await count()).toBe(before);
  });

  let bigChunks: number;

  test(`a large text file (${BIG_TEXT_BYTES / 1e6} MB) is ingested by the worker`, async () => {
    const started = Date.now();
    const id = await uploadBigText(ann, 'Big ledger.txt');
    const doc = await waitForReady(ann, id, 180_000);
    const seconds = (Date.now() - started) / 1000;
    bigChunks = doc.chunkCount;
    expect(await chunkRows(id)).toBe(bigChunks);
    console.log(
      `[features] big document: ${BIG_TEXT_BYTES / 1e6} MB, ${bigChunks} chunks, ready in ${seconds.toFixed(1)} s ` +
        `(${(bigChunks / seconds).toFixed(0)} chunks/s)`,
    );
  });

  test('kill -9 of the worker in the middle of an ingestion: ready once a worker is back, one copy of its chunks', async () => {
    const worker = await stack.container('worker');
    const id = await uploadBigText(ann, 'Big ledger, interrupted.txt');
    const during = await waitFor(
      `document ${id} processing`,
      async () => {
        const doc = await documentOf(ann, id);
        return doc.status === 'processing' && doc.progress >= 35 && doc.progress < 100
          ? doc
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    await docker(['kill', '--signal', 'KILL', worker]);
    const killed = await stack.inspect(worker);
    expect(killed.State.Running).toBe(false);
    expect(killed.State.ExitCode).toBe(137);
    const stopped = await documentOf(ann, id);
    console.log(
      `[features] worker killed during ingestion at ${during.progress}% (now ${stopped.status} ${stopped.progress}%)`,
    );
    expect(stopped.status).toBe('processing');
    expect(stopped.progress).toBeLessThan(100);
    // Chunks are written in short batches; the next try first deletes what the killed one stored.

    const started = Date.now();
    await stack.up(['worker']);
    const doc = await waitForReady(ann, id, 240_000);
    console.log(
      `[features] killed ingestion ready ${((Date.now() - started) / 1000).toFixed(0)} s after the worker came back`,
    );
    expect(doc.chunkCount).toBe(bigChunks);
    expect(await chunkRows(id)).toBe(doc.chunkCount);
    expect(
      Number(
        await sql(
          stack,
          `select count(distinct chunk_index) from document_chunks where document_id = '${id}'`,
        ),
      ),
    ).toBe(doc.chunkCount);
  });
});

describe('issue 6: a chat turn through the web entry', () => {
  test('streams unbuffered through nginx, cites the document, and is saved', async () => {
    // A question whose words are in every chunk of the two large documents: ranking some
    // 21,000 full-text matches makes the answer take a while after its first event, which is
    // what an unbuffered proxy lets through as it comes.
    const ledgers = (
      await call<{ items: { id: string; title: string }[] }>(stack, '/api/documents?limit=100', {
        auth: as(ann),
      })
    ).body.items
      .filter((d) => d.title.startsWith('Big ledger'))
      .map((d) => d.id);
    expect(ledgers).toHaveLength(2);
    const sent = Date.now();
    const response = await fetch(stack.url('/api/chat'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ann.token}`,
        'content-type': 'application/json',
        accept: 'text/event-stream',
      },
      body: JSON.stringify({
        message: 'Which entry notes the garden beside the river at a milestone?',
      }),
      signal: AbortSignal.timeout(60_000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('content-encoding')).toBeNull();
    const events = await readEvents(response);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('conversation');
    expect(names.at(-1)).toBe('done');
    expect(names).toContain('text');
    expect(names).not.toContain('error');

    const first = events[0]!;
    const done = events.at(-1)!;
    const conversationId = done.data.conversationId as string;
    const messageId = done.data.messageId as string;
    expect(conversationId).toBeTruthy();
    expect(messageId).toBeTruthy();
    expect(first.data.conversationId).toBe(conversationId);

    const text = events
      .filter((e) => e.event === 'text')
      .map((e) => e.data.text as string)
      .join('');
    expect(text).toContain('[1]');
    expect(text).toContain('milestone');
    const citations = events.find((e) => e.event === 'citations')?.data.citations as {
      index: number;
      documentId: string;
      page?: number;
    }[];
    expect(ledgers).toContain(citations.find((c) => c.index === 1)?.documentId);

    const conversation = await call<{
      id: string;
      messages: { id: string; role: string; content: string; createdAt: string }[];
    }>(stack, `/api/conversations/${conversationId}`, { auth: as(ann) });
    expect(conversation.status).toBe(200);
    expect(conversation.body.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const answer = conversation.body.messages[1]!;
    expect(answer.id).toBe(messageId);
    expect(answer.content).toBe(text);
    expect(
      (await call(stack, `/api/conversations/${conversationId}`, { auth: as(bob) })).status,
    ).toBe(404);

    // The server saves the answer (createdAt, taken before the insert) before it writes
    // `done`: the first event arrived before the last one was produced. Containers share
    // the host's clock.
    const savedAt = Date.parse(answer.createdAt);
    console.log(
      `[features] chat: first event ${first.at - sent} ms, last event ${done.at - sent} ms after the request; ` +
        `the first arrived ${savedAt - first.at} ms before the answer was saved`,
    );
    expect(first.at).toBeLessThan(savedAt);
  });
});
