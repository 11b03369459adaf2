// Chat for other clients, on the Compose stack, through the web entry (nginx) only: the
// official `openai` client against Docket's OpenAI-compatible /v1 with an API token, streamed
// and not, with citations in the text and as a field; OpenAI-shaped errors through nginx; and
// a conversation exported as Markdown and JSON. The stack has no model: the answers are the
// offline model's quoted passages, which is what a default install gives.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, signUp, type DocumentView, type User } from './support/api.js';
import { Stack, waitFor } from './support/docker.js';

let stack: Stack;
let ann: User;
let client: OpenAI;

type WithCitations = { citations?: { index: number; title: string; text: string }[] };

beforeAll(async () => {
  stack = await Stack.create('chat', ['compose.yaml'], {});
  const started = Date.now();
  await stack.up();
  console.log(
    `[chat] ${stack.project} healthy in ${((Date.now() - started) / 1000).toFixed(1)} s on port ${stack.webPort}`,
  );
  ann = await signUp(stack, 'Ann');
  const added = await call<{ id: string }>(stack, '/api/documents', {
    method: 'POST',
    auth: { token: ann.token },
    json: {
      title: 'Garden notes',
      text: '# Roses\n\nPrune the climbing roses in late winter, before the buds swell.',
    },
  });
  expect(added.status).toBe(202);
  await waitFor('the garden notes ingested by the worker', async () => {
    const doc = await call<DocumentView>(stack, `/api/documents/${added.body.id}`, {
      auth: { token: ann.token },
    });
    if (doc.body.status === 'failed') throw new Error(doc.body.error ?? 'failed');
    return doc.body.status === 'ready';
  });
  client = new OpenAI({ apiKey: ann.token, baseURL: stack.url('/v1'), maxRetries: 0 });
});

afterAll(async () => {
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

describe('the OpenAI-compatible API through nginx', () => {
  test('lists the models: offline, as the default of a server without one', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['offline']);
  });

  test('answers with the passages quoted, their sources listed and in `citations`', async () => {
    const completion = await client.chat.completions.create({
      model: 'offline',
      messages: [{ role: 'user', content: 'When do I prune the climbing roses?' }],
    });
    const message = completion.choices[0]!.message;
    expect(message.content).toContain('> Prune the climbing roses in late winter');
    expect(message.content!.endsWith('\n\nSources:\n[1] Garden notes (Roses)')).toBe(true);
    expect((message as WithCitations).citations).toMatchObject([
      { index: 1, title: 'Garden notes' },
    ]);
  });

  test('streams chunks unbuffered and uncompressed, ending with the citations and [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: 'offline',
      messages: [{ role: 'user', content: 'When do I prune the climbing roses?' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toContain('> Prune the climbing roses in late winter');
    expect(text.endsWith('\n\nSources:\n[1] Garden notes (Roses)')).toBe(true);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    expect((chunks.at(-1) as WithCitations).citations).toMatchObject([{ index: 1 }]);

    const raw = await fetch(stack.url('/v1/chat/completions'), {
      method: 'POST',
      headers: { authorization: `Bearer ${ann.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'roses' }], stream: true }),
    });
    expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect((await raw.text()).endsWith('data: [DONE]\n\n')).toBe(true);
  });

  test('refuses a wrong token in OpenAI’s error shape, and is never the web app’s page', async () => {
    const stranger = new OpenAI({ apiKey: 'dkt_wrong', baseURL: stack.url('/v1'), maxRetries: 0 });
    const refused = await stranger.models.list().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(refused).toMatchObject({ status: 401, type: 'authentication_error' });
    const missing = await fetch(stack.url('/v1/embeddings'), {
      headers: { authorization: `Bearer ${ann.token}` },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('a conversation exported through nginx', () => {
  test('downloads the conversation as Markdown and JSON, with its citations', async () => {
    const asked = await call<{ conversationId: string }>(stack, '/api/chat', {
      method: 'POST',
      auth: { token: ann.token },
      headers: { accept: 'application/json' },
      json: { message: 'When do I prune the climbing roses?' },
    });
    expect(asked.status).toBe(200);
    const id = asked.body.conversationId;
    const markdown = await fetch(stack.url(`/api/conversations/${id}/export?format=markdown`), {
      headers: { authorization: `Bearer ${ann.token}` },
    });
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(markdown.headers.get('content-disposition')).toMatch(
      /^attachment; filename="When do I prune the climbing roses\?\.md"/,
    );
    const text = await markdown.text();
    expect(text).toContain('## You\n\nWhen do I prune the climbing roses?');
    expect(text).toContain('Sources:\n\n[1] Garden notes (Roses)\n\n> Prune the climbing roses');

    const json = await call<{
      format: string;
      conversation: { id: string; messages: { citations: unknown[] }[] };
    }>(stack, `/api/conversations/${id}/export?format=json`, { auth: { token: ann.token } });
    expect(json.status).toBe(200);
    expect(json.body.format).toBe('docket.conversation.v1');
    expect(json.body.conversation.id).toBe(id);
    expect(json.body.conversation.messages[1]!.citations).toHaveLength(1);
  });
});
