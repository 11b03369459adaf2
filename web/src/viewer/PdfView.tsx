// A PDF's page drawn by pdf.js, with its text layer (the page's words as invisible text over
// the picture: selectable, read by screen readers) and the cited passage's runs highlighted.
// This file and pdf.js are one lazy chunk, loaded only when a PDF is opened; pdf.js parses
// in its worker, which Vite bundles as a file of our own origin (worker-src 'self').
import { getDocument, GlobalWorkerOptions, TextLayer, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client';
import { ErrorNotice } from '../ui/ErrorNotice';
import { passageRuns } from './highlight';

GlobalWorkerOptions.workerSrc = workerUrl;

/** The widest a page is drawn, in CSS pixels; narrower screens get a narrower page. */
const MAX_WIDTH = 900;

type Found = 'pending' | 'found' | 'not-found' | 'no-passage';

/** Opens the PDF once; the document is destroyed (worker freed) when the view goes. */
function usePdf(bytes: Uint8Array) {
  const [pdf, setPdf] = useState<PDFDocumentProxy>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    // pdf.js takes over (detaches) the buffer it is given: a copy keeps the cached bytes whole.
    const task = getDocument({ data: bytes.slice(), isEvalSupported: false });
    task.promise.then(setPdf, (reason: unknown) =>
      setError(new Error(`Cannot read this PDF: ${messageOf(reason)}`)),
    );
    return () => {
      void task.destroy();
      // The canvases pdf.js measured text in (appended to <body>) go with the view.
      TextLayer.cleanup();
    };
  }, [bytes]);
  return { pdf, error };
}

/**
 * Draws a page into `container` (its picture and its text layer) and marks the passage's runs;
 * `done` says whether it found them. `cancel` stops the drawing (the page changed, the view went).
 */
function drawPage(
  pdf: PDFDocumentProxy,
  number: number,
  container: HTMLElement,
  passage: string | undefined,
) {
  let stopped = false;
  let stop = () => {};
  const done = (async (): Promise<Found> => {
    const page = await pdf.getPage(number);
    if (stopped) return 'pending';
    const width = Math.min(MAX_WIDTH, container.parentElement?.clientWidth || MAX_WIDTH);
    const scale = width / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale });
    const canvas = document.createElement('canvas');
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.setAttribute('aria-hidden', 'true');
    const layer = document.createElement('div');
    layer.className = 'textLayer';
    container.replaceChildren(canvas, layer);
    container.style.setProperty('--total-scale-factor', String(scale));
    container.style.width = `${viewport.width}px`;
    container.style.height = `${viewport.height}px`;
    const drawing = page.render({
      canvas,
      viewport,
      transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
    });
    const text = new TextLayer({
      textContentSource: page.streamTextContent(),
      container: layer,
      viewport,
    });
    stop = () => {
      drawing.cancel();
      text.cancel();
    };
    await Promise.all([drawing.promise, text.render()]);
    if (!passage) return 'no-passage';
    const runs = passageRuns(text.textContentItemsStr, passage);
    runs.forEach((index) => text.textDivs[index]?.classList.add('passage'));
    text.textDivs[runs[0] ?? -1]?.scrollIntoView({ block: 'center' });
    return runs.length ? 'found' : 'not-found';
  })();
  return {
    done,
    cancel: () => {
      stopped = true;
      stop();
    },
    cancelled: () => stopped,
  };
}

interface Drawn {
  number: number;
  passage?: string;
  found?: Found;
  error?: unknown;
}

/** Page `number` drawn into the returned ref's element, and how its drawing went. */
function usePage(pdf: PDFDocumentProxy | undefined, number: number, passage: string | undefined) {
  const host = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState<Drawn>();
  useEffect(() => {
    if (!pdf || !host.current) return;
    const drawing = drawPage(pdf, number, host.current, passage);
    drawing.done.then(
      (found) => setDrawn({ number, passage, found }),
      (reason: unknown) => {
        // Cancelled because the page changed or the view went: not an error.
        if (drawing.cancelled()) return;
        const error = new Error(`Cannot show page ${number}: ${messageOf(reason)}`);
        setDrawn({ number, passage, error });
      },
    );
    return drawing.cancel;
  }, [pdf, number, passage]);
  // What was drawn before the page (or passage) changed is not this page's.
  const current = drawn?.number === number && drawn.passage === passage ? drawn : undefined;
  return { host, found: current?.found ?? 'pending', error: current?.error };
}

const FOUND_TEXT: Record<Found, string> = {
  pending: 'Drawing the page…',
  found: 'The cited passage is highlighted.',
  'not-found': 'The cited passage is not on this page.',
  'no-passage': '',
};

/** The PDF at `page` (its first page if none), with `passage` highlighted where it is found. */
export function PdfView({
  bytes,
  page,
  passage,
}: {
  bytes: Uint8Array;
  page?: number;
  passage?: string;
}) {
  const { pdf, error: openError } = usePdf(bytes);
  const pages = pdf?.numPages ?? 0;
  const [number, setNumber] = useState(page ?? 1);
  const shown = pages ? Math.min(Math.max(number, 1), pages) : number;
  const { host, found, error } = usePage(pdf, shown, passage);

  if (openError) return <ErrorNotice error={openError} />;
  return (
    <div className="pdf-view">
      <nav className="pdf-pages" aria-label="Pages">
        <button type="button" disabled={shown <= 1} onClick={() => setNumber(shown - 1)}>
          Previous page
        </button>
        <span>{pages ? `Page ${shown} of ${pages}` : 'Opening the PDF…'}</span>
        <button
          type="button"
          disabled={!pages || shown >= pages}
          onClick={() => setNumber(shown + 1)}
        >
          Next page
        </button>
      </nav>
      <p className="hint" role="status">
        {pdf && FOUND_TEXT[found]}
      </p>
      <ErrorNotice error={error} />
      <div className="pdf-paper">
        <div ref={host} className="pdf-page" aria-label={`Page ${shown}`} role="region" />
      </div>
    </div>
  );
}
