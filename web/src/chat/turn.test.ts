import { describe, expect, it } from 'vitest';
import type { ChatEvent, ConversationWithMessages, Message } from '../api/types';
import { applyEvent, isAnswered, newTurn, nextCheck } from './turn';

describe('applyEvent', () => {
  it('builds the answer from the events, in order', () => {
    const events: ChatEvent[] = [
      { type: 'conversation', conversationId: 'c1', userMessageId: 'u1' },
      { type: 'tool-call', id: 'k1', name: 'create_task', input: { title: 'Buy milk' } },
      { type: 'tool-result', id: 'k1', name: 'create_task', output: { title: 'Buy milk' } },
      { type: 'text', text: 'Done [1]' },
      { type: 'text', text: '.' },
      { type: 'citations', citations: [] },
      { type: 'done', conversationId: 'c1', messageId: 'm1' },
    ];
    const turn = events.reduce(applyEvent, newTurn('Add a task'));
    expect(turn).toEqual({
      question: 'Add a task',
      conversationId: 'c1',
      userMessageId: 'u1',
      answer: 'Done [1].',
      toolCalls: [
        {
          id: 'k1',
          name: 'create_task',
          input: { title: 'Buy milk' },
          output: { title: 'Buy milk' },
          error: undefined,
        },
      ],
      citations: [],
      attachments: [],
      state: 'ended',
    });
  });

  it('keeps the text before an error, and its message', () => {
    const turn = [
      { type: 'text', text: 'The first words' },
      {
        type: 'error',
        code: 'MODEL_TIMEOUT',
        message: 'too slow',
        conversationId: 'c1',
        messageId: 'm1',
      },
    ].reduce((t, e) => applyEvent(t, e as ChatEvent), newTurn('Why?'));
    expect(turn).toMatchObject({ answer: 'The first words', state: 'ended', error: 'too slow' });
  });
});

describe('isAnswered', () => {
  const message = (id: string, role: Message['role']): Message => ({
    id,
    role,
    content: '',
    citations: [],
    toolCalls: [],
    status: 'complete',
    error: null,
    attachments: [],
    model: null,
    parentId: null,
    siblingIds: [],
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  const conversation = (...messages: Message[]): ConversationWithMessages => ({
    id: 'c1',
    title: 't',
    createdAt: '',
    updatedAt: '',
    model: null,
    messages,
  });

  it('is true once an answer follows the question', () => {
    expect(isAnswered(conversation(message('u1', 'user')), 'u1')).toBe(false);
    expect(isAnswered(conversation(message('u1', 'user'), message('a1', 'assistant')), 'u1')).toBe(
      true,
    );
    expect(
      isAnswered(
        conversation(message('u0', 'user'), message('a0', 'assistant'), message('u1', 'user')),
        'u1',
      ),
    ).toBe(false);
    expect(isAnswered(conversation(), 'u1')).toBe(false);
  });
});

describe('nextCheck', () => {
  const conversation = (...roles: Message['role'][]) =>
    ({
      messages: roles.map((role, i) => ({ id: `n${i}-${Math.random()}`, role })),
    }) as unknown as ConversationWithMessages;

  it('waits for nothing when the last message is an answer, or there is none', () => {
    expect(nextCheck(conversation('user', 'assistant'))).toBe(false);
    expect(nextCheck(conversation())).toBe(false);
    expect(nextCheck(undefined)).toBe(false);
  });

  it('reads a question without its answer again after growing pauses, for about a minute', () => {
    const waiting = conversation('user', 'assistant', 'user');
    const start = 1_000_000;
    const seen = [0, 1000, 3000, 7000, 15000, 30000, 60000].map((t) =>
      nextCheck(waiting, start + t),
    );
    expect(seen).toEqual([1000, 2000, 4000, 8000, 15000, 30000, false]);
  });
});
