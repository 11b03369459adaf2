// Knowledge quality on the Compose stack, through http://127.0.0.1:${WEB_PORT} only: a DOCX, an
// XLSX and a scanned PDF uploaded and found by search (the worker image has the format readers,
// Tesseract and its English data, and reads them offline), and a URL document fetched again:
// unchanged, then changed. The page is served from a container of its own on the stack's
// backend network (the worker reaches no host port), allowed by INGEST_ALLOWED_HOSTS; its
// /sitemap.xml lists two of its pages, which a sitemap URL document adds.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeDocx, makeXlsx } from '../../server/test/support/formats.js';
import { makeScannedPdf } from '../../server/test/support/pictures.js';
import { call, signUp, type DocumentView, type SearchResult, type User } from './support/api.js';
import { Stack, docker, waitFor } from './support/docker.js';

let stack: Stack;
let ann: User;
let pages: string;

/**
 * A page server: /tmp/page.html with an ETag of its content, 304 to a matching If-None-Match;
 * /sitemap.xml, a sitemap of two pages.
 */
const PAGE_SERVER = `
const fs = require('fs'), crypto = require('crypto');
const SITEMAP = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
  '<url><loc>http://pages:8080/tides.html</loc></url><url><loc>http://pages:8080/hours.html</loc></url></urlset>';
require('http').createServer((req, res) => {
  if (req.url === '/sitemap.xml') { res.writeHead(200, { 'content-type': 'text/xml' }); return res.end(SITEMAP); }
  const body = fs.readFileSync('/tmp/page.html');
  const etag = '"' + crypto.createHash('sha1').update(body).digest('hex') + '"';
  console.log(req.method, req.url, req.headers['if-none-match'] || '-');
  if (req.headers['if-none-match'] === etag) { res.writeHead(304, { etag }); return res.end(); }
  res.writeHead(200, { 'content-type': 'text/html', etag });
  res.end(body);
}).listen(8080);`;

const page = (words: string) =>
  `<!doctype html><title>Ferry notice</title><h1>Ferry</h1><p>${words}</p>`;

async function servePage(html: string) {
  const script = `require('fs').writeFileSync('/tmp/page.html', process.argv[1])`;
  await docker(['exec', pages, 'node', '-e', script, html]);
}

const as = () => ({ token: ann.token });

async function uploadFile(name: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const uploaded = await call<{ id: string }>(stack, '/api/documents', {
    method: 'POST',
    auth: as(),
    body: form,
  });
  expect(uploaded.status).toBe(202);
  return uploaded.body.id;
}

type Document = DocumentView & { fetchedAt: string | null };

async function settled(id: string): Promise<Document> {
  return waitFor(
    `document ${id} ingested`,
    async () => {
      const { body } = await call<Document>(stack, `/api/documents/${id}`, { auth: as() });
      return body.status === 'ready' || body.status === 'failed' ? body : undefined;
    },
    { timeoutMs: 120_000 },
  );
}

async function search(q: string) {
  const { status, body } = await call<{ results: (SearchResult & { ocr: boolean })[] }>(
    stack,
    `/api/search?q=${encodeURIComponent(q)}&limit=5`,
    { auth: as() },
  );
  expect(status).toBe(200);
  return body.results;
}

beforeAll(async () => {
  stack = await Stack.create('knowledge', ['compose.yaml'], { INGEST_ALLOWED_HOSTS: 'pages' });
  await stack.up();
  pages = `${stack.project}-pages`;
  await docker([
    'run',
    '-d',
    '--name',
    pages,
    '--network',
    `${stack.project}_backend`,
    '--network-alias',
    'pages',
    'node:24-trixie-slim',
    'sh',
    '-c',
    `echo '<p>starting</p>' > /tmp/page.html && exec node -e "$0"`,
    PAGE_SERVER,
  ]);
  ann = await signUp(stack, 'Knowledge suite');
}, 300_000);

afterAll(async () => {
  if (pages) await docker(['rm', '-f', pages], { allowFailure: true });
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

describe('formats and OCR in the worker container', () => {
  test.each([
    {
      name: 'orchard.docx',
      make: () =>
        makeDocx('Orchard care', [
          { heading: 'Pruning', paragraphs: ['Cut back the quince branches in February.'] },
        ]),
      query: 'quince branches february',
      text: /quince branches in February/,
      ocr: false,
    },
    {
      name: 'stock.xlsx',
      make: () =>
        makeXlsx([
          {
            name: 'Telescopes',
            rows: [
              ['Model', 'Aperture'],
              ['Dobsonian reflector', '250 mm'],
            ],
          },
        ]),
      query: 'dobsonian reflector aperture',
      text: /Model: Dobsonian reflector; Aperture: 250 mm/,
      ocr: false,
    },
    {
      name: 'scanned-letter.pdf',
      make: () =>
        makeScannedPdf([['The cormorant colony nests on the north pier', 'until late July.']]),
      query: 'cormorant colony north pier',
      text: /cormorant colony nests on the north pier/,
      ocr: true,
    },
  ])('$name is ingested and found by search', async ({ name, make, query, text, ocr }) => {
    const id = await uploadFile(name, await make());
    const document = await settled(id);
    expect(document, document.error ?? '').toMatchObject({ status: 'ready' });
    const hit = (await search(query)).find((r) => r.documentId === id);
    expect(hit).toBeDefined();
    expect(hit!.text).toMatch(text);
    expect(hit!.ocr).toBe(ocr);
  });
});

describe('a URL document fetched again', () => {
  test('unchanged, it keeps its chunks; changed, it is replaced', async () => {
    await servePage(page('The morning ferry to the island leaves at seven.'));
    const added = await call<{ id: string }>(stack, '/api/documents', {
      method: 'POST',
      auth: as(),
      json: { url: 'http://pages:8080/notice.html' },
    });
    expect(added.status).toBe(202);
    const first = await settled(added.body.id);
    expect(first, first.error ?? '').toMatchObject({ status: 'ready', title: 'Ferry notice' });
    expect((await search('morning ferry island seven'))[0]!.documentId).toBe(first.id);

    const refresh = async () => {
      const answer = await call<Document>(stack, `/api/documents/${first.id}/refresh`, {
        method: 'POST',
        auth: as(),
      });
      expect(answer.status).toBe(202);
      return settled(first.id);
    };
    const unchanged = await refresh();
    expect(unchanged.status).toBe('ready');
    expect(Date.parse(unchanged.fetchedAt!)).toBeGreaterThan(Date.parse(first.fetchedAt!));
    const logs = await docker(['logs', pages]);
    expect(logs.stdout).toMatch(/GET \/notice\.html "[0-9a-f]{40}"/); // the ETag went back

    await servePage(page('The evening ferry is cancelled during storms.'));
    const changed = await refresh();
    expect(changed.status).toBe('ready');
    const hits = await search('evening ferry cancelled storms');
    expect(hits[0]!.text).toMatch(/evening ferry is cancelled/);
    expect(hits.some((h) => /morning ferry/.test(h.text))).toBe(false);
  });
});

describe('a sitemap URL', () => {
  test('adds its pages, which the worker fetches and ingests', async () => {
    await servePage(page('Spring tides follow the full moon at the harbour.'));
    const added = await call<{ id: string }>(stack, '/api/documents', {
      method: 'POST',
      auth: as(),
      json: { url: 'http://pages:8080/sitemap.xml' },
    });
    expect(added.status).toBe(202);
    const sitemap = await settled(added.body.id);
    expect(sitemap, sitemap.error ?? '').toMatchObject({ status: 'ready', kind: 'sitemap' });
    const { body } = await call<{ items: (Document & { sourceUrl: string | null })[] }>(
      stack,
      '/api/documents?limit=100',
      { auth: as() },
    );
    const pageIds = ['tides', 'hours'].map(
      (name) => body.items.find((d) => d.sourceUrl === `http://pages:8080/${name}.html`)?.id,
    );
    expect(pageIds).not.toContain(undefined);
    for (const id of pageIds)
      expect(await settled(id!)).toMatchObject({ status: 'ready', title: 'Ferry notice' });
  });
});
