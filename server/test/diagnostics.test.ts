// Diagnostic jobs (issue 11, point 7): any signed-in user may start one, so each belongs to its
// user (another user's is 404, as a missing one), a user has one unfinished job at a time (429),
// and they run in a lane of their own: however many wait, ingestion still runs.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';

interface Job {
  id: string;
  state: string;
}

async function enqueue(app: FastifyInstance, user: TestUser | undefined, durationMs: number) {
  return call(app, user, {
    method: 'POST',
    url: '/api/diagnostics/jobs',
    payload: { durationMs },
  });
}

async function started(app: FastifyInstance, user: TestUser, durationMs = 0): Promise<string> {
  const response = await enqueue(app, user, durationMs);
  expect(response.statusCode, response.body).toBe(202);
  return response.json<Job>().id;
}

const jobOf = async (app: FastifyInstance, user: TestUser, id: string) =>
  (await call(app, user, { url: `/api/diagnostics/jobs/${id}` })).json<Job>();

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 40_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after 40 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('diagnostic jobs without a runner', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a second unfinished job of the same user with 429, not another user’s', async () => {
    const ann = await signUp(t.app, 'ann');
    const bob = await signUp(t.app, 'bob');
    await started(t.app, ann);
    const second = await enqueue(t.app, ann, 0);
    expect(second.statusCode).toBe(429);
    expect(second.json()).toEqual({
      error: {
        code: 'DIAGNOSTIC_RUNNING',
        message:
          'you already have a diagnostic job that has not finished: start another once it has',
      },
    });
    await started(t.app, bob);
  });

  it('stays private: no job without credentials', async () => {
    expect((await enqueue(t.app, undefined, 0)).statusCode).toBe(401);
  });
});

describe.each([
  ['local', 'local'],
  ['bullmq', { redisDb: 15 }],
] as const)('diagnostic jobs on the %s queue', (_name, jobs) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { jobs });
  });
  afterAll(() => t.close());

  it('answers 404 for another user’s job, exactly as for a missing one', async () => {
    const ann = await signUp(t.app, 'ann');
    const bob = await signUp(t.app, 'bob');
    const id = await started(t.app, ann);
    expect((await call(t.app, ann, { url: `/api/diagnostics/jobs/${id}` })).statusCode).toBe(200);
    const others = await call(t.app, bob, { url: `/api/diagnostics/jobs/${id}` });
    const missing = await call(t.app, bob, {
      url: '/api/diagnostics/jobs/00000000-0000-4000-8000-000000000000',
    });
    expect(others.statusCode).toBe(404);
    expect(others.json()).toEqual(missing.json());
  });

  it('lets a user start another job once theirs finished', async () => {
    const carol = await signUp(t.app, 'carol');
    const first = await started(t.app, carol);
    await until(
      () => jobOf(t.app, carol, first),
      (job) => job.state === 'completed',
    );
    const second = await started(t.app, carol);
    expect(second).not.toBe(first);
  });

  it('ingests a document while diagnostic jobs hold every diagnostic slot', async () => {
    const users = await Promise.all(['dan', 'eve', 'fay'].map((name) => signUp(t.app, name)));
    // Long enough to still run when the ingestion is done: the assertions are on states.
    const ids = await Promise.all(users.map((user) => started(t.app, user, 8_000)));
    const states = () => Promise.all(ids.map((id, i) => jobOf(t.app, users[i]!, id)));
    await until(states, (jobs) => jobs.some((job) => job.state === 'active'));

    const added = await call(t.app, users[0], {
      method: 'POST',
      url: '/api/documents',
      payload: { title: 'Lanes', text: 'Ingestion has slots that diagnostics never take.' },
    });
    expect(added.statusCode).toBe(202);
    const doc = await until(
      async () =>
        (await call(t.app, users[0], { url: `/api/documents/${added.json<Job>().id}` })).json<{
          status: string;
        }>(),
      (d) => d.status === 'ready' || d.status === 'failed',
    );
    expect(doc.status).toBe('ready');
    // The diagnostics lane has one slot: one job runs, the others still wait.
    const after = (await states()).map((job) => job.state).sort();
    expect(after).toEqual(['active', 'waiting', 'waiting']);
  });
});
