// A sitemap URL adds its pages (issue 16, point 5), against sitemaps and pages served by this
// test on 127.0.0.1 (allowed by INGEST_ALLOWED_HOSTS): known by its bytes (`<urlset>`,
// `<sitemapindex>`), at most SITEMAP_MAX_PAGES, pages the user has already not added again, a
// sitemap or page at a refused address (cloud metadata: refused even when 127.0.0.1 is allowed)
// skipped or failed by the same rules as any URL. Embedded (PGlite, in-process jobs) and split
// (PostgreSQL, BullMQ: the job enqueues the pages' jobs on the queue that runs it).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '../src/modules/documents/tables.js';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { search, settled, type Doc } from './support/documents.js';

const METADATA = 'http://169.254.169.254/latest/meta-data/';

const urlset = (...locations: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n` +
  `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
  locations.map((loc) => `<url><loc>${loc}</loc><lastmod>2026-01-01</lastmod></url>`).join('') +
  `</urlset>`;
const sitemapIndex = (...locations: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>` +
  `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
  locations.map((loc) => `<sitemap><loc>${loc}</loc></sitemap>`).join('') +
  `</sitemapindex>`;
const page = (title: string, words: string) =>
  `<!doctype html><title>${title}</title><h1>${title}</h1><p>${words}</p>`;

describe.each([
  ['embedded: pglite, in-process jobs', 'pglite', 'local'],
  ['split: postgres, bullmq', 'postgres', { redisDb: 12 }],
] as const)('sitemaps, %s', (_name, kind, jobs) => {
  let t: TestApp;
  let ann: TestUser;
  let server: Server;
  let base: string;
  const served: Record<string, string> = {};

  const add = async (url: string) => {
    const response = await call(t.app, ann, {
      method: 'POST',
      url: '/api/documents',
      payload: { url },
    });
    expect(response.statusCode, response.body).toBe(202);
    return settled(t.app, ann, response.json<{ id: string }>().id);
  };
  /** Ann's URL documents added from these addresses, settled. */
  const pagesAt = async (...urls: string[]) => {
    const found: Record<string, Doc> = {};
    for (const url of urls) {
      const rows = await t.database.db
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.sourceUrl, url), eq(documents.source, 'url')));
      if (rows.length > 1) throw new Error(`${url} was added ${rows.length} times`);
      if (rows[0]) found[url] = await settled(t.app, ann, rows[0].id);
    }
    return found;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const body = served[request.url ?? ''];
      if (body === undefined) {
        response.writeHead(404).end('not here');
        return;
      }
      // Content types as careless servers send them: the bytes decide.
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestApp(
      { INGEST_ALLOWED_HOSTS: '127.0.0.1', SITEMAP_MAX_PAGES: '3' },
      { kind, jobs },
    );
    ann = await signUp(t.app, 'ann');
  });
  afterAll(async () => {
    await t?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('adds the pages of a sitemap, at most SITEMAP_MAX_PAGES, by the rules of any URL', async () => {
    served['/lighthouse.html'] = page('Lighthouse', 'The lamp turns twice a minute over the cape.');
    served['/ferry.html'] = page('Ferry', 'The ferry crosses the strait at dawn and dusk.');
    served['/harbour.html'] = page('Harbour', 'Moorings are let by the season.');
    served['/sitemap.xml'] = urlset(
      `${base}/lighthouse.html`,
      METADATA,
      `${base}/ferry.html`,
      `${base}/harbour.html`,
      'ftp://example.com/not-a-page',
    );
    const sitemap = await add(`${base}/sitemap.xml`);
    expect(sitemap).toMatchObject({ status: 'ready', kind: 'sitemap' });

    // Three pages at most, in the sitemap's order: the harbour is left out.
    const pages = await pagesAt(
      `${base}/lighthouse.html`,
      METADATA,
      `${base}/ferry.html`,
      `${base}/harbour.html`,
    );
    expect(Object.keys(pages)).toHaveLength(3);
    expect(pages[`${base}/lighthouse.html`]).toMatchObject({
      status: 'ready',
      title: 'Lighthouse',
    });
    expect(pages[`${base}/ferry.html`]).toMatchObject({ status: 'ready', title: 'Ferry' });
    // The metadata address is refused when its own job fetches it, as any URL document's.
    expect(pages[METADATA]).toMatchObject({ status: 'failed' });
    expect(pages[METADATA]!.error).toMatch(/metadata/);
    expect((await search(t.app, ann, 'ferry strait dawn'))[0]!.title).toBe('Ferry');

    // The sitemap's own text is the list of its pages.
    const text = await call(t.app, ann, { url: `/api/documents/${sitemap.id}/text` });
    expect(text.statusCode, text.body).toBe(200);
    expect(text.json<{ text: string }>().text).toContain(`${base}/harbour.html`);
  });

  it('follows a sitemap index, skipping sitemaps it cannot fetch, and adds no page twice', async () => {
    served['/tides.html'] = page('Tides', 'High water comes at noon at the harbour mouth.');
    served['/pages.xml'] = urlset(`${base}/ferry.html`, `${base}/tides.html`);
    served['/index.xml'] = sitemapIndex(
      `${base}/missing.xml`,
      `${METADATA}sitemap.xml`,
      `${base}/pages.xml`,
    );
    const index = await add(`${base}/index.xml`);
    expect(index).toMatchObject({ status: 'ready', kind: 'sitemap' });
    const pages = await pagesAt(`${base}/ferry.html`, `${base}/tides.html`);
    // The ferry was added by the first sitemap: once only (pagesAt throws on twice).
    expect(pages[`${base}/tides.html`]).toMatchObject({ status: 'ready', title: 'Tides' });

    // Fetched again: only the new page is added.
    served['/hours.html'] = page('Opening hours', 'The ticket office opens at eight.');
    served['/pages.xml'] = urlset(`${base}/tides.html`, `${base}/hours.html`);
    const refreshed = await call(t.app, ann, {
      method: 'POST',
      url: `/api/documents/${index.id}/refresh`,
    });
    expect(refreshed.statusCode, refreshed.body).toBe(202);
    expect(await settled(t.app, ann, index.id)).toMatchObject({ status: 'ready' });
    // The index's own bytes did not change, the sitemap it lists did: its new page is added.
    const added = await pagesAt(`${base}/tides.html`, `${base}/hours.html`);
    expect(added[`${base}/hours.html`]).toMatchObject({ status: 'ready', title: 'Opening hours' });
  });

  it('does not follow a sitemap that a sitemap lists, until its owner refreshes it', async () => {
    served['/beacons.html'] = page('Beacons', 'The red beacon marks the reef.');
    served['/nested.xml'] = urlset(`${base}/beacons.html`);
    served['/outer.xml'] = urlset(`${base}/nested.xml`);
    expect(await add(`${base}/outer.xml`)).toMatchObject({ status: 'ready' });
    const { [`${base}/nested.xml`]: nested } = await pagesAt(`${base}/nested.xml`);
    expect(nested).toMatchObject({ status: 'failed' });
    expect(nested!.error).toMatch(/not followed/);
    expect(await pagesAt(`${base}/beacons.html`)).toEqual({});

    const refreshed = await call(t.app, ann, {
      method: 'POST',
      url: `/api/documents/${nested!.id}/refresh`,
    });
    expect(refreshed.statusCode, refreshed.body).toBe(202);
    expect(await settled(t.app, ann, nested!.id)).toMatchObject({ status: 'ready' });
    const { [`${base}/beacons.html`]: beacons } = await pagesAt(`${base}/beacons.html`);
    expect(beacons).toMatchObject({ status: 'ready', title: 'Beacons' });
  });
});
