// Documents ingested before text positions were kept (issue 16, point 4) answer /text with 409
// TEXT_NOT_KEPT; `docket documents rechunk` (rechunkDocumentsWithoutPlaces) queues them to be
// read again from their stored bytes, a URL document's too (the page is not fetched again),
// after which /text answers with positions. Such a document is made here as an older Docket
// left it: its chunks without places, no text kept. Embedded (PGlite), in-process jobs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rechunkDocumentsWithoutPlaces } from '../src/modules/documents/rechunk.js';
import { documentChunks, documentTextParts } from '../src/modules/documents/tables.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { search, settled } from './support/documents.js';

describe('re-chunking documents ingested without text positions', () => {
  let t: TestApp;
  let ann: TestUser;
  let server: Server;
  let url: string;
  let pageBody = '';
  let fetches = 0;

  const add = async (payload: object) => {
    const response = await call(t.app, ann, { method: 'POST', url: '/api/documents', payload });
    expect(response.statusCode, response.body).toBe(202);
    const doc = await settled(t.app, ann, response.json<{ id: string }>().id);
    expect(doc.status).toBe('ready');
    return doc.id;
  };
  /** What an older Docket left: chunks without places, and no text. */
  const forgetPlaces = async (id: string) => {
    await t.database.db
      .update(documentChunks)
      .set({ charStart: null, charEnd: null })
      .where(eq(documentChunks.documentId, id));
    await t.database.db.delete(documentTextParts).where(eq(documentTextParts.documentId, id));
  };
  const text = (id: string) => call(t.app, ann, { url: `/api/documents/${id}/text` });

  beforeAll(async () => {
    server = createServer((_request, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'text/html' }).end(pageBody);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/almanac.html`;
    t = await startTestApp(
      { INGEST_ALLOWED_HOSTS: '127.0.0.1' },
      { kind: 'pglite', jobs: 'local' },
    );
    ann = await signUp(t.app, 'ann');
  });
  afterAll(async () => {
    await t?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads them again from their stored bytes, and leaves the others alone', async () => {
    const pasted = await add({
      title: 'Orchard notes',
      text: '# Pruning\n\nPrune the pear trees in late winter.\n\n# Grafting\n\nGraft apples in spring.',
    });
    pageBody =
      '<!doctype html><title>Almanac</title><h1>Tides</h1><p>Spring tides follow the full moon.</p>';
    const page = await add({ url });
    const current = await add({ title: 'Current', text: 'Kept with its positions already.' });
    await forgetPlaces(pasted);
    await forgetPlaces(page);
    for (const id of [pasted, page]) {
      const old = await text(id);
      expect(old.statusCode).toBe(409);
      expect(old.json<{ error: { code: string } }>().error.code).toBe('TEXT_NOT_KEPT');
    }
    const chunksOfCurrent = await t.database.db
      .select({ id: documentChunks.id })
      .from(documentChunks)
      .where(eq(documentChunks.documentId, current));

    // The page has changed since: re-chunking reads what was stored, it does not fetch.
    pageBody = '<!doctype html><title>Changed</title><p>Nothing about tides.</p>';
    const fetchesBefore = fetches;
    expect(await rechunkDocumentsWithoutPlaces(t.database.db, t.queue)).toBe(2);
    for (const id of [pasted, page])
      expect(await settled(t.app, ann, id)).toMatchObject({ status: 'ready', error: null });
    expect(fetches).toBe(fetchesBefore);

    const orchard = (await text(pasted)).json<{ text: string; sections: { heading: string }[] }>();
    expect(orchard.text).toContain('Graft apples in spring.');
    expect(orchard.sections.map((section) => section.heading)).toEqual(['Pruning', 'Grafting']);
    const almanac = await text(page);
    expect(almanac.statusCode, almanac.body).toBe(200);
    expect(almanac.json<{ text: string }>().text).toContain('Spring tides follow the full moon.');
    const hit = (await search(t.app, ann, 'spring tides full moon'))[0]!;
    expect(hit.text).toMatch(/full moon/);
    expect((hit as unknown as { charStart: number | null }).charStart).not.toBeNull();

    // The document that had its positions was not touched; a second run finds nothing to do.
    expect(
      await t.database.db
        .select({ id: documentChunks.id })
        .from(documentChunks)
        .where(eq(documentChunks.documentId, current)),
    ).toEqual(chunksOfCurrent);
    expect(await rechunkDocumentsWithoutPlaces(t.database.db, t.queue)).toBe(0);
  });
});
