// URL documents fetched again, against a page served by this test on 127.0.0.1 (allowed by
// INGEST_ALLOWED_HOSTS): an unchanged page (304 to the validators sent back, or the same bytes)
// keeps its chunks and records when it was fetched; a changed one replaces them; scheduled
// refreshes are claimed once however many processes look. Embedded (PGlite), in-process jobs.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateDueRefreshesToClaimed } from '../src/modules/documents/queries.js';
import { documentChunks, documents } from '../src/modules/documents/tables.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { search, settled, type Doc } from './support/documents.js';

interface Page {
  body: string;
  etag?: string;
}

describe('refreshing URL documents', () => {
  let t: TestApp;
  let ann: TestUser;
  let server: Server;
  let url: string;
  let page: Page = { body: '', etag: undefined };
  const seen: IncomingHttpHeaders[] = [];

  const chunkIds = async (id: string) =>
    (
      await t.database.db
        .select({ id: documentChunks.id })
        .from(documentChunks)
        .where(eq(documentChunks.documentId, id))
    ).map((row) => row.id);
  const refresh = async (id: string) => {
    const response = await call(t.app, ann, {
      method: 'POST',
      url: `/api/documents/${id}/refresh`,
    });
    expect(response.statusCode, response.body).toBe(202);
    return settled(t.app, ann, id);
  };
  const html = (words: string) =>
    `<!doctype html><title>Tide table</title><h1>Tides</h1><p>${words}</p>`;

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers);
      if (page.etag && request.headers['if-none-match'] === page.etag) {
        response.writeHead(304, { etag: page.etag });
        response.end();
        return;
      }
      response.writeHead(200, {
        'content-type': 'text/html',
        ...(page.etag ? { etag: page.etag } : {}),
      });
      response.end(page.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tides.html`;
    t = await startTestApp(
      { INGEST_ALLOWED_HOSTS: '127.0.0.1' },
      { kind: 'pglite', jobs: 'local' },
    );
    ann = await signUp(t.app, 'ann');
  });
  afterAll(async () => {
    await t.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps an unchanged page as it is, and replaces a changed one', async () => {
    page = { body: html('High water at the harbour mouth comes at noon.'), etag: '"v1"' };
    const added = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { url },
    });
    const id = added.json<{ id: string }>().id;
    const first = await settled(t.app, ann, id);
    expect(first).toMatchObject({ status: 'ready', title: 'Tide table' });
    const fetchedAt = (first as Doc & { fetchedAt: string }).fetchedAt;
    expect(Date.parse(fetchedAt)).toBeGreaterThan(0);
    const before = await chunkIds(id);

    // 304: the validator is sent back; nothing is read again.
    const unchanged = (await refresh(id)) as Doc & { fetchedAt: string };
    expect(seen.at(-1)!['if-none-match']).toBe('"v1"');
    expect(unchanged.status).toBe('ready');
    expect(Date.parse(unchanged.fetchedAt)).toBeGreaterThan(Date.parse(fetchedAt));
    expect(await chunkIds(id)).toEqual(before);

    // No validators, the same bytes: unchanged too, by the content's hash.
    page = { body: page.body };
    await refresh(id);
    expect(await chunkIds(id)).toEqual(before);

    // Changed: the new words are found, the old ones gone, nothing left staged.
    page = { body: html('Low water uncovers the sandbar at dusk.'), etag: '"v2"' };
    const changed = await refresh(id);
    expect(changed).toMatchObject({ status: 'ready', chunkCount: 1 });
    const after = await chunkIds(id);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect((await search(t.app, ann, 'sandbar dusk'))[0]!.text).toMatch(/sandbar at dusk/);
    expect((await search(t.app, ann, 'harbour mouth noon')).some((h) => /noon/.test(h.text))).toBe(
      false,
    );
    const staged = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from document_chunks where user_id = ''`,
    );
    expect(staged.rows[0]!.n).toBe(0);
  });

  it('ingests the same bytes again when the fetch that brought them failed to ingest', async () => {
    // A PDF that cannot be read: it fails after it was fetched, with validators and all.
    page = { body: '%PDF-1.7\nnot really a PDF', etag: '"broken"' };
    const added = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { url: url.replace('tides.html', 'broken.html') },
    });
    const id = added.json<{ id: string }>().id;
    const failed = await settled(t.app, ann, id);
    expect(failed.status).toBe('failed');

    // The same bytes again: read again (and failing again), never "unchanged" and ready with
    // nothing in it; the failed fetch's validators were not kept to be sent back.
    const again = await refresh(id);
    expect(seen.at(-1)!['if-none-match']).toBeUndefined();
    expect(again).toMatchObject({ status: 'failed', chunkCount: 0, error: failed.error });

    page = { body: html('The ferry waits for the flood tide.') };
    expect(await refresh(id)).toMatchObject({ status: 'ready', chunkCount: 1 });
    expect((await search(t.app, ann, 'ferry flood tide'))[0]!.documentId).toBe(id);
    const original = await call(t.app, ann, { url: `/api/documents/${id}/original` });
    expect(original.body).toBe(page.body);
  });

  it('refuses to refresh a document that is not a URL', async () => {
    const added = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { title: 'Notes', text: 'Pasted text.' },
    });
    const id = added.json<{ id: string }>().id;
    await settled(t.app, ann, id);
    const refused = await call(t.app, ann, { method: 'POST', url: `/api/documents/${id}/refresh` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('NOT_A_URL');
  });
});

describe('scheduled refreshes on PostgreSQL', () => {
  it('claims each due document once, however many processes look at the same time', async () => {
    const t = await startTestApp();
    try {
      await signUp(t.app, 'cy');
      const [{ id: userId }] = (
        await t.database.db.execute<{ id: string }>(sql`select id from users limit 1`)
      ).rows as [{ id: string }];
      const long = new Date(Date.now() - 48 * 3600_000);
      const recent = new Date();
      await t.database.db.insert(documents).values([
        ...Array.from({ length: 5 }, (_, i) => ({
          userId,
          title: `Due ${i}`,
          source: 'url' as const,
          sourceUrl: `https://example.com/${i}`,
          status: 'ready' as const,
          fetchedAt: long,
        })),
        {
          userId,
          title: 'Fresh',
          source: 'url',
          sourceUrl: 'https://example.com/f',
          status: 'ready',
          fetchedAt: recent,
        },
        { userId, title: 'Text', source: 'text', status: 'ready', updatedAt: long },
      ]);
      // Several connections of the pool at once: each due document goes to exactly one.
      const looks = await Promise.all(
        Array.from({ length: 4 }, () => updateDueRefreshesToClaimed(t.database.db, 24, 2)),
      );
      const claimed = looks.flat();
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBeGreaterThanOrEqual(2);
      const rest = await updateDueRefreshesToClaimed(t.database.db, 24, 20);
      expect(claimed.length + rest.length).toBe(5);
      expect(await updateDueRefreshesToClaimed(t.database.db, 24, 20)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
