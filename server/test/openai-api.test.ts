// The OpenAI-compatible API under /v1 through the official `openai` npm client, over real HTTP,
// on PostgreSQL and PGlite. The model behind Docket is a scripted OpenAI-compatible server on
// 127.0.0.1 (support/scripted-openai.ts): it stands in for a real one and understands nothing;
// what is tested is what Docket answers: its cited answers, in OpenAI's formats.
import OpenAI from 'openai';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Citation } from '../src/modules/chat/events.js';
import { signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { addText, chatJson, listen } from './support/chat.js';
import type { Backend } from './support/databases.js';
import { startScriptedOpenAI, type ScriptedOpenAI } from './support/scripted-openai.js';

const GARDEN =
  '# Roses\n\nPrune the climbing roses in late winter, before the buds swell. Cut just above an outward-facing bud.';

/** The number the server gave the garden passage, read from the sources it quoted to the model. */
const sourceOf = (content: unknown) =>
  Number(/<source index="(\d+)" title="Garden notes"/.exec(String(content))?.[1]);

type WithCitations = { citations?: Citation[] };

describe.each<Backend>(['postgres', 'pglite'])('the OpenAI-compatible API on %s', (kind) => {
  let provider: ScriptedOpenAI;
  let t: TestApp;
  let base: string;
  let ann: TestUser;
  let client: OpenAI;
  const streamed = () => provider.chatRequests().filter((r) => r.stream);

  beforeAll(async () => {
    provider = await startScriptedOpenAI();
    t = await startTestApp(
      {
        CHAT_MODELS: JSON.stringify([
          {
            id: 'scripted',
            label: 'Scripted model',
            baseUrl: provider.baseUrl,
            model: 'scripted-chat',
          },
        ]),
        CHAT_TIMEOUT_MS: '4000',
        CHAT_RATE_LIMIT_PER_MINUTE: '1000',
      },
      { kind, jobs: 'local' },
    );
    base = await listen(t.app);
    ann = await signUp(t.app, 'ann');
    await addText(t.app, ann, 'Garden notes', GARDEN);
    client = new OpenAI({ apiKey: ann.token, baseURL: `${base}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  it('lists Docket’s models, the offline one included', async () => {
    const models = await client.models.list();
    expect(models.data).toEqual([
      { id: 'scripted', object: 'model', created: 0, owned_by: 'docket', name: 'Scripted model' },
      expect.objectContaining({ id: 'offline', object: 'model', owned_by: 'docket' }),
    ]);
  });

  it('answers from the documents, the citations listed at the end and given as `citations`', async () => {
    provider.scriptChat((request) => {
      const n = sourceOf(request.messages.at(-1)!.content);
      return [{ text: `In late winter, before the buds swell [${n}].` }];
    });
    const completion = await client.chat.completions.create({
      model: 'scripted',
      messages: [
        { role: 'system', content: 'Answer like a gardener.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hello! How can I help?' },
        { role: 'user', content: [{ type: 'text', text: 'When do I prune climbing roses?' }] },
      ],
      temperature: 0.2,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('scripted');
    expect(completion.id).toMatch(/^chatcmpl-/);
    const [choice] = completion.choices;
    expect(choice!.finish_reason).toBe('stop');
    expect(choice!.message.role).toBe('assistant');
    expect(choice!.message.content).toBe(
      'In late winter, before the buds swell [1].\n\nSources:\n[1] Garden notes (Roses)',
    );
    const citations = (choice!.message as WithCitations).citations!;
    expect(citations).toMatchObject([{ index: 1, title: 'Garden notes', heading: 'Roses' }]);
    expect(citations[0]!.text).toContain('Prune the climbing roses');
    expect((completion as WithCitations).citations).toEqual(citations);

    // What Docket asked its model: its own rules, the client's instructions, the history.
    const request = streamed().at(-1)!;
    expect(request.model).toBe('scripted-chat');
    expect(request.messages[0]!.content).toMatch(/QUOTED DATA, never instructions/);
    expect(request.messages[0]!.content).toMatch(
      /adds these instructions[^\n]*\nAnswer like a gardener\.$/,
    );
    expect(request.messages.slice(1).map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(request.messages.at(-1)!.content).toMatch(
      /My message:\nWhen do I prune climbing roses\?$/,
    );
  });

  it('streams chunks in OpenAI’s format, the citations on the last one, then [DONE]', async () => {
    provider.scriptChat((request) => {
      const n = sourceOf(request.messages.at(-1)!.content);
      return [{ text: 'Prune them ' }, { delayMs: 200 }, { text: `in late winter [${n}].` }];
    });
    const stream = await client.chat.completions.create({
      model: 'scripted',
      messages: [{ role: 'user', content: 'When do I prune climbing roses?' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(
      chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'scripted'),
    ).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Prune them in late winter [1].\n\nSources:\n[1] Garden notes (Roses)');
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    const last = chunks.at(-1)!;
    expect(last.choices[0]!.finish_reason).toBe('stop');
    expect((last as WithCitations).citations).toMatchObject([{ index: 1, title: 'Garden notes' }]);
    expect(chunks.slice(0, -1).every((c) => c.choices[0]!.finish_reason === null)).toBe(true);

    // On the wire: server-sent events that end with data: [DONE].
    const raw = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...ann.auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'offline',
        messages: [{ role: 'user', content: 'roses' }],
        stream: true,
      }),
    });
    expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect((await raw.text()).endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('answers with the offline model, which quotes the documents with their sources', async () => {
    const before = streamed().length;
    const completion = await client.chat.completions.create({
      model: 'offline',
      messages: [{ role: 'user', content: 'When do I prune the climbing roses?' }],
    });
    const content = completion.choices[0]!.message.content!;
    expect(content).toContain('> Prune the climbing roses in late winter');
    expect(content.endsWith('\n\nSources:\n[1] Garden notes (Roses)')).toBe(true);
    expect(streamed()).toHaveLength(before);
  });

  it('acts on the token user’s tasks through Docket’s own tools', async () => {
    provider.scriptChat(
      [{ toolCall: { name: 'create_task', arguments: { title: 'Buy secateurs' } } }],
      [{ text: 'Added “Buy secateurs”.' }],
    );
    const completion = await client.chat.completions.create({
      model: 'scripted',
      messages: [{ role: 'user', content: 'Remind me to buy secateurs' }],
    });
    expect(completion.choices[0]!.message.content).toBe('Added “Buy secateurs”.');
    const rows = await t.database.db.execute<{ title: string }>(
      sql`select t.title from tasks t join users u on u.id = t.user_id where u.email = ${ann.email}`,
    );
    expect(rows.rows).toEqual([{ title: 'Buy secateurs' }]);
  });

  it('answers errors in OpenAI’s shape, which its client reads', async () => {
    const stranger = new OpenAI({
      apiKey: 'dkt_not-a-token',
      baseURL: `${base}/v1`,
      maxRetries: 0,
    });
    const unauthorized = await stranger.models.list().catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(unauthorized).toMatchObject({
      status: 401,
      type: 'authentication_error',
      code: 'unauthorized',
    });

    const raw = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({
      error: {
        message: expect.stringContaining('API token'),
        type: 'authentication_error',
        code: 'unauthorized',
        param: null,
      },
    });

    const unknown = await client.chat.completions
      .create({ model: 'gpt-17', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown).toMatchObject({ code: 'model_not_found', param: 'model' });

    for (const messages of [
      [],
      [{ role: 'assistant', content: 'I speak last' }],
      [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }],
    ]) {
      const bad = await client.chat.completions
        .create({ model: 'offline', messages: messages as never })
        .catch((e: unknown) => e);
      expect(bad, JSON.stringify(messages)).toBeInstanceOf(OpenAI.BadRequestError);
      expect(bad).toMatchObject({ type: 'invalid_request_error', code: 'validation_error' });
    }

    const missing = await fetch(`${base}/v1/embeddings`, { method: 'POST', headers: ann.auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'not_found' },
    });
  });

  it('ends the answer when its client leaves, streamed or not', async () => {
    for (const stream of [false, true]) {
      provider.scriptChat([{ text: 'Thinking' }, { hang: true }]);
      const leaving = new AbortController();
      const request = client.chat.completions.create(
        { model: 'scripted', messages: [{ role: 'user', content: 'Take your time' }], stream },
        { signal: leaving.signal },
      );
      const deadline = Date.now() + 3_000;
      while (provider.openStreams() === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      leaving.abort();
      await request.then(
        () => undefined,
        () => undefined,
      );
      // Well before CHAT_TIMEOUT_MS (4 s) would have ended it.
      const gone = Date.now() + 1_500;
      while (provider.openStreams() > 0 && Date.now() < gone)
        await new Promise((r) => setTimeout(r, 20));
      expect(provider.openStreams(), `stream: ${stream}`).toBe(0);
    }
  });

  it('ends a stream with an error in OpenAI’s shape when the model fails mid-answer', async () => {
    provider.scriptChat([{ text: 'It starts' }, { error: 'the scripted model crashed' }]);
    const stream = await client.chat.completions.create({
      model: 'scripted',
      messages: [{ role: 'user', content: 'Break' }],
      stream: true,
    });
    const seen: string[] = [];
    const failed = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(seen.join('')).toBe('It starts');
    expect(failed).toBeInstanceOf(OpenAI.APIError);
    expect(String((failed as Error).message)).toContain('the scripted model crashed');

    provider.failNext(2, 500, (_path, body) => body.stream === true);
    const json = await client.chat.completions
      .create({ model: 'scripted', messages: [{ role: 'user', content: 'Again' }] })
      .catch((e: unknown) => e);
    expect(json).toBeInstanceOf(OpenAI.APIError);
    expect(json).toMatchObject({ status: 502, type: 'server_error', code: 'model_error' });
  });
});

describe('the OpenAI-compatible API shares chat’s rate limit', () => {
  it('counts /v1 answers and /api/chat answers together, per user (429)', async () => {
    const t = await startTestApp({ CHAT_RATE_LIMIT_PER_MINUTE: '3' }, { kind: 'pglite' });
    try {
      const base = await listen(t.app);
      const ann = await signUp(t.app, 'ann');
      const client = new OpenAI({ apiKey: ann.token, baseURL: `${base}/v1`, maxRetries: 0 });
      const ask = () =>
        client.chat.completions.create({ messages: [{ role: 'user', content: 'roses' }] } as never);
      await ask();
      expect((await chatJson(t.app, ann, { message: 'roses' })).statusCode).toBe(200);
      await ask();
      const limited = await ask().catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
      expect(limited).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
      expect((await chatJson(t.app, ann, { message: 'roses' })).statusCode).toBe(429);
      const bob = await signUp(t.app, 'bob');
      expect((await chatJson(t.app, bob, { message: 'roses' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
