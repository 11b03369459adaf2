// No document stays `processing` for ever (issue 11, point 3): text that PostgreSQL cannot hold
// as it is (NUL bytes) ingests, on both backends; and a document whose ingestion kills its
// process (kill -9, three times in a row) ends `failed` with a readable reason, embedded
// (in-process queue on PGlite) and split (BullMQ worker on Redis, PostgreSQL).
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullAccess } from '../src/access/actor.js';
import { users } from '../src/modules/auth/tables.js';
import { addText } from '../src/modules/documents/service.js';
import { DIED_TOO_OFTEN } from '../src/queue/index.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { createPostgresDatabase, redisUrl } from './support/databases.js';
import {
  assertBuilt,
  freePort,
  killAll,
  signUpOver,
  spawnApi,
  spawnDocket,
  terminate,
  waitForStatus,
  type Running,
} from './support/processes.js';

interface Doc {
  status: string;
  error: string | null;
  chunkCount: number;
}

/** Polls a document until `done`; fails with its last state after 40 s. */
async function waitForDocument(read: () => Promise<Doc>, done: (doc: Doc) => boolean) {
  const deadline = Date.now() + 40_000;
  for (;;) {
    const doc = await read();
    if (done(doc)) return doc;
    if (Date.now() > deadline) throw new Error(`document still ${JSON.stringify(doc)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const settled = (doc: Doc) => doc.status === 'ready' || doc.status === 'failed';

describe.each([
  ['local on pglite', { kind: 'pglite', jobs: 'local' }],
  ['local on postgres', { kind: 'postgres', jobs: 'local' }],
  ['bullmq', { kind: 'postgres', jobs: { redisDb: 13 } }],
] as const)('ingestion ends every document ready or failed: %s', (_name, options) => {
  let t: TestApp;
  let user: TestUser;

  let busy: Server;
  let busyUrl: string;

  beforeAll(async () => {
    busy = createServer((_request, response) => {
      response.statusCode = 503;
      response.end('busy');
    });
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyUrl = `http://127.0.0.1:${(busy.address() as AddressInfo).port}/busy`;
    t = await startTestApp({ INGEST_ALLOWED_HOSTS: '127.0.0.1' }, options);
    user = await signUp(t.app, 'nul');
  });
  afterAll(async () => {
    await t.close();
    busy.close();
  });

  // Through the service: the HTTP route refuses NUL in pasted text (400), but the job must cope
  // with any source, as fetched pages and PDFs can hold NUL too.
  it('ingests pasted text with NUL bytes: ready, stored without them', async () => {
    const [owner] = await t.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, user.email));
    const { id } = await addText(t.database.db, t.queue, fullAccess(owner!.id), {
      title: 'Null bytes',
      text: 'Alpha\u0000 beta gamma.\n\nDelta\u0000epsilon zeta.\u0000',
    });
    const doc = await waitForDocument(
      async () => (await call(t.app, user, { url: `/api/documents/${id}` })).json<Doc>(),
      settled,
    );
    expect(doc).toMatchObject({ status: 'ready', error: null });
    const chunks = await t.database.db.execute<{ text: string }>(
      sql`select text from document_chunks where document_id = ${id} order by chunk_index`,
    );
    expect(chunks.rows.map((c) => c.text).join('\n\n')).toBe(
      'Alpha beta gamma.\n\nDeltaepsilon zeta.',
    );
  });

  it('ends a document whose every attempt failed as failed, with the last reason (the hook)', async () => {
    const added = await call(t.app, user, {
      method: 'POST',
      url: '/api/documents',
      payload: { url: busyUrl },
    });
    expect(added.statusCode).toBe(202);
    const id = added.json<{ id: string }>().id;
    const doc = await waitForDocument(
      async () => (await call(t.app, user, { url: `/api/documents/${id}` })).json<Doc>(),
      settled,
    );
    expect(doc.status).toBe('failed');
    expect(doc.error).toMatch(/503/);
    expect(doc.error).not.toMatch(/retrying/);
  });
});

/** A page that never answers: the test sees each request, so it knows a process is ingesting. */
async function startHangingPage() {
  const waiters: (() => void)[] = [];
  let hits = 0;
  const server: Server = createServer(() => {
    hits += 1;
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`,
    hits: () => hits,
    async until(count: number) {
      while (hits < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

type HangingPage = Awaited<ReturnType<typeof startHangingPage>>;

async function addUrlOver(base: string, auth: Record<string, string>, url: string) {
  const response = await fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ url }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

const documentOver = (base: string, auth: Record<string, string>, id: string) => async () =>
  (await (await fetch(`${base}/api/documents/${id}`, { headers: auth })).json()) as Doc;

/**
 * Kills the process running the ingestion each time it fetches the page, three times, starting
 * a new one after each kill; returns the fourth process.
 */
async function killThreeTimes(page: HangingPage, start: () => Promise<Running>, first: Running) {
  let running = first;
  for (let death = 1; death <= 3; death += 1) {
    await page.until(death);
    running.child.kill('SIGKILL');
    await running.exited;
    running = await start();
  }
  return running;
}

const SECRET = 'stuck-documents-test-secret-that-is-long-enough-0123';
const QUICK_LEASE = { JOB_LEASE_MS: '1000', INGEST_ALLOWED_HOSTS: '127.0.0.1' };

describe('a document whose ingestion kills its process three times in a row', () => {
  let page: HangingPage;
  beforeAll(async () => {
    assertBuilt();
    page = await startHangingPage();
  });
  afterAll(() => {
    killAll();
    page.close();
  });

  it('embedded (in-process queue on PGlite): ends failed with a readable reason', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docket-stuck-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...QUICK_LEASE,
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      HEARTBEAT_FILE: join(dataDir, 'hb'),
      METRICS_PORT: '0',
    };
    const start = async () => {
      const running = spawnDocket('all', env);
      await waitForStatus(`${base}/api/health/ready`, 200, running);
      return running;
    };
    const first = await start();
    const auth = await signUpOver(base);
    const hitsBefore = page.hits();
    const id = await addUrlOver(base, auth, page.url);
    const last = await killThreeTimes(
      { ...page, until: (n) => page.until(hitsBefore + n) },
      start,
      first,
    );
    const doc = await waitForDocument(documentOver(base, auth, id), settled);
    expect(doc).toMatchObject({ status: 'failed', error: DIED_TOO_OFTEN });
    expect(page.hits() - hitsBefore).toBe(3);
    expect((await terminate(last)).code).toBe(0);
  }, 180_000);

  it('split (BullMQ worker on Redis): ends failed with a readable reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-stuck-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const redis = new Redis(redisUrl(14));
    await redis.flushdb();
    redis.disconnect();
    const shared = {
      ...QUICK_LEASE,
      DATABASE_URL: await createPostgresDatabase(),
      REDIS_URL: redisUrl(14),
      AUTH_SECRET: SECRET,
      METRICS_PORT: '0',
    };
    const migrate = spawnDocket('migrate', shared);
    expect(await migrate.exited, migrate.output()).toBe(0);
    const api = spawnApi(shared, port, dir);
    await waitForStatus(`${base}/api/health/ready`, 200, api);
    const startWorker = async () =>
      spawnDocket('worker', { ...shared, HEARTBEAT_FILE: join(dir, 'w.hb') });
    const auth = await signUpOver(base);
    const hitsBefore = page.hits();
    const id = await addUrlOver(base, auth, page.url);
    const last = await killThreeTimes(
      { ...page, until: (n) => page.until(hitsBefore + n) },
      startWorker,
      await startWorker(),
    );
    const doc = await waitForDocument(documentOver(base, auth, id), settled);
    expect(doc).toMatchObject({ status: 'failed', error: DIED_TOO_OFTEN });
    expect(page.hits() - hitsBefore).toBe(3);
    expect((await terminate(last)).code, last.output()).toBe(0);
    expect((await terminate(api)).code).toBe(0);
  }, 180_000);
});
