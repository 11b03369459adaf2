import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentItem } from '../api/types';
import { apiError, fakeApi, json } from '../../test/fakeApi';
import { renderPage } from '../../test/render';
import { ViewerPage } from './ViewerPage';

// pdf.js needs a real browser (canvas, workers): the browser journey draws a real PDF. Here the
// PDF view is a stand-in that shows what the page hands it.
vi.mock('./PdfView', () => ({
  PdfView: ({ bytes, page, passage }: { bytes: Uint8Array; page?: number; passage?: string }) => (
    <p>{`PDF of ${bytes.length} bytes at page ${page}, highlighting: ${passage}`}</p>
  ),
}));

const ID = '00000000-0000-4000-8000-0000000000d1';
const TEXT =
  'Lighthouse notes\n\nThe lamp is lit at dusk.\n\nThe keeper polishes the brass lens with walnut oil every Tuesday.\n\nThe tide tables hang by the door.';
const PASSAGE = 'The keeper polishes the brass lens with walnut oil every Tuesday.';
const FROM = TEXT.indexOf(PASSAGE);
const TO = FROM + PASSAGE.length;

const doc = (changes: Partial<DocumentItem> = {}): DocumentItem => ({
  id: ID,
  title: 'lighthouse notes',
  source: 'upload',
  sourceUrl: null,
  fileName: 'lighthouse-notes.md',
  kind: 'markdown',
  sizeBytes: TEXT.length,
  status: 'ready',
  progress: 100,
  error: null,
  fetchedAt: null,
  owner: { id: 'u1', name: 'Ann' },
  chunkCount: 2,
  createdAt: '2026-05-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:00.000Z',
  ...changes,
});

const textAnswer = (ocr = false) =>
  json({
    documentId: ID,
    kind: 'markdown',
    text: TEXT,
    sections: [
      { start: 0, end: FROM, heading: 'Lighthouse notes', ocr: false },
      { start: FROM, end: TEXT.length, heading: 'Lighthouse notes', ocr },
    ],
  });

const scrolled = vi.fn();
beforeEach(() => {
  scrolled.mockClear();
  // jsdom lays nothing out, so it has no scrollIntoView.
  Element.prototype.scrollIntoView = scrolled;
});

describe('the document viewer', () => {
  it('shows the text with the cited passage marked, scrolled to and focused', async () => {
    fakeApi({
      'GET /api/documents/:id': () => json(doc()),
      'GET /api/documents/:id/text': () => textAnswer(),
    });
    renderPage(<ViewerPage id={ID} />, { path: `/documents/${ID}/view?from=${FROM}&to=${TO}` });
    expect(await screen.findByRole('heading', { name: 'lighthouse notes', level: 1 })).toBeTruthy();
    const mark = await screen.findByText(PASSAGE, { selector: 'mark' });
    await waitFor(() => expect(document.activeElement).toBe(mark));
    expect(scrolled).toHaveBeenCalledWith({ block: 'center' });
    expect(mark.parentElement?.textContent).toBe(TEXT);
    expect(screen.queryByText('OCR')).toBeNull();
  });

  it('says when the cited text was read by OCR', async () => {
    fakeApi({
      'GET /api/documents/:id': () => json(doc({ kind: 'png' })),
      'GET /api/documents/:id/text': () => textAnswer(true),
    });
    renderPage(<ViewerPage id={ID} />, { path: `/documents/${ID}/view?from=${FROM}&to=${TO}` });
    await screen.findByText(PASSAGE, { selector: 'mark' });
    expect(screen.getByText('OCR').className).toBe('badge');
  });

  it("links a web page's original at the passage's heading", async () => {
    fakeApi({
      'GET /api/documents/:id': () =>
        json(doc({ source: 'url', sourceUrl: 'https://example.org/keeping', kind: 'html' })),
      'GET /api/documents/:id/text': () => textAnswer(),
    });
    renderPage(<ViewerPage id={ID} />, {
      path: `/documents/${ID}/view?from=${FROM}&to=${TO}&anchor=brass-lens`,
    });
    const link = await screen.findByRole('link', { name: 'The web page at this heading' });
    expect(link.getAttribute('href')).toBe('https://example.org/keeping#brass-lens');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('without a place, shows the whole text unmarked; a bad place is ignored', async () => {
    fakeApi({
      'GET /api/documents/:id': () => json(doc()),
      'GET /api/documents/:id/text': () => textAnswer(),
    });
    renderPage(<ViewerPage id={ID} />, { path: `/documents/${ID}/view?from=90&to=12x` });
    expect(await screen.findByText(/The tide tables/)).toBeTruthy();
    expect(document.querySelector('mark')).toBeNull();
  });

  it('says plainly when an older Docket kept no text, and offers the original', async () => {
    fakeApi({
      'GET /api/documents/:id': () => json(doc()),
      'GET /api/documents/:id/text': () =>
        apiError(409, 'TEXT_NOT_KEPT', 'the document was ingested by an older Docket'),
    });
    renderPage(<ViewerPage id={ID} />, { path: `/documents/${ID}/view?from=${FROM}&to=${TO}` });
    const note = await screen.findByRole('status');
    expect(note.textContent).toMatch(/added by an older Docket, which did not keep its text/);
    const download = screen.getAllByRole('link', { name: 'Download the original' });
    expect(download[0]!.getAttribute('href')).toBe(`/api/documents/${ID}/original`);
    expect(download[0]!.hasAttribute('download')).toBe(true);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows other errors as errors', async () => {
    fakeApi({
      'GET /api/documents/:id': () => apiError(404, 'NOT_FOUND', 'document not found'),
    });
    renderPage(<ViewerPage id={ID} />, { path: `/documents/${ID}/view` });
    expect((await screen.findByRole('alert')).textContent).toBe('Document not found');
  });

  it('opens a PDF at the cited page, handing the viewer the passage to highlight', async () => {
    const api = fakeApi({
      'GET /api/documents/:id': () => json(doc({ kind: 'pdf' })),
      'GET /api/documents/:id/text': () => textAnswer(),
      'GET /api/documents/:id/original': () =>
        new Response(new Uint8Array(1234), { headers: { 'content-type': 'application/pdf' } }),
    });
    renderPage(<ViewerPage id={ID} />, {
      path: `/documents/${ID}/view?from=${FROM}&to=${TO}&page=3`,
    });
    expect(
      await screen.findByText(`PDF of 1234 bytes at page 3, highlighting: ${PASSAGE}`),
    ).toBeTruthy();
    expect(api.callsTo('GET /api/documents/:id/original')).toHaveLength(1);
  });

  it('opens an old PDF at its page without a highlight, saying why', async () => {
    fakeApi({
      'GET /api/documents/:id': () => json(doc({ kind: 'pdf' })),
      'GET /api/documents/:id/text': () => apiError(409, 'TEXT_NOT_KEPT', 'no text kept'),
      'GET /api/documents/:id/original': () => new Response(new Uint8Array(10)),
    });
    renderPage(<ViewerPage id={ID} />, { path: `/documents/${ID}/view?page=2` });
    expect(
      await screen.findByText('PDF of 10 bytes at page 2, highlighting: undefined'),
    ).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/did not keep its text/);
  });
});
