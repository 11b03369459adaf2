// Tasks on a real PostgreSQL: CRUD, filters, pagination, validation, and isolation between users.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';

interface Task {
  id: string;
  title: string;
  status: string;
  priority: string;
  dueDate: string | null;
  tags: string[];
  notes: string;
  completedAt: string | null;
}

async function create(app: FastifyInstance, user: TestUser, payload: object): Promise<Task> {
  const response = await call(app, user, { method: 'POST', url: '/api/tasks', payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Task>();
}

async function list(app: FastifyInstance, user: TestUser, query = '') {
  const response = await call(app, user, { url: `/api/tasks${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Task[]; nextCursor: string | null }>();
}

describe('tasks', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    ann = await signUp(t.app, 'ann');
    bob = await signUp(t.app, 'bob');
  });
  afterAll(async () => t.close());

  it('creates, reads, updates, completes, reopens and deletes a task', async () => {
    const task = await create(t.app, ann, {
      title: '  Write the report ',
      tags: ['Work'],
      dueDate: '2026-12-01',
    });
    expect(task).toMatchObject({
      title: 'Write the report',
      status: 'open',
      priority: 'normal',
      notes: '',
      tags: ['work'],
      dueDate: '2026-12-01',
      completedAt: null,
    });
    expect((await call(t.app, ann, { url: `/api/tasks/${task.id}` })).json()).toEqual(task);

    const done = await call(t.app, ann, {
      method: 'PATCH',
      url: `/api/tasks/${task.id}`,
      payload: { status: 'done', priority: 'high' },
    });
    expect(done.json<Task>()).toMatchObject({
      status: 'done',
      priority: 'high',
      title: 'Write the report',
    });
    expect(done.json<Task>().completedAt).not.toBeNull();
    const reopened = await call(t.app, ann, {
      method: 'PATCH',
      url: `/api/tasks/${task.id}`,
      payload: { status: 'open', dueDate: null },
    });
    expect(reopened.json<Task>()).toMatchObject({
      status: 'open',
      completedAt: null,
      dueDate: null,
    });

    expect(
      (await call(t.app, ann, { method: 'DELETE', url: `/api/tasks/${task.id}` })).statusCode,
    ).toBe(204);
    expect((await call(t.app, ann, { url: `/api/tasks/${task.id}` })).statusCode).toBe(404);
  });

  it('filters by status, due date, tag and text', async () => {
    const carol = await signUp(t.app, 'carol');
    await create(t.app, carol, {
      title: 'Pay rent',
      dueDate: '2026-12-01',
      tags: ['home', 'money'],
    });
    await create(t.app, carol, {
      title: 'Buy milk',
      notes: 'semi-skimmed',
      dueDate: '2026-11-25',
      tags: ['home'],
    });
    const filed = await create(t.app, carol, {
      title: 'File taxes',
      dueDate: '2027-01-15',
      tags: ['money'],
    });
    await call(t.app, carol, {
      method: 'PATCH',
      url: `/api/tasks/${filed.id}`,
      payload: { status: 'done' },
    });
    await create(t.app, carol, { title: '100% done?', tags: [] });

    const titles = async (query: string) =>
      (await list(t.app, carol, query)).items.map((i) => i.title).sort();
    expect(await titles('?status=done')).toEqual(['File taxes']);
    expect(await titles('?tag=money')).toEqual(['File taxes', 'Pay rent']);
    expect(await titles('?dueBefore=2026-12-01')).toEqual(['Buy milk', 'Pay rent']);
    expect(await titles('?dueAfter=2026-12-02')).toEqual(['File taxes']);
    expect(await titles('?q=SKIMMED')).toEqual(['Buy milk']);
    expect(await titles('?q=100%25')).toEqual(['100% done?']);
    expect(await titles('?status=open&tag=home&dueAfter=2026-11-30')).toEqual(['Pay rent']);
  });

  it('pages through results with a cursor, newest first, without gaps or repeats', async () => {
    const dave = await signUp(t.app, 'dave');
    const created = [];
    for (let i = 1; i <= 7; i += 1)
      created.push((await create(t.app, dave, { title: `task ${i}` })).title);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Task[]; nextCursor: string | null } = await list(
        t.app,
        dave,
        `?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.items.map((i) => i.title));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
    const bad = await call(t.app, dave, { url: '/api/tasks?cursor=not-a-cursor' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/cursor/);
  });

  it('answers 400 naming each bad field, rejects unknown fields, and writes nothing', async () => {
    const bad = await call(t.app, ann, {
      method: 'POST',
      url: '/api/tasks',
      payload: { title: '', dueDate: 'tomorrow', priority: 'urgent', colour: 'red' },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json<{ error: { details: { field: string }[] } }>()
      .error.details.map((d) => d.field)
      .sort();
    expect(fields).toEqual(['body.colour', 'body.dueDate', 'body.priority', 'body.title']);

    const task = await create(t.app, ann, { title: 'Keep me' });
    const badPatch = await call(t.app, ann, {
      method: 'PATCH',
      url: `/api/tasks/${task.id}`,
      payload: { title: 'Changed', tags: ['ok', 'bad,tag'] },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json<{ error: { message: string } }>().error.message).toMatch(/body\.tags\.1/);
    expect((await call(t.app, ann, { url: `/api/tasks/${task.id}` })).json<Task>().title).toBe(
      'Keep me',
    );
    expect(
      (await call(t.app, ann, { method: 'PATCH', url: `/api/tasks/${task.id}`, payload: {} }))
        .statusCode,
    ).toBe(400);
    expect((await call(t.app, ann, { url: '/api/tasks?limit=1000' })).statusCode).toBe(400);
  });

  it('shows another user’s task as not found, for read, update and delete, and never lists it', async () => {
    const secret = await create(t.app, ann, { title: 'Ann’s secret plan' });
    const missing = await call(t.app, bob, {
      url: '/api/tasks/3f1c2a9e-0000-4000-8000-000000000000',
    });
    for (const [method, payload] of [
      ['GET', undefined],
      ['PATCH', { title: 'Bob was here' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await call(t.app, bob, { method, url: `/api/tasks/${secret.id}`, payload });
      expect(response.statusCode, method).toBe(404);
      expect(response.json(), method).toEqual(missing.json());
    }
    expect((await list(t.app, bob)).items.map((i) => i.id)).not.toContain(secret.id);
    expect((await call(t.app, ann, { url: `/api/tasks/${secret.id}` })).json<Task>().title).toBe(
      'Ann’s secret plan',
    );
    expect((await call(t.app, bob, { url: '/api/tasks/not-a-uuid' })).statusCode).toBe(400);
  });
});
