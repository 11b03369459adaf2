import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DocumentItem, Settings } from '../api/types';
import { BOB, collection, page } from '../../test/collections';
import { apiError, fakeApi, json } from '../../test/fakeApi';
import { renderPage } from '../../test/render';
import { DocumentsPage } from './DocumentsPage';
import { POLL_MS } from './queries';

const SETTINGS = { uploadMaxBytes: 25 * 1024 * 1024 } as Settings;
/** What the page reads besides the list: settings, and no collections unless a test says so. */
const PAGE_ROUTES = {
  'GET /api/settings': () => json(SETTINGS),
  'GET /api/collections': () => json(page([])),
};

let next = 0;
const doc = (title: string, changes: Partial<DocumentItem> = {}): DocumentItem => ({
  id: `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`,
  title,
  source: 'text',
  sourceUrl: null,
  fileName: null,
  kind: 'text',
  sizeBytes: 1200,
  status: 'ready',
  progress: 100,
  error: null,
  fetchedAt: null,
  owner: { id: 'u1', name: 'Ann' },
  chunkCount: 3,
  createdAt: '2026-05-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:00.000Z',
  ...changes,
});

describe('the Documents page', () => {
  it('follows a document being ingested until it settles, then stops asking', async () => {
    // Each read of the list moves the document one step on.
    const steps: Partial<DocumentItem>[] = [
      { status: 'queued', progress: 0, chunkCount: 0 },
      { status: 'processing', progress: 40, chunkCount: 0 },
      { status: 'ready', progress: 100, chunkCount: 5 },
    ];
    const notes = doc('Lighthouse notes');
    const api = fakeApi({
      ...PAGE_ROUTES,
      'GET /api/documents': () => {
        const reads = api.callsTo('GET /api/documents').length;
        return json({
          items: [{ ...notes, ...steps[Math.min(reads, steps.length) - 1] }],
          nextCursor: null,
        });
      },
    });
    renderPage(<DocumentsPage />);
    expect(await screen.findByText('Queued')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Lighthouse notes ingestion' })).toBeTruthy();
    expect(await screen.findByText('Processing 40%', {}, { timeout: 3 * POLL_MS })).toBeTruthy();
    expect(await screen.findByText('Ready', {}, { timeout: 3 * POLL_MS })).toBeTruthy();
    expect(screen.getByText(/5 passages/)).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    const reads = api.callsTo('GET /api/documents').length;
    await new Promise((resolve) => setTimeout(resolve, 2 * POLL_MS));
    expect(api.callsTo('GET /api/documents')).toHaveLength(reads);
  }, 15_000);

  it('shows the upload limit from the server', async () => {
    fakeApi({
      ...PAGE_ROUTES,
      'GET /api/documents': () => json({ items: [], nextCursor: null }),
    });
    renderPage(<DocumentsPage />);
    expect(await screen.findByText(/up to 25\.0 MB each/)).toBeTruthy();
    expect(screen.getByText(/No documents yet/)).toBeTruthy();
  });

  it('adds pasted text, and the list read again shows it first', async () => {
    let saved = [doc('Garden notes')];
    const api = fakeApi({
      ...PAGE_ROUTES,
      'GET /api/documents': () => json({ items: saved, nextCursor: null }),
      'POST /api/documents': ({ body }) => {
        const added = doc((body as { title: string }).title, { status: 'queued', progress: 0 });
        saved = [added, ...saved];
        return json({ id: added.id, status: 'queued' }, 202);
      },
    });
    const { user } = renderPage(<DocumentsPage />);
    await screen.findByText('Garden notes');
    await user.type(screen.getByLabelText('Title'), 'Tide tables');
    await user.type(screen.getByLabelText('Text'), 'High water at 6:40.');
    await user.click(screen.getByRole('button', { name: 'Add text' }));
    expect(await screen.findByText('Tide tables')).toBeTruthy();
    expect(api.callsTo('POST /api/documents')[0]!.body).toEqual({
      title: 'Tide tables',
      text: 'High water at 6:40.',
    });
    const titles = [...document.querySelectorAll('.document-title')].map((h) => h.textContent);
    expect(titles).toEqual(['Tide tables', 'Garden notes']);
  });

  it('cancels a document being ingested, and deletes one after asking', async () => {
    let pending = doc('Tide tables', { status: 'processing', progress: 10 });
    let saved = [pending, doc('Garden notes')];
    const api = fakeApi({
      ...PAGE_ROUTES,
      'GET /api/documents': () => json({ items: saved, nextCursor: null }),
      'POST /api/documents/:id/cancel': () => {
        pending = { ...pending, status: 'failed', error: 'cancelled' };
        saved = [pending, ...saved.slice(1)];
        return json(pending);
      },
      'DELETE /api/documents/:id': ({ params }) => {
        saved = saved.filter((d) => d.id !== params.id);
        return json(undefined, 204);
      },
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { user } = renderPage(<DocumentsPage />);
    await user.click(await screen.findByRole('button', { name: 'Cancel Tide tables' }));
    expect(await screen.findByText('Failed: cancelled')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel Tide tables' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Delete Garden notes' }));
    await waitFor(() => expect(screen.queryByText('Garden notes')).toBeNull());
    expect(api.callsTo('DELETE /api/documents/:id')[0]!.params.id).not.toBe(pending.id);
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Library' })),
    );
  });

  it('searches the passages, and says when none match', async () => {
    const api = fakeApi({
      ...PAGE_ROUTES,
      'GET /api/documents': () => json({ items: [], nextCursor: null }),
      'GET /api/search': ({ query }) =>
        json({
          results:
            query.get('q') === 'walnut oil'
              ? [
                  {
                    chunkId: 'k1',
                    documentId: 'd1',
                    title: 'Lighthouse notes',
                    page: 2,
                    heading: 'Tuesdays',
                    text: 'The keeper polishes the brass lens with walnut oil.',
                    score: 0.03,
                    ocr: true,
                    charStart: 40,
                    charEnd: 91,
                  },
                ]
              : [],
        }),
    });
    const { user } = renderPage(<DocumentsPage />);
    await user.type(screen.getByLabelText('Words or a question'), 'walnut oil{Enter}');
    expect(await screen.findByRole('heading', { name: 'Lighthouse notes', level: 3 })).toBeTruthy();
    expect(screen.getByText('Page 2 · Tuesdays')).toBeTruthy();
    expect(screen.getByText('1 passage found')).toBeTruthy();
    // Read by OCR, and opened at its place.
    expect(screen.getByText('OCR').className).toBe('badge');
    const open = screen.getByRole('link', { name: 'Open Lighthouse notes at this passage' });
    expect(open.getAttribute('href')).toBe('/documents/d1/view?from=40&to=91&page=2');

    await user.clear(screen.getByLabelText('Words or a question'));
    await user.type(screen.getByLabelText('Words or a question'), 'anchors{Enter}');
    expect(await screen.findByText('No passages match “anchors”.')).toBeTruthy();
    expect(api.callsTo('GET /api/search').map((c) => c.query.get('q'))).toEqual([
      'walnut oil',
      'anchors',
    ]);
  });

  it('shows when a page was fetched, and fetches it again on Refresh', async () => {
    const tides = doc('Tide tables', {
      source: 'url',
      sourceUrl: 'https://example.org/tides',
      kind: 'html',
      fetchedAt: '2026-05-02T08:30:00.000Z',
    });
    let saved = [tides];
    let answer!: (response: Response) => void;
    const api = fakeApi({
      ...PAGE_ROUTES,
      'GET /api/documents': () => json({ items: saved, nextCursor: null }),
      'POST /api/documents/:id/refresh': () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    const { user } = renderPage(<DocumentsPage />);
    const fetched = new Date('2026-05-02T08:30:00.000Z').toLocaleString(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    expect(await screen.findByText(`Fetched ${fetched}`)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Refresh Tide tables' }));
    // While the server has not answered: the button says so and cannot be pressed again.
    const pending = await screen.findByRole('button', { name: 'Refreshing Tide tables' });
    expect(pending.textContent).toBe('Refreshing…');
    expect((pending as HTMLButtonElement).disabled).toBe(true);
    expect(api.callsTo('POST /api/documents/:id/refresh')[0]!.params.id).toBe(tides.id);

    // Accepted: the list shows it queued (and reads again until it settles, fetched anew).
    const queued = { ...tides, status: 'queued' as const, progress: 0 };
    saved = [queued];
    answer(json(queued, 202));
    expect(await screen.findByText('Queued')).toBeTruthy();
    saved = [{ ...tides, fetchedAt: '2026-05-03T09:00:00.000Z' }];
    const refetched = new Date('2026-05-03T09:00:00.000Z').toLocaleString(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    expect(
      await screen.findByText(`Fetched ${refetched}`, {}, { timeout: 3 * POLL_MS }),
    ).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Refresh Tide tables' })).toBeTruthy();
  }, 10_000);

  it('says that a picture is read by OCR', async () => {
    fakeApi({
      ...PAGE_ROUTES,
      'GET /api/documents': () =>
        json({
          items: [doc('Receipt', { kind: 'png' }), doc('Garden notes')],
          nextCursor: null,
        }),
    });
    renderPage(<DocumentsPage />);
    const receipt = (await screen.findByText('Receipt')).closest('li')!;
    expect(within(receipt).getByText('OCR').className).toBe('badge');
    const notes = screen.getByText('Garden notes').closest('li')!;
    expect(within(notes).queryByText('OCR')).toBeNull();
  });

  it('shows why a refresh was refused', async () => {
    const tides = doc('Tide tables', { source: 'url', sourceUrl: 'https://example.org/tides' });
    fakeApi({
      ...PAGE_ROUTES,
      'GET /api/documents': () => json({ items: [tides], nextCursor: null }),
      'POST /api/documents/:id/refresh': () =>
        apiError(409, 'DOCUMENT_BUSY', 'the document is being ingested'),
    });
    const { user } = renderPage(<DocumentsPage />);
    expect(await screen.findByText('Not fetched yet')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Refresh Tide tables' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The document is being ingested');
    // Pasted text and uploads have nothing to fetch.
    expect(screen.getAllByRole('button', { name: /^Refresh/ })).toHaveLength(1);
  });

  it('filters by collection, shows who shared a document, and adds yours to a collection', async () => {
    const harbour = collection('Harbour logs', { role: 'editor', owner: { ...BOB } });
    const watched = collection('Watched by Bob', { role: 'viewer', owner: { ...BOB } });
    const mine = doc('Tide tables');
    const theirs = doc('Bob’s log', { owner: { id: BOB.id, name: 'Bob' } });
    const api = fakeApi({
      ...PAGE_ROUTES,
      'GET /api/collections': () => json(page([harbour, watched])),
      'GET /api/documents': ({ query }) =>
        json(page(query.get('collectionId') === harbour.id ? [theirs] : [mine, theirs])),
      'PUT /api/collections/:id/documents/:documentId': () => json(undefined, 204),
    });
    const { user } = renderPage(<DocumentsPage />);
    expect(await screen.findByText('Bob’s log')).toBeTruthy();
    expect(screen.getByText(/shared by Bob/)).toBeTruthy();
    // Bob's document is his to delete or share, not yours.
    expect(screen.queryByRole('button', { name: 'Delete Bob’s log' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add Bob’s log to a collection' })).toBeNull();

    // Only the collections you may add to (not the one you view).
    await user.click(screen.getByRole('button', { name: 'Add Tide tables to a collection' }));
    const form = screen.getByRole('form', { name: 'Add Tide tables to a collection' });
    const target = within(form).getByLabelText<HTMLSelectElement>('Collection');
    expect([...target.options].map((o) => o.text)).toEqual(['Harbour logs']);
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Added to Harbour logs.')).toBeTruthy();
    expect(api.callsTo('PUT /api/collections/:id/documents/:documentId')[0]!.params).toEqual({
      id: harbour.id,
      documentId: mine.id,
    });

    await user.selectOptions(screen.getByLabelText('Show'), 'Harbour logs');
    await waitFor(() => expect(screen.queryByText('Tide tables')).toBeNull());
    expect(screen.getByText('Bob’s log')).toBeTruthy();
    expect(api.calls.some((c) => c.query.get('collectionId') === harbour.id)).toBe(true);
  });
});
