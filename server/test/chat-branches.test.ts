// Regenerating an answer, editing a question, the branches both keep, and exporting what a
// conversation shows, on PostgreSQL and PGlite. The model is a scripted server on 127.0.0.1
// (support/scripted-openai.ts): it stands in for a real one and understands nothing; the
// offline model quotes real documents, so that an export has real citations.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationWithMessagesView, MessageView } from '../src/modules/chat/schemas.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { addText, chatJson, conversation } from './support/chat.js';
import type { Backend } from './support/databases.js';
import { startScriptedOpenAI, type ScriptedOpenAI } from './support/scripted-openai.js';

interface Answer {
  conversationId: string;
  message: MessageView;
}

describe.each<Backend>(['postgres', 'pglite'])('chat branches on %s', (kind) => {
  let provider: ScriptedOpenAI;
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  const streamed = () => provider.chatRequests().filter((r) => r.stream);

  async function ask(user: TestUser, payload: object, reply?: string) {
    if (reply) provider.scriptChat([{ text: reply }]);
    const response = await chatJson(t.app, user, payload);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Answer>();
  }

  const shown = (c: ConversationWithMessagesView) => c.messages.map((m) => m.content);

  beforeAll(async () => {
    provider = await startScriptedOpenAI();
    t = await startTestApp(
      {
        CHAT_MODELS: JSON.stringify([
          { id: 'scripted', label: 'Scripted', baseUrl: provider.baseUrl, model: 'scripted-chat' },
        ]),
        CHAT_RATE_LIMIT_PER_MINUTE: '1000',
      },
      { kind, jobs: 'local' },
    );
    ann = await signUp(t.app, 'ann');
    bob = await signUp(t.app, 'bob');
    await addText(
      t.app,
      ann,
      'Garden "notes"',
      '# Roses\n\nPrune the climbing roses in late winter, before the buds swell.',
    );
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  it('regenerates the last answer as a new branch; the earlier one stays and can be shown again', async () => {
    const first = await ask(ann, { message: 'What is a rose?' }, 'A flower.');
    const id = first.conversationId;
    const second = await ask(ann, { message: 'And a tulip?', conversationId: id }, 'A bulb.');

    const again = await ask(ann, { conversationId: id, regenerate: true }, 'A spring bulb.');
    expect(again.message).toMatchObject({ content: 'A spring bulb.', model: 'scripted' });
    // The model was asked the same question with the history before it, not the old answer.
    const request = streamed().at(-1)!;
    expect(request.messages.map((m) => [m.role, m.content])).toEqual([
      ['system', expect.any(String)],
      ['user', 'What is a rose?'],
      ['assistant', 'A flower.'],
      ['user', expect.stringMatching(/My message:\nAnd a tulip\?$/)],
    ]);

    const now = await conversation(t.app, ann, id);
    expect(shown(now)).toEqual(['What is a rose?', 'A flower.', 'And a tulip?', 'A spring bulb.']);
    const [, , question, answer] = now.messages;
    const oldQuestionId = second.message.parentId!;
    expect(question!.siblingIds).toEqual([oldQuestionId, question!.id]);
    expect(question!.parentId).toBe(first.message.id);
    expect(answer!.parentId).toBe(question!.id);
    expect(answer!.siblingIds).toEqual([answer!.id]);

    // The earlier branch is kept whole: show it again.
    const earlier = await call(t.app, ann, {
      method: 'PUT',
      url: `/api/conversations/${id}/branch`,
      payload: { messageId: oldQuestionId },
    });
    expect(earlier.statusCode, earlier.body).toBe(200);
    expect(shown(earlier.json())).toEqual([
      'What is a rose?',
      'A flower.',
      'And a tulip?',
      'A bulb.',
    ]);
    expect(shown(await conversation(t.app, ann, id))).toContain('A bulb.');

    // A question asked now follows the branch shown.
    await ask(ann, { message: 'Thanks', conversationId: id }, 'You are welcome.');
    expect(
      streamed()
        .at(-1)!
        .messages.map((m) => m.content),
    ).toContain('A bulb.');
    expect(
      streamed()
        .at(-1)!
        .messages.map((m) => m.content),
    ).not.toContain('A spring bulb.');
  });

  it('edits an earlier question: the answer starts from there, and the old turns stay as a branch', async () => {
    const first = await ask(ann, { message: 'Name a red flower' }, 'A rose.');
    const id = first.conversationId;
    await ask(ann, { message: 'And a blue one?', conversationId: id }, 'A cornflower.');

    const edited = await ask(
      ann,
      { conversationId: id, editMessageId: first.message.parentId, message: 'Name a white flower' },
      'A lily.',
    );
    // The edit replaces the first question: the model sees no history.
    expect(
      streamed()
        .at(-1)!
        .messages.map((m) => m.role),
    ).toEqual(['system', 'user']);
    const now = await conversation(t.app, ann, id);
    expect(shown(now)).toEqual(['Name a white flower', 'A lily.']);
    expect(now.messages[0]!.parentId).toBeNull();
    expect(now.messages[0]!.siblingIds).toEqual([first.message.parentId, edited.message.parentId]);

    // All four earlier messages are still there, on the other branch.
    const old = await call(t.app, ann, {
      method: 'PUT',
      url: `/api/conversations/${id}/branch`,
      payload: { messageId: first.message.parentId },
    });
    expect(shown(old.json())).toEqual([
      'Name a red flower',
      'A rose.',
      'And a blue one?',
      'A cornflower.',
    ]);
  });

  it('refuses what cannot be edited or regenerated, and another user’s conversation', async () => {
    const mine = await ask(ann, { message: 'Hello' }, 'Hi.');
    const id = mine.conversationId;
    const before = streamed().length;
    const refusals: [object, number][] = [
      [{ regenerate: true }, 400],
      [{ conversationId: id, regenerate: true, message: 'also this' }, 400],
      [{ editMessageId: mine.message.parentId, message: 'no conversation' }, 400],
      [{ conversationId: id, editMessageId: mine.message.parentId }, 400],
      // An answer is not a question to edit.
      [{ conversationId: id, editMessageId: mine.message.id, message: 'x' }, 404],
      [
        { conversationId: id, editMessageId: '00000000-0000-4000-8000-000000000000', message: 'x' },
        404,
      ],
    ];
    for (const [payload, status] of refusals) {
      const response = await chatJson(t.app, ann, payload);
      expect(response.statusCode, JSON.stringify(payload) + response.body).toBe(status);
    }
    for (const payload of [
      { conversationId: id, regenerate: true },
      { conversationId: id, editMessageId: mine.message.parentId, message: 'mine now' },
    ])
      expect((await chatJson(t.app, bob, payload)).statusCode).toBe(404);
    const branch = await call(t.app, bob, {
      method: 'PUT',
      url: `/api/conversations/${id}/branch`,
      payload: { messageId: mine.message.id },
    });
    expect(branch.statusCode).toBe(404);
    const unknown = await call(t.app, ann, {
      method: 'PUT',
      url: `/api/conversations/${id}/branch`,
      payload: { messageId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'message not found' } });
    expect(streamed()).toHaveLength(before);
    expect(shown(await conversation(t.app, ann, id))).toEqual(['Hello', 'Hi.']);
  });

  it('exports the branch shown as Markdown and as JSON, citations and models included', async () => {
    // The offline model quotes the garden notes with a citation.
    const quoted = await ask(ann, { message: 'When do I prune climbing roses?', model: 'offline' });
    const id = quoted.conversationId;
    expect(quoted.message.citations).toHaveLength(1);
    await ask(
      ann,
      { message: 'Thank you', conversationId: id, model: 'scripted' },
      'Glad to help [1].',
    );
    await call(t.app, ann, {
      method: 'PATCH',
      url: `/api/conversations/${id}`,
      payload: { title: 'Roses: "when"/how\u202e' },
    });

    const markdown = await call(t.app, ann, { url: `/api/conversations/${id}/export` });
    expect(markdown.statusCode, markdown.body).toBe(200);
    expect(markdown.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(markdown.headers['x-content-type-options']).toBe('nosniff');
    // Quotes, slashes and the right-to-left override are gone from the file name.
    expect(markdown.headers['content-disposition']).toBe(
      `attachment; filename="Roses: when how.md"; filename*=UTF-8''Roses%3A%20when%20how.md`,
    );
    const text = markdown.body;
    expect(text).toMatch(/^# Roses: "when"\/how/);
    expect(text).toContain('## You\n\nWhen do I prune climbing roses?');
    expect(text).toContain('## Assistant (offline)');
    expect(text).toContain('## Assistant (scripted)\n\nGlad to help [1].');
    expect(text).toContain(
      'Sources:\n\n[1] Garden "notes" (Roses)\n\n> Prune the climbing roses in late winter, before the buds swell.',
    );

    const json = await call(t.app, ann, { url: `/api/conversations/${id}/export?format=json` });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toMatch(
      /^attachment; filename=".*\.json"; filename\*=UTF-8''.*\.json$/,
    );
    const exported = json.json<{
      format: string;
      exportedAt: string;
      conversation: ConversationWithMessagesView;
    }>();
    expect(exported.format).toBe('docket.conversation.v1');
    expect(exported.conversation).toEqual(await conversation(t.app, ann, id));
    expect(exported.conversation.messages[1]!.citations[0]).toMatchObject({
      index: 1,
      title: 'Garden "notes"',
      heading: 'Roses',
    });

    expect((await call(t.app, bob, { url: `/api/conversations/${id}/export` })).statusCode).toBe(
      404,
    );
    expect(
      (await call(t.app, ann, { url: `/api/conversations/${id}/export?format=pdf` })).statusCode,
    ).toBe(400);
  });

  it('counts a regenerated answer against the rate limit, like a question', async () => {
    const carl = await signUp(t.app, 'carl');
    const first = await ask(carl, { message: 'One' }, 'First.');
    // 999 answers in the last minute; the limit is 1,000.
    await t.database.db.execute(sql`
      insert into chat_requests (user_id)
      select m.user_id from messages m cross join generate_series(1, 998)
      where m.id = ${first.message.id}`);
    await ask(carl, { conversationId: first.conversationId, regenerate: true }, 'Second.');
    const limited = await chatJson(t.app, carl, {
      conversationId: first.conversationId,
      regenerate: true,
    });
    expect(limited.statusCode).toBe(429);
  });
});
