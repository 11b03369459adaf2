// A file attached to a question goes through the usual ingestion (POST /api/documents, a job),
// and the answer is searched in it only. Ingestion is held at a point the test controls: its
// first request to the embedding model (support/held-embeddings.ts) waits until the test
// releases it; the chat model is a scripted server on 127.0.0.1 that understands nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../src/modules/chat/schemas.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { chatJson, chatStream, conversation, listen } from './support/chat.js';
import { settled } from './support/documents.js';
import { heldEmbeddingsEnv, LONG_TEXT, startHeldEmbeddings } from './support/held-embeddings.js';
import type { Backend } from './support/databases.js';
import { startScriptedOpenAI, type ScriptedOpenAI } from './support/scripted-openai.js';

const DIMENSIONS = 64;

const REPORT =
  '# Hedgehog survey\n\nVolunteers counted 42 hedgehogs in the orchard this spring, twice as many as last year.';
const OTHER =
  '# Orchard notes\n\nThe orchard hedgehogs hide under the compost heap; count hedgehogs at dusk in spring.';

async function addDocument(t: TestApp, user: TestUser, title: string, text: string) {
  const added = await call(t.app, user, {
    method: 'POST',
    url: '/api/documents',
    payload: { title, text },
  });
  expect(added.statusCode, added.body).toBe(202);
  return added.json<{ id: string }>().id;
}

const scripted = (provider: ScriptedOpenAI) =>
  JSON.stringify([{ id: 'scripted', baseUrl: provider.baseUrl, model: 'scripted-chat' }]);

/** An app whose ingestion is held at its first embedding, a scripted model, and a user. */
function heldApp(kind: Backend, env: Record<string, string>) {
  const s = {} as {
    provider: ScriptedOpenAI;
    embeddings: Awaited<ReturnType<typeof startHeldEmbeddings>>;
    t: TestApp;
    base: string;
    ann: TestUser;
  };
  beforeAll(async () => {
    s.provider = await startScriptedOpenAI();
    s.embeddings = await startHeldEmbeddings(DIMENSIONS);
    s.t = await startTestApp(
      {
        ...heldEmbeddingsEnv(s.embeddings.baseUrl, DIMENSIONS),
        CHAT_MODELS: scripted(s.provider),
        ...env,
      },
      { kind, jobs: 'local' },
    );
    s.base = await listen(s.t.app);
    s.ann = await signUp(s.t.app, 'ann');
  });
  afterAll(async () => {
    s.embeddings.release();
    await s.t.close();
    await s.embeddings.close();
    await s.provider.close();
  });
  return s;
}

describe('attachments on postgres: still being read, then answered from them alone', () => {
  const held = heldApp('postgres', { CHAT_TIMEOUT_MS: '2000' });
  let reportId: string;
  let conversationId: string;

  it('says plainly that the file is still being read, once CHAT_TIMEOUT_MS has passed', async () => {
    reportId = await addDocument(held.t, held.ann, 'Hedgehog report', REPORT);
    await held.embeddings.firstArrived;
    const started = Date.now();
    const { events } = await chatStream(held.base, held.ann, {
      message: 'How many hedgehogs were counted?',
      attachments: [reportId],
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('conversation');
    expect(events[1]).toMatchObject({
      type: 'attachment',
      data: {
        attachment: { documentId: reportId, title: 'Hedgehog report', status: 'processing' },
      },
    });
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      data: {
        code: 'ATTACHMENT_NOT_READY',
        message: expect.stringMatching(
          /^“Hedgehog report” is still being read \(processing, \d+ %\); ask again once it is ready$/,
        ),
      },
    });
    expect(held.provider.chatRequests()).toHaveLength(0);
    conversationId = events[0]!.data.conversationId as string;
    const saved = await conversation(held.t.app, held.ann, conversationId);
    expect(saved.messages).toMatchObject([
      {
        role: 'user',
        attachments: [{ documentId: reportId, title: 'Hedgehog report' }],
      },
      { role: 'assistant', status: 'error', error: expect.stringContaining('still being read') },
    ]);

    // A JSON client gets 409 with the conversation to continue.
    const json = await chatJson(held.t.app, held.ann, {
      message: 'And now?',
      conversationId,
      attachments: [reportId],
    });
    expect(json.statusCode).toBe(409);
    expect(json.json()).toMatchObject({
      error: { code: 'ATTACHMENT_NOT_READY', details: { conversationId } },
    });
  });

  it('answers from the attached file only, its search scoped too, once it is read', async () => {
    held.embeddings.release();
    expect((await settled(held.t.app, held.ann, reportId)).status).toBe('ready');
    // Another document matches the question better, but is not attached.
    const otherId = await addDocument(held.t, held.ann, 'Orchard notes', OTHER);
    expect((await settled(held.t.app, held.ann, otherId)).status).toBe('ready');

    let given: string[] = [];
    let found: string[] = [];
    held.provider.scriptChat(
      (request) => {
        given = [...(request.messages.at(-1)!.content as string).matchAll(/title="([^"]+)"/g)].map(
          (m) => m[1]!,
        );
        return [
          { toolCall: { name: 'search_documents', arguments: { q: 'orchard hedgehogs dusk' } } },
        ];
      },
      (request) => {
        found = [
          ...JSON.stringify(request.messages.at(-1)!.content).matchAll(
            /\\"title\\":\\"([^\\]+)\\"/g,
          ),
        ].map((m) => m[1]!);
        return [{ text: 'Volunteers counted 42 hedgehogs [1].' }];
      },
    );
    // The last question (with its attachment) asked again.
    const again = await chatJson(held.t.app, held.ann, { conversationId, regenerate: true });
    expect(again.statusCode, again.body).toBe(200);
    const { message } = again.json<{ message: MessageView }>();
    expect(given).toEqual(['Hedgehog report']);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set(['Hedgehog report']));
    expect(message.citations).toMatchObject([{ index: 1, documentId: reportId }]);
    expect(message.toolCalls[0]!.output).toMatchObject({
      results: [expect.objectContaining({ title: 'Hedgehog report' })],
    });

    // Without the attachment, the same question searches every document.
    held.provider.scriptChat((request) => {
      given = [...(request.messages.at(-1)!.content as string).matchAll(/title="([^"]+)"/g)].map(
        (m) => m[1]!,
      );
      return [{ text: 'Both.' }];
    });
    await chatJson(held.t.app, held.ann, { message: 'How many hedgehogs were counted?' });
    expect(given).toContain('Orchard notes');
  });

  it('refuses another user’s document and too many attachments, before saving anything', async () => {
    const bob = await signUp(held.t.app, 'bob');
    const foreign = await chatJson(held.t.app, bob, {
      message: 'Read this',
      attachments: [reportId],
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'document not found' },
    });
    const many = await chatJson(held.t.app, held.ann, {
      message: 'Read these',
      attachments: Array.from({ length: 11 }, () => reportId),
    });
    expect(many.statusCode).toBe(400);
    expect((await call(held.t.app, bob, { url: '/api/conversations' })).json()).toMatchObject({
      items: [],
    });
  });
});

describe('attachments on pglite: waiting while the file is read, a file that cannot be read, offline', () => {
  const held = heldApp('pglite', { CHAT_TIMEOUT_MS: '20000', INGEST_MAX_CHUNKS: '20' });

  it('waits for the file to be read, telling how far it has got, then answers', async () => {
    const id = await addDocument(held.t, held.ann, 'Hedgehog report', REPORT);
    held.provider.scriptChat([{ text: 'Forty-two [1].' }]);
    let released = false;
    const { events } = await chatStream(
      held.base,
      held.ann,
      { message: 'How many hedgehogs?', attachments: [id] },
      (event) => {
        // Read on once the server has said it is waiting.
        if (event.type === 'attachment' && !released) {
          released = true;
          void held.embeddings.firstArrived.then(() => held.embeddings.release());
        }
        return false;
      },
    );
    const progress = events.filter((e) => e.type === 'attachment');
    expect(progress[0]!.data.attachment).toMatchObject({ documentId: id });
    expect(progress[0]!.data.attachment).not.toMatchObject({ status: 'ready' });
    expect(progress.at(-1)!.data.attachment).toMatchObject({ status: 'ready', progress: 100 });
    expect(events.map((e) => e.type).slice(-2)).toEqual(['citations', 'done']);
    expect(events.at(-2)!.data).toMatchObject({ citations: [{ index: 1, documentId: id }] });
  });

  it('says why a file could not be read (422), naming the limit', async () => {
    const id = await addDocument(held.t, held.ann, 'Lighthouses', LONG_TEXT);
    expect((await settled(held.t.app, held.ann, id)).status).toBe('failed');
    const response = await chatJson(held.t.app, held.ann, {
      message: 'Summarise it',
      attachments: [id],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      error: {
        code: 'ATTACHMENT_FAILED',
        message: expect.stringMatching(/^“Lighthouses” could not be read: .*INGEST_MAX_CHUNKS/),
      },
    });
  });

  it('offline, quotes the attached file even when the question shares no word with it', async () => {
    const id = await addDocument(held.t, held.ann, 'Hedgehog report', REPORT);
    expect((await settled(held.t.app, held.ann, id)).status).toBe('ready');
    const response = await chatJson(held.t.app, held.ann, {
      message: 'Summarise this, please',
      attachments: [id],
      model: 'offline',
    });
    expect(response.statusCode, response.body).toBe(200);
    const { message } = response.json<{ message: MessageView }>();
    expect(message.content).toContain('Volunteers counted 42 hedgehogs');
    expect(message.citations).toMatchObject([{ index: 1, documentId: id }]);
  });
});
