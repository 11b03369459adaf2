// Documents end to end on a real PostgreSQL + pgvector and a real Redis (BullMQ): uploads,
// URLs and pasted text ingested by the worker, found by search; limits, SSRF refusals,
// isolation between users, and retries that never duplicate chunks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestJob } from '../src/modules/documents/jobs.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { search, settled, upload, type Doc } from './support/documents.js';
import { makePdf } from './support/pdf.js';

/** Pages served on 127.0.0.1 by the test; `/flaky` fails twice before it answers. */
async function startPages(): Promise<{ server: Server; base: string; flakyHits: () => number }> {
  let flaky = 0;
  const server = createServer((request, response) => {
    if (request.url === '/article') {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><html><head><title>Tide tables of Saint-Malo</title><script>var x=1</script></head>
        <body><nav>menu</nav><h1>Tides</h1><p>Intro.</p><h2>Spring tides</h2>
        <p>The tidal range at Saint-Malo reaches thirteen metres during equinoctial spring tides.</p></body></html>`);
    } else if (request.url === '/flaky') {
      flaky += 1;
      if (flaky <= 2) {
        response.statusCode = 503;
        response.end('try again later');
        return;
      }
      response.setHeader('content-type', 'text/plain');
      response.end(
        'Quokkas are small wallabies living on Rottnest Island.\n\nThey are famously photogenic.',
      );
    } else if (request.url === '/to-private') {
      response.statusCode = 302;
      response.setHeader('location', 'http://10.0.0.1/secret');
      response.end();
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    flakyHits: () => flaky,
  };
}

describe('documents', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let pages: Awaited<ReturnType<typeof startPages>>;

  beforeAll(async () => {
    pages = await startPages();
    t = await startTestApp(
      { INGEST_ALLOWED_HOSTS: '127.0.0.1', UPLOAD_MAX_BYTES: '200000' },
      { jobs: { redisDb: 4 } },
    );
    ann = await signUp(t.app, 'ann');
    bob = await signUp(t.app, 'bob');
  });
  afterAll(async () => {
    await t.close();
    pages.server.close();
  });

  it('ingests pasted text in a job (202 queued, then ready) and finds it by words and by meaning', async () => {
    const added = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: {
        title: 'Garden notes',
        text: '# Roses\n\nPrune the climbing roses in late winter, before the buds swell.\n\n# Tomatoes\n\nWater tomatoes deeply twice a week.',
      },
    });
    expect(added.statusCode).toBe(202);
    expect(added.json()).toEqual({ id: expect.any(String), status: 'queued' });
    const doc = await settled(t.app, ann, added.json<{ id: string }>().id);
    expect(doc).toMatchObject({ status: 'ready', progress: 100, error: null, kind: 'markdown' });
    expect(doc.chunkCount).toBeGreaterThanOrEqual(2);

    const [best] = await search(t.app, ann, 'when should I prune roses');
    expect(best).toMatchObject({ documentId: doc.id, title: 'Garden notes', heading: 'Roses' });
    expect(best!.text).toMatch(/climbing roses/);
    const [meaning] = await search(t.app, ann, 'pruning rose bushes');
    expect(meaning?.heading).toBe('Roses');
  });

  it('ingests a generated PDF, keeping page numbers', async () => {
    const pdf = await makePdf(
      [
        ['Annual report', 'Introduction to the year.'],
        ['Revenue grew by forty percent thanks to the new harbour ferry line.'],
        ['Outlook for next year.'],
      ],
      'Annual report',
    );
    const added = await upload(t.app, ann, 'report.pdf', pdf);
    expect(added.statusCode, added.body).toBe(202);
    const doc = await settled(t.app, ann, added.json<{ id: string }>().id);
    expect(doc).toMatchObject({ status: 'ready', kind: 'pdf' });
    const [hit] = await search(t.app, ann, 'harbour ferry revenue');
    expect(hit).toMatchObject({ documentId: doc.id, page: 2 });
  });

  it('ingests an HTML page from a URL (allow-listed test host), with its title and headings', async () => {
    const added = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { url: `${pages.base}/article` },
    });
    expect(added.statusCode).toBe(202);
    const doc = await settled(t.app, ann, added.json<{ id: string }>().id);
    expect(doc).toMatchObject({
      status: 'ready',
      kind: 'html',
      title: 'Tide tables of Saint-Malo',
    });
    const [hit] = await search(t.app, ann, 'tidal range metres');
    expect(hit).toMatchObject({ documentId: doc.id, heading: 'Spring tides' });
    expect(hit!.text).not.toMatch(/var x|menu/);
  });

  it('refuses URLs that could reach private places, before and after redirects', async () => {
    const refused = async (url: string) => {
      const response = await call(t.app, bob, {
        method: 'POST',
        url: '/api/documents',
        payload: { url },
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code, url).toBe('URL_NOT_ALLOWED');
    };
    await refused('http://169.254.169.254/latest/meta-data/');
    await refused('file:///etc/passwd');
    await refused('http://localhost:5432/');
    await refused('http://[::1]/');
    // Allowed at first, but it redirects to a private address: the job refuses the hop.
    const added = await call(t.app, bob, {
      method: 'POST',
      url: '/api/documents',
      payload: { url: `${pages.base}/to-private` },
    });
    expect(added.statusCode).toBe(202);
    const doc = await settled(t.app, bob, added.json<{ id: string }>().id);
    expect(doc.status).toBe('failed');
    expect(doc.error).toMatch(/10\.0\.0\.1|private|not allowed/i);
  });

  it('answers 413 over the size limit and 415 for content it cannot read, storing nothing', async () => {
    const carol = await signUp(t.app, 'carol');
    const big = await upload(t.app, carol, 'big.txt', Buffer.alloc(300_000, 'a'));
    expect(big.statusCode).toBe(413);
    expect(big.json<{ error: { code: string } }>().error.code).toBe('PAYLOAD_TOO_LARGE');
    // A GIF: a picture, but not one Docket reads (PNG and JPEG are OCR'd).
    const gif = Buffer.from('47494638396101000100800000ffffff00000021f90401000000002c', 'hex');
    const binary = await upload(t.app, carol, 'notes.txt', gif);
    expect(binary.statusCode).toBe(415);
    expect(
      (await call(t.app, carol, { url: '/api/documents' })).json<{ items: unknown[] }>().items,
    ).toEqual([]);
  });

  it('ends an unreadable PDF as failed, with the reason', async () => {
    const added = await upload(
      t.app,
      ann,
      'broken.pdf',
      Buffer.from('%PDF-1.7\nthis is not really a pdf\n%%EOF'),
    );
    expect(added.statusCode).toBe(202);
    const doc = await settled(t.app, ann, added.json<{ id: string }>().id);
    expect(doc.status).toBe('failed');
    expect(doc.error).toMatch(/PDF/);
  });

  it('keeps users apart: lists, reads, deletes and search', async () => {
    const annDocs = (await call(t.app, ann, { url: '/api/documents' })).json<{ items: Doc[] }>()
      .items;
    expect(annDocs.length).toBeGreaterThanOrEqual(3);
    const bobDocs = (await call(t.app, bob, { url: '/api/documents' })).json<{ items: Doc[] }>()
      .items;
    expect(bobDocs.map((d) => d.id)).not.toEqual(expect.arrayContaining([annDocs[0]!.id]));
    expect((await call(t.app, bob, { url: `/api/documents/${annDocs[0]!.id}` })).statusCode).toBe(
      404,
    );
    expect(
      (await call(t.app, bob, { method: 'DELETE', url: `/api/documents/${annDocs[0]!.id}` }))
        .statusCode,
    ).toBe(404);
    expect(await search(t.app, bob, 'climbing roses')).toEqual([]);
    expect(await search(t.app, bob, 'tidal range')).toEqual([]);
  });

  it('retries a failing fetch and ends with one copy of the chunks; a repeated job replaces them', async () => {
    const added = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { url: `${pages.base}/flaky` },
    });
    const id = added.json<{ id: string }>().id;
    const doc = await settled(t.app, ann, id);
    expect(doc.status, doc.error ?? '').toBe('ready');
    expect(pages.flakyHits()).toBe(3);
    const count = async () =>
      (
        await t.database.db.execute<{ n: number }>(
          sql`select count(*)::int as n from document_chunks where document_id = ${id}`,
        )
      ).rows[0]!.n;
    expect(await count()).toBe(doc.chunkCount);

    await t.queue.enqueue(ingestJob, { documentId: id });
    const deadline = Date.now() + 20_000;
    while (pages.flakyHits() < 4 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const again = await settled(t.app, ann, id);
    expect(again.status).toBe('ready');
    expect(await count()).toBe(doc.chunkCount);
    expect((await search(t.app, ann, 'quokka Rottnest'))[0]?.documentId).toBe(id);
  });

  it('deletes a document with its chunks', async () => {
    const added = await call(t.app, bob, {
      method: 'POST',
      url: '/api/documents',
      payload: { title: 'Temp', text: 'Ephemeral zebra facts.' },
    });
    const id = added.json<{ id: string }>().id;
    await settled(t.app, bob, id);
    expect((await search(t.app, bob, 'zebra')).length).toBe(1);
    expect(
      (await call(t.app, bob, { method: 'DELETE', url: `/api/documents/${id}` })).statusCode,
    ).toBe(204);
    expect(await search(t.app, bob, 'zebra')).toEqual([]);
    const left = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from document_chunks where document_id = ${id}`,
    );
    expect(left.rows[0]!.n).toBe(0);
  });

  it('validates search and document input', async () => {
    expect((await call(t.app, ann, { url: '/api/search?q=' })).statusCode).toBe(400);
    expect((await call(t.app, ann, { url: '/api/search?q=x&limit=51' })).statusCode).toBe(400);
    const bad = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { title: 'No text' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
