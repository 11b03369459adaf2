// Citations that can be checked: every passage says where it came from (the page of a PDF, the
// anchor of an HTML or Markdown heading, and its place in the document's text), and
// GET /api/documents/:id/text serves that text with its sections, so that a viewer can show
// the passage in place. Uploaded through the API and ingested by in-process jobs, on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import { settled, upload } from './support/documents.js';
import { makePdf } from './support/pdf.js';

interface Result {
  documentId: string;
  text: string;
  heading?: string;
  page?: number;
  anchor?: string;
  charStart?: number;
  charEnd?: number;
}
interface DocumentText {
  text: string;
  kind: string;
  sections: { start: number; end: number; heading?: string; anchor?: string; page?: number }[];
}

const MARKDOWN = [
  '# Harbour guide',
  'The harbour opens at dawn.',
  '',
  '## Tides and moorings',
  'Moorings on the east quay dry out at low water spring tides.',
  '',
  '## Tides and moorings',
  'A second section with the same heading gets its own anchor.',
].join('\n');

describe('where passages come from', () => {
  let t: TestApp;
  let ann: TestUser;
  const add = async (name: string, content: Buffer) => {
    const added = await upload(t.app, ann, name, content);
    expect(added.statusCode, added.body).toBe(202);
    const doc = await settled(t.app, ann, added.json<{ id: string }>().id);
    expect(doc.status, doc.error ?? '').toBe('ready');
    return doc.id;
  };
  const first = async (q: string, documentId: string) => {
    const response = await call(t.app, ann, { url: `/api/search?q=${encodeURIComponent(q)}` });
    const hit = response
      .json<{ results: Result[] }>()
      .results.find((r) => r.documentId === documentId);
    expect(hit, response.body).toBeDefined();
    return hit!;
  };
  const textOf = async (id: string) => {
    const response = await call(t.app, ann, { url: `/api/documents/${id}/text` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<DocumentText>();
  };

  beforeAll(async () => {
    t = await startTestApp({}, { kind: 'pglite', jobs: 'local' });
    ann = await signUp(t.app, 'ann');
  });
  afterAll(async () => t.close());

  it('a Markdown passage: its heading anchor, and its place in the text the API serves', async () => {
    const id = await add('harbour.md', Buffer.from(MARKDOWN));
    const hit = await first('east quay moorings dry out', id);
    expect(hit).toMatchObject({ heading: 'Tides and moorings', anchor: 'tides-and-moorings' });
    const document = await textOf(id);
    expect(document.kind).toBe('markdown');
    expect(document.text.slice(hit.charStart, hit.charEnd)).toBe(hit.text);
    expect(document.sections.map((s) => [s.heading, s.anchor])).toEqual([
      ['Harbour guide', 'harbour-guide'],
      ['Tides and moorings', 'tides-and-moorings'],
      ['Tides and moorings', 'tides-and-moorings-1'],
    ]);
    for (const section of document.sections)
      expect(document.text.slice(section.start, section.end)).not.toMatch(/^\s|\s$/);
  });

  it('an HTML passage: the id its heading has in the page', async () => {
    const html =
      '<!doctype html><title>Locks</title><h2 id="lock-hours">Lock hours</h2><p>The canal lock keeper works from eight until six.</p>';
    const id = await add('locks.html', Buffer.from(html));
    const hit = await first('canal lock keeper hours', id);
    expect(hit).toMatchObject({ heading: 'Lock hours', anchor: 'lock-hours' });
    expect((await textOf(id)).text.slice(hit.charStart, hit.charEnd)).toBe(hit.text);
  });

  it('a PDF passage: its page, and its place in the text of the pages', async () => {
    const pdf = await makePdf([
      ['Cover page of the almanac.'],
      ['Lighthouse beams turn every twelve seconds.'],
    ]);
    const id = await add('almanac.pdf', pdf);
    const hit = await first('lighthouse beams twelve seconds', id);
    expect(hit.page).toBe(2);
    const document = await textOf(id);
    expect(document.text.slice(hit.charStart, hit.charEnd)).toBe(hit.text);
    expect(document.sections.map((s) => s.page)).toEqual([1, 2]);
  });

  it('serves the text to its owner only, once the document is ready (409 before)', async () => {
    const id = await add('mine.md', Buffer.from('# Mine\nPrivate notes.'));
    const bob = await signUp(t.app, 'bob');
    expect((await call(t.app, bob, { url: `/api/documents/${id}/text` })).statusCode).toBe(404);
    const broken = await upload(t.app, ann, 'broken.pdf', Buffer.from('%PDF-1.7\nnot really\n'));
    const failed = await settled(t.app, ann, broken.json<{ id: string }>().id);
    expect(failed.status).toBe('failed');
    const refused = await call(t.app, ann, { url: `/api/documents/${failed.id}/text` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('DOCUMENT_NOT_READY');
  });
});
