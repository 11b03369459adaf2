// Each kind of bad input issue 11 found answering 500 (NUL bytes in text, queries and filters,
// the year 0000, cursors decoding to dates PostgreSQL cannot hold, malformed ids) now answers
// 400 with the JSON error naming the field, and writes nothing.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';

const UUID = '00000000-0000-4000-8000-000000000000';
/** A cursor like the API's own, for another (created_at, id). */
const cursor = (createdAt: unknown, id: unknown = UUID) =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

interface ErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

const cases: [string, InjectOptions, string][] = [
  [
    'NUL in a task title',
    { method: 'POST', url: '/api/tasks', payload: { title: 'a\u0000b' } },
    'body.title',
  ],
  [
    'NUL in task notes',
    { method: 'POST', url: '/api/tasks', payload: { title: 'a', notes: 'x\u0000' } },
    'body.notes',
  ],
  [
    'NUL in a tag',
    { method: 'POST', url: '/api/tasks', payload: { title: 'a', tags: ['x\u0000'] } },
    'body.tags.0',
  ],
  [
    'NUL in a changed title',
    { method: 'PATCH', url: `/api/tasks/${UUID}`, payload: { title: '\u0000' } },
    'body.title',
  ],
  [
    'NUL in a token name',
    { method: 'POST', url: '/api/tokens', payload: { name: 'ci\u0000' } },
    'body.name',
  ],
  [
    'NUL in a document title',
    { method: 'POST', url: '/api/documents', payload: { title: 'T\u0000', text: 'some text' } },
    'body.title',
  ],
  [
    'NUL in a chat message',
    { method: 'POST', url: '/api/chat', payload: { message: 'hi\u0000' } },
    'body.message',
  ],
  [
    'NUL in a conversation title',
    { method: 'PATCH', url: `/api/conversations/${UUID}`, payload: { title: 'x\u0000' } },
    'body.title',
  ],
  ['NUL in a task search', { url: '/api/tasks?q=a%00b' }, 'querystring.q'],
  ['NUL in a tag filter', { url: '/api/tasks?tag=a%00b' }, 'querystring.tag'],
  ['NUL in a document search', { url: '/api/search?q=a%00b' }, 'querystring.q'],
  [
    'the year 0000 as a due date',
    { method: 'POST', url: '/api/tasks', payload: { title: 'a', dueDate: '0000-01-01' } },
    'body.dueDate',
  ],
  [
    'the year 0000 in a due-date filter',
    { url: '/api/tasks?dueBefore=0000-01-01' },
    'querystring.dueBefore',
  ],
  [
    'a task cursor in the year 0',
    { url: `/api/tasks?cursor=${cursor('0000-01-01T00:00:00.000Z')}` },
    'querystring.cursor',
  ],
  [
    'a task cursor before the year 1',
    { url: `/api/tasks?cursor=${cursor('-000001-01-01T00:00:00.000Z')}` },
    'querystring.cursor',
  ],
  [
    'a task cursor at the end of time',
    { url: `/api/tasks?cursor=${cursor(8.64e15)}` },
    'querystring.cursor',
  ],
  [
    'a document cursor in the year 0',
    { url: `/api/documents?cursor=${cursor('0000-01-01T00:00:00.000Z')}` },
    'querystring.cursor',
  ],
  [
    'a conversation cursor past 9999',
    { url: `/api/conversations?cursor=${cursor('+200000-01-01T00:00:00.000Z')}` },
    'querystring.cursor',
  ],
  ['a malformed task id', { url: '/api/tasks/not-a-uuid' }, 'params.id'],
  ['a malformed document id', { method: 'DELETE', url: '/api/documents/12' }, 'params.id'],
  ['a malformed conversation id', { url: '/api/conversations/x%00' }, 'params.id'],
  ['a malformed token id', { method: 'DELETE', url: '/api/tokens/abc' }, 'params.id'],
  [
    'a malformed conversation id in a chat',
    { method: 'POST', url: '/api/chat', payload: { message: 'hi', conversationId: 'x' } },
    'body.conversationId',
  ],
];

describe('bad input', () => {
  let t: TestApp;
  let ann: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    ann = await signUp(t.app, 'ann');
  });
  afterAll(async () => t.close());

  it.each(cases)('%s answers 400 naming the field', async (_name, request, field) => {
    const response = await call(t.app, ann, request);
    expect(response.statusCode, response.body).toBe(400);
    const { error } = response.json<ErrorBody>();
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details?.map((d) => d.field)).toContain(field);
    expect(error.message).toContain(field);
  });

  it('answers a path that is not valid percent-encoding with 400 in the same JSON shape', async () => {
    const response = await call(t.app, ann, { url: '/api/tasks/%C0%80' });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error).toMatchObject({
      code: 'FST_ERR_BAD_URL',
      message: expect.stringContaining('not a valid url component'),
    });
  });

  it('stored none of it', async () => {
    for (const list of ['/api/tasks', '/api/documents', '/api/conversations'])
      expect((await call(t.app, ann, { url: list })).json<{ items: unknown[] }>().items).toEqual(
        [],
      );
    const tokens = (await call(t.app, ann, { url: '/api/tokens' })).json<{ items: unknown[] }>();
    expect(tokens.items).toHaveLength(1);
  });

  it('still takes what is fine: tabs and line breaks in notes, the year 0001, a real cursor', async () => {
    const created = await call(t.app, ann, {
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'Old', notes: 'one\ttwo\nthree', dueDate: '0001-01-01' },
    });
    expect(created.statusCode, created.body).toBe(201);
    await call(t.app, ann, { method: 'POST', url: '/api/tasks', payload: { title: 'New' } });
    const first = (await call(t.app, ann, { url: '/api/tasks?limit=1' })).json<{
      nextCursor: string;
    }>();
    const next = await call(t.app, ann, { url: `/api/tasks?limit=1&cursor=${first.nextCursor}` });
    expect(next.json<{ items: { title: string }[] }>().items.map((i) => i.title)).toEqual(['Old']);
  });
});
