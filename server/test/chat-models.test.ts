// Several models (CHAT_MODELS): two scripted OpenAI-compatible servers on 127.0.0.1 stand in
// for two providers (they understand nothing; each answer is written by the test). The user
// picks one per conversation, each answer records the one that wrote it, the offline model is
// always offered, and GET /api/settings lists them all without a key.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../src/modules/chat/schemas.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { chatJson, conversation } from './support/chat.js';
import { startScriptedOpenAI, type ScriptedOpenAI } from './support/scripted-openai.js';

interface Answer {
  conversationId: string;
  message: MessageView;
}

describe('several models', () => {
  let cloud: ScriptedOpenAI;
  let local: ScriptedOpenAI;
  let t: TestApp;
  let ann: TestUser;
  const asked = (provider: ScriptedOpenAI) => provider.chatRequests().filter((r) => r.stream);

  beforeAll(async () => {
    cloud = await startScriptedOpenAI();
    local = await startScriptedOpenAI();
    const keys = join(mkdtempSync(join(tmpdir(), 'docket-keys-')), 'chat-model-keys.json');
    writeFileSync(keys, JSON.stringify({ cloud: 'sk-cloud-secret' }));
    t = await startTestApp({
      CHAT_MODELS: JSON.stringify([
        {
          id: 'cloud-large',
          label: 'Cloud, large',
          baseUrl: `${cloud.baseUrl}/`,
          model: 'large-2',
          key: 'cloud',
        },
        { id: 'local-small', baseUrl: local.baseUrl, model: 'small:7b' },
      ]),
      CHAT_MODEL_KEYS_FILE: keys,
      CHAT_RATE_LIMIT_PER_MINUTE: '1000',
    });
    ann = await signUp(t.app, 'ann');
  });
  afterAll(async () => {
    await t.close();
    await cloud.close();
    await local.close();
  });

  it('lists the offered models in the settings, the first as the default, offline last, no key', async () => {
    const response = await call(t.app, ann, { url: '/api/settings' });
    expect(response.statusCode).toBe(200);
    const { chat } = response.json<{ chat: Record<string, unknown> }>();
    expect(chat).toMatchObject({
      provider: 'openai',
      model: 'large-2',
      defaultModel: 'cloud-large',
      models: [
        {
          id: 'cloud-large',
          label: 'Cloud, large',
          provider: 'openai',
          model: 'large-2',
          endpoint: new URL(cloud.baseUrl).origin,
        },
        { id: 'local-small', label: 'small:7b', provider: 'openai', model: 'small:7b' },
        { id: 'offline', provider: 'offline', model: null, endpoint: null },
      ],
    });
    expect(response.body).not.toContain('sk-cloud-secret');
  });

  it('answers with the default model, its key sent, unless the conversation picks another', async () => {
    cloud.scriptChat([{ text: 'From the cloud.' }]);
    const first = await chatJson(t.app, ann, { message: 'Who are you?' });
    expect(first.statusCode, first.body).toBe(200);
    const { conversationId, message } = first.json<Answer>();
    expect(message).toMatchObject({ content: 'From the cloud.', model: 'cloud-large' });
    expect(asked(cloud).at(-1)!.model).toBe('large-2');
    expect(cloud.requests.at(-1)!.authorization).toBe('Bearer sk-cloud-secret');
    expect((await conversation(t.app, ann, conversationId)).model).toBeNull();

    // Picking a model on a question makes it the conversation's.
    local.scriptChat([{ text: 'From the small one.' }], [{ text: 'Still small.' }]);
    const picked = await chatJson(t.app, ann, {
      message: 'And now?',
      conversationId,
      model: 'local-small',
    });
    expect(picked.json<Answer>().message.model).toBe('local-small');
    expect(asked(local).at(-1)!.model).toBe('small:7b');
    expect(local.requests.at(-1)!.authorization).toBeUndefined();
    const next = await chatJson(t.app, ann, { message: 'Once more', conversationId });
    expect(next.json<Answer>().message).toMatchObject({
      content: 'Still small.',
      model: 'local-small',
    });

    // PATCH picks one too; offline answers without any provider.
    const before = [asked(cloud).length, asked(local).length];
    const patched = await call(t.app, ann, {
      method: 'PATCH',
      url: `/api/conversations/${conversationId}`,
      payload: { model: 'offline' },
    });
    expect(patched.json()).toMatchObject({ model: 'offline' });
    const offline = await chatJson(t.app, ann, { message: 'Quote me', conversationId });
    expect(offline.json<Answer>().message.model).toBe('offline');
    expect(offline.json<Answer>().message.content).toMatch(/comes from the offline model/);
    expect([asked(cloud).length, asked(local).length]).toEqual(before);

    // Each answer keeps the model that wrote it.
    const saved = await conversation(t.app, ann, conversationId);
    expect(saved.messages.map((m) => m.model)).toEqual([
      null,
      'cloud-large',
      null,
      'local-small',
      null,
      'local-small',
      null,
      'offline',
    ]);
  });

  it('refuses a model it does not offer, before saving anything', async () => {
    const count = async () =>
      (await t.database.db.execute<{ n: number }>(sql`select count(*)::int as n from messages`))
        .rows[0]!.n;
    const before = await count();
    const unknown = await chatJson(t.app, ann, { message: 'Hi', model: 'gpt-17' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      error: {
        code: 'UNKNOWN_MODEL',
        message:
          'this server offers no model "gpt-17"; it offers: cloud-large, local-small, offline',
      },
    });
    const created = await chatJson(t.app, ann, { message: 'Hi', model: 'offline' });
    const { conversationId } = created.json<Answer>();
    const patch = await call(t.app, ann, {
      method: 'PATCH',
      url: `/api/conversations/${conversationId}`,
      payload: { model: 'gpt-17' },
    });
    expect(patch.statusCode).toBe(400);

    // A model the server stopped offering is not swapped for another provider behind the user's back.
    await t.database.db.execute(
      sql`update conversations set model = 'retired' where id = ${conversationId}`,
    );
    const retired = await chatJson(t.app, ann, { message: 'Still there?', conversationId });
    expect(retired.statusCode).toBe(409);
    expect(retired.json()).toMatchObject({ error: { code: 'MODEL_UNAVAILABLE' } });
    expect(await count()).toBe(before + 2);
  });
});

describe('the single model of CHAT_PROVIDER=openai, as before CHAT_MODELS', () => {
  it('is offered under its own name, as the default, beside offline', async () => {
    const provider = await startScriptedOpenAI();
    const t = await startTestApp(
      {
        CHAT_PROVIDER: 'openai',
        CHAT_BASE_URL: provider.baseUrl,
        CHAT_MODEL: 'meta-llama/llama-3.1-8b',
        CHAT_API_KEY: 'sk-legacy',
      },
      { kind: 'pglite' },
    );
    try {
      const user = await signUp(t.app, 'old');
      const settings = (await call(t.app, user, { url: '/api/settings' })).json<{
        chat: { defaultModel: string; models: { id: string }[] };
      }>();
      expect(settings.chat.defaultModel).toBe('meta-llama/llama-3.1-8b');
      expect(settings.chat.models.map((m) => m.id)).toEqual(['meta-llama/llama-3.1-8b', 'offline']);
      provider.scriptChat([{ text: 'Hello.' }]);
      const answer = await chatJson(t.app, user, { message: 'Hi' });
      expect(answer.json<Answer>().message.model).toBe('meta-llama/llama-3.1-8b');
      expect(provider.requests.at(-1)!.authorization).toBe('Bearer sk-legacy');
    } finally {
      await t.close();
      await provider.close();
    }
  });
});
