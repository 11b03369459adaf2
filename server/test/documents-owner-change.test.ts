// An account deleted with its data given to another while one of its documents is being
// ingested: every chunk the job stores goes to the new owner, whom search serves them to, and
// none stays under the account that is gone. The job is held at its first embedding request
// (support/held-embeddings.ts), so the deletion happens mid-ingestion with no timing involved.
// A refresh's swap does the same with the row it read before the deletion, and on PostgreSQL
// the two orders of a transfer and a chunk store that overlap end the same way.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEmbedding } from '../src/llm/hash-embedding.js';
import {
  insertChunks,
  swapStagedChunks,
  updateDocumentsOwner,
} from '../src/modules/documents/queries.js';
import { documentChunks, documents } from '../src/modules/documents/tables.js';
import { removeUser } from '../src/modules/users/service.js';
import {
  call,
  signUp,
  startTestApp,
  userIdOf,
  type TestApp,
  type TestUser,
} from './support/app.js';
import type { Backend } from './support/databases.js';
import { search, settled } from './support/documents.js';
import { heldEmbeddingsEnv, LONG_TEXT, startHeldEmbeddings } from './support/held-embeddings.js';

const DIMENSIONS = 64;

const chunk = (index: number, text: string) => ({
  chunkIndex: index,
  text,
  embedding: hashEmbedding(text, DIMENSIONS),
  embeddingModel: 'openai:held',
  dimensions: DIMENSIONS,
});

describe.each<Backend>(['pglite', 'postgres'])('an owner change during ingestion on %s', (kind) => {
  let t: TestApp;
  let admin: TestUser;
  let embeddings: Awaited<ReturnType<typeof startHeldEmbeddings>>;

  beforeAll(async () => {
    embeddings = await startHeldEmbeddings(DIMENSIONS);
    t = await startTestApp(heldEmbeddingsEnv(embeddings.baseUrl, DIMENSIONS), {
      kind,
      jobs: 'local',
    });
    admin = await signUp(t.app, 'admin');
  });
  afterAll(async () => {
    embeddings.release();
    await t.close();
    await embeddings.close();
  });

  const db = () => t.database.db;
  /** A document of `userId`'s, as a job has it while it ingests. */
  const documentOf = async (userId: string, title: string) => {
    const [row] = await db()
      .insert(documents)
      .values({ userId, title, source: 'text', status: 'processing' })
      .returning({ id: documents.id });
    return row!.id;
  };
  const ownersOfChunks = async (documentId: string) =>
    (
      await db()
        .select({ userId: documentChunks.userId })
        .from(documentChunks)
        .where(eq(documentChunks.documentId, documentId))
    ).map((row) => row.userId);
  /** Two accounts: the one to delete and the one its data goes to. */
  const leaverAndHeir = async () => {
    const leaver = await signUp(t.app, 'leaver');
    const heir = await signUp(t.app, 'heir');
    return {
      leaver,
      heir,
      leaverId: await userIdOf(t.app, admin, leaver),
      heirId: await userIdOf(t.app, admin, heir),
    };
  };
  const removeGiving = async (leaverId: string, heirId: string) => {
    const removed = await call(t.app, admin, {
      method: 'DELETE',
      url: `/api/users/${leaverId}?data=transfer&transferTo=${heirId}`,
    });
    expect(removed.statusCode, removed.body).toBe(200);
  };

  it('stores the chunks of a document being ingested for the account it was given to', async () => {
    const { leaver, heir, leaverId, heirId } = await leaverAndHeir();
    const added = await call(t.app, leaver, {
      method: 'POST',
      url: '/api/documents',
      payload: { title: 'Lighthouses', text: LONG_TEXT },
    });
    expect(added.statusCode, added.body).toBe(202);
    const { id } = added.json<{ id: string }>();
    await embeddings.firstArrived;

    await removeGiving(leaverId, heirId);
    embeddings.release();

    const doc = await settled(t.app, heir, id);
    expect(doc.status, doc.error ?? '').toBe('ready');
    const owners = await ownersOfChunks(id);
    expect(owners).toHaveLength(doc.chunkCount);
    expect(new Set(owners)).toEqual(new Set([heirId]));
    expect((await search(t.app, heir, 'lighthouses keepers')).map((h) => h.documentId)).toContain(
      id,
    );
  });

  it("swaps a refresh's chunks in for the new owner, with the row read before the change", async () => {
    const { leaverId, heirId } = await leaverAndHeir();
    const id = await documentOf(leaverId, 'Page');
    expect(await insertChunks(db(), id, [chunk(0, 'old one'), chunk(1, 'old two')])).toBe(true);
    expect(await insertChunks(db(), id, [chunk(0, 'new text')], true)).toBe(true);
    const [before] = await db().select().from(documents).where(eq(documents.id, id));

    await removeGiving(leaverId, heirId);
    expect(await swapStagedChunks(db(), before!, 'new text', { chunkCount: 1 })).toBe(true);

    const stored = await db()
      .select({ userId: documentChunks.userId, text: documentChunks.text })
      .from(documentChunks)
      .where(eq(documentChunks.documentId, id));
    expect(stored).toEqual([{ userId: heirId, text: 'new text' }]);
  });

  it('stores nothing, and says so, for a document that is gone', async () => {
    const { leaverId } = await leaverAndHeir();
    const id = await documentOf(leaverId, 'Gone');
    await db().delete(documents).where(eq(documents.id, id));
    expect(await insertChunks(db(), id, [chunk(0, 'orphan')])).toBe(false);
  });

  it.runIf(kind === 'postgres')(
    'ends with the new owner whichever of an overlapping transfer and chunk store locks first',
    async () => {
      const untilOneWaits = async () => {
        for (;;) {
          const { rows } = await db().execute<{ n: number }>(
            sql`select count(*)::int as n from pg_locks where not granted`,
          );
          if (rows[0]!.n > 0) return;
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      const gate = () => {
        let open!: () => void;
        const opened = new Promise<void>((resolve) => (open = resolve));
        return { open, opened };
      };

      // A store holding its lock as the transfer starts: the transfer waits for it, then moves
      // its chunks too.
      const one = await leaverAndHeir();
      const first = await documentOf(one.leaverId, 'Stored first');
      const storeDone = gate();
      const storeLocked = gate();
      const store = db().transaction(async (tx) => {
        await tx.select().from(documents).where(eq(documents.id, first)).for('share');
        await tx
          .insert(documentChunks)
          .values({ ...chunk(0, 'stored first'), documentId: first, userId: one.leaverId });
        storeLocked.open();
        await storeDone.opened;
      });
      await storeLocked.opened;
      const transfer = removeUser(db(), one.leaverId, { transferTo: one.heirId });
      await untilOneWaits();
      storeDone.open();
      await Promise.all([store, transfer]);
      expect(await ownersOfChunks(first)).toEqual([one.heirId]);

      // A transfer holding its locks as a store starts: the store waits, then stores for the
      // new owner.
      const two = await leaverAndHeir();
      const second = await documentOf(two.leaverId, 'Stored second');
      const transferDone = gate();
      const transferLocked = gate();
      const holdingTransfer = db().transaction(async (tx) => {
        await updateDocumentsOwner(tx, two.leaverId, two.heirId);
        transferLocked.open();
        await transferDone.opened;
      });
      await transferLocked.opened;
      const stored = insertChunks(db(), second, [chunk(0, 'stored second')]);
      await untilOneWaits();
      transferDone.open();
      await holdingTransfer;
      expect(await stored).toBe(true);
      expect(await ownersOfChunks(second)).toEqual([two.heirId]);
    },
  );
});
