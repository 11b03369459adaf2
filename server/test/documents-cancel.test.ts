// POST /api/documents/:id/cancel (issue 16, point 6) with each queue backend: a queued document
// ends `failed` ("cancelled") and its job, when it runs, leaves it so; a document being
// ingested ends the same way, its chunks gone, and its job stops at its next step without
// marking it ready. The job is held at a point the test controls: its first request to the
// embedding model (support/held-embeddings.ts) waits until the test releases it.
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allJobs } from '../src/jobs.js';
import { documentChunks } from '../src/modules/documents/tables.js';
import { insertChunks } from '../src/modules/documents/queries.js';
import type { JobRunner } from '../src/queue/index.js';
import { hashEmbedding } from '../src/llm/hash-embedding.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { redisUrl, silentLogger, testConfig } from './support/databases.js';
import { settled, type Doc } from './support/documents.js';
import { heldEmbeddingsEnv, LONG_TEXT, startHeldEmbeddings } from './support/held-embeddings.js';

const DIMENSIONS = 64;

/** Polls `done` until it holds; fails naming `what` after 40 s. */
async function until(done: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 40_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([
  ['in-process queue on pglite', 'pglite', undefined],
  ['in-process queue on postgres', 'postgres', undefined],
  ['bullmq on postgres', 'postgres', 6],
] as const)('cancelling ingestion: %s', (_name, kind, redisDb) => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let runner: JobRunner | undefined;
  let embeddings: Awaited<ReturnType<typeof startHeldEmbeddings>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    embeddings = await startHeldEmbeddings(DIMENSIONS);
    env = {
      ...heldEmbeddingsEnv(embeddings.baseUrl, DIMENSIONS),
      ...(redisDb === undefined ? {} : { REDIS_URL: redisUrl(redisDb) }),
    };
    if (redisDb !== undefined) {
      // Jobs of an earlier run must not keep the queue busy.
      const redis = new Redis(redisUrl(redisDb));
      await redis.flushdb();
      redis.disconnect();
    }
    // No runner yet: documents stay queued until the test starts one.
    t = await startTestApp(env, { kind, jobs: 'none' });
    ann = await signUp(t.app, 'ann');
    bob = await signUp(t.app, 'bob');
  });
  afterAll(async () => {
    embeddings.release();
    await runner?.close(5_000);
    await t.close();
    await embeddings.close();
  });

  const addText = async (title: string, text: string) => {
    const added = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { title, text },
    });
    expect(added.statusCode, added.body).toBe(202);
    return added.json<{ id: string }>().id;
  };
  const cancel = (user: TestUser, id: string) =>
    call(t.app, user, { method: 'POST', url: `/api/documents/${id}/cancel` });
  const read = async (id: string) =>
    (await call(t.app, ann, { url: `/api/documents/${id}` })).json<Doc>();
  const chunkRows = async (id: string) =>
    (
      await t.database.db
        .select({ id: documentChunks.id })
        .from(documentChunks)
        .where(eq(documentChunks.documentId, id))
    ).length;
  const queueIdle = async () => {
    const counts = await t.queue.counts();
    return counts.waiting + counts.delayed + counts.active === 0;
  };

  let queuedId: string;

  it('cancels a queued document (404 for another user, 409 once it has failed)', async () => {
    queuedId = await addText('Queued', 'Nothing ingests this yet.');
    expect((await cancel(bob, queuedId)).statusCode).toBe(404);
    expect((await read(queuedId)).status).toBe('queued');

    const cancelled = await cancel(ann, queuedId);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'failed', error: 'cancelled', chunkCount: 0 });
    expect(await read(queuedId)).toMatchObject({ status: 'failed', error: 'cancelled' });

    const again = await cancel(ann, queuedId);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { message: string } }>().error.message).toMatch(
      /already failed: only a queued or processing document can be cancelled/,
    );
  });

  it('leaves a cancelled queued document failed when its job runs', async () => {
    runner = await t.queue.startRunner({
      concurrency: 1,
      jobs: allJobs,
      deps: { db: t.database.db, logger: silentLogger, config: testConfig(env) },
    });
    await until(queueIdle, 'the queued job to run');
    expect(await read(queuedId)).toMatchObject({
      status: 'failed',
      error: 'cancelled',
      chunkCount: 0,
    });
    expect(await chunkRows(queuedId)).toBe(0);
    expect(embeddings.requests()).toBe(0);
  });

  it('cancels a document being ingested: its chunks go, and the job stops without marking it ready', async () => {
    const id = await addText('Lighthouses', LONG_TEXT);
    await embeddings.firstArrived;
    expect((await read(id)).status).toBe('processing');
    // Chunks an earlier try stored before its process stopped (the cancel must remove them).
    await insertChunks(t.database.db, id, [
      {
        chunkIndex: 0,
        text: 'left by an earlier try',
        embedding: hashEmbedding('left by an earlier try', DIMENSIONS),
        embeddingModel: 'openai:held',
        dimensions: DIMENSIONS,
      },
    ]);

    const cancelled = await cancel(ann, id);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'failed', error: 'cancelled' });
    expect(await chunkRows(id)).toBe(0);

    embeddings.release();
    await until(queueIdle, 'the cancelled job to stop');
    expect(await read(id)).toMatchObject({ status: 'failed', error: 'cancelled', chunkCount: 0 });
    expect(await chunkRows(id)).toBe(0);
    // It stopped after the batch it was in: the rest of the text was never sent.
    expect(embeddings.requests()).toBe(1);
  });

  it('answers 409 for a ready document', async () => {
    const id = await addText('Short', 'A short note about harbours.');
    const doc = await settled(t.app, ann, id);
    expect(doc.status, doc.error ?? '').toBe('ready');
    const response = await cancel(ann, id);
    expect(response.statusCode).toBe(409);
    expect(response.json<{ error: { message: string } }>().error.message).toMatch(/already ready/);
    expect(await read(id)).toMatchObject({ status: 'ready' });
  });
});
