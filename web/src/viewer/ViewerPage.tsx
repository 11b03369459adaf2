import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useSearch } from 'wouter';
import { ApiError } from '../api/client';
import type { DocumentItem } from '../api/types';
import { Link } from '../app/Link';
import { originalUrl } from '../documents/api';
import { kindName } from '../documents/status';
import { ErrorNotice } from '../ui/ErrorNotice';
import { OcrBadge } from '../ui/OcrBadge';
import { placeOf, type Place } from './place';
import { documentQuery, documentTextQuery, originalBytesQuery } from './queries';
import { TextView } from './TextView';
import './viewer.css';

// pdf.js (most of a megabyte) is fetched only when a PDF is opened.
const PdfView = lazy(() => import('./PdfView').then((m) => ({ default: m.PdfView })));

const textNotKept = (error: unknown) => error instanceof ApiError && error.code === 'TEXT_NOT_KEPT';

function DownloadOriginal({ doc }: { doc: DocumentItem }) {
  return (
    <a href={originalUrl(doc.id)} download>
      Download the original
    </a>
  );
}

/** Old documents: Docket did not keep their text, so there is nothing to mark; the file is still there. */
/** A web page's original at the passage's heading (its `id`), in a new tab. */
function WebPageLink({ doc, anchor }: { doc: DocumentItem; anchor?: string }) {
  if (doc.source !== 'url' || !doc.sourceUrl) return null;
  const href = anchor
    ? `${doc.sourceUrl.split('#')[0]}#${encodeURIComponent(anchor)}`
    : doc.sourceUrl;
  return (
    <>
      {' · '}
      <a href={href} target="_blank" rel="noopener noreferrer">
        {anchor ? 'The web page at this heading' : 'The web page'}
      </a>
    </>
  );
}

function NoTextNote({ doc }: { doc: DocumentItem }) {
  return (
    <div className="notice" role="status">
      <p>
        This document was added by an older Docket, which did not keep its text, so the passage
        cannot be shown in place. <DownloadOriginal doc={doc} />, or add it again to have citations
        open at their passage.
      </p>
    </div>
  );
}

/** Whether any of the text in [from, to) was read by OCR (a whole document when no range). */
function readByOcr(sections: { start: number; end: number; ocr: boolean }[], place: Place) {
  const { from = 0, to = Infinity } = place;
  return sections.some((s) => s.ocr && s.start < to && s.end > from);
}

function PdfOriginal({
  doc,
  place,
  passage,
}: {
  doc: DocumentItem;
  place: Place;
  passage?: string;
}) {
  const { data: bytes, error } = useQuery(originalBytesQuery(doc.id));
  if (error) return <ErrorNotice error={error} />;
  if (!bytes) return <p className="loading">Loading the PDF…</p>;
  return (
    <Suspense fallback={<p className="loading">Loading the PDF viewer…</p>}>
      <PdfView bytes={bytes} page={place.page} passage={passage} />
    </Suspense>
  );
}

/**
 * A document opened at a place (a citation's or a search result's): a PDF at its page with the
 * passage highlighted, any other document as its extracted text with the passage marked.
 */
export function ViewerPage({ id }: { id: string }) {
  const place = placeOf(useSearch());
  const { data: doc, error: docError } = useQuery(documentQuery(id));
  const text = useQuery({ ...documentTextQuery(id), enabled: doc?.status === 'ready' });

  if (docError) return <ErrorNotice error={docError} />;
  if (!doc) return <p className="loading">Loading…</p>;
  const range = place.from !== undefined && place.to !== undefined;
  const passage = range && text.data ? text.data.text.slice(place.from, place.to) : undefined;
  const ocr = text.data
    ? readByOcr(text.data.sections, place)
    : doc.kind === 'png' || doc.kind === 'jpeg';
  const kind = kindName(doc);
  return (
    <div className="viewer-page">
      <p>
        <Link href="/documents">Documents</Link>
      </p>
      <h1>{doc.title}</h1>
      <p className="document-meta">
        {[kind, place.page !== undefined && `page ${place.page}`].filter(Boolean).join(' · ')}
        {kind && ' · '}
        <DownloadOriginal doc={doc} />
        <WebPageLink doc={doc} anchor={place.anchor} />
        {ocr && <OcrBadge />}
      </p>
      {doc.status === 'failed' && (
        <p className="notice">{`This document could not be read (${doc.error ?? 'no reason was given'}): it has no text to show.`}</p>
      )}
      {(doc.status === 'queued' || doc.status === 'processing') && (
        <p className="notice">This document is not ready yet: its text is still being read.</p>
      )}
      {doc.status === 'ready' && text.isPending && <p className="loading">Loading the text…</p>}
      {text.error && !textNotKept(text.error) && <ErrorNotice error={text.error} />}
      {textNotKept(text.error) && <NoTextNote doc={doc} />}
      {doc.kind === 'pdf'
        ? // A PDF opens at its page even without the text: only the highlight needs it.
          (text.data || text.error) && <PdfOriginal doc={doc} place={place} passage={passage} />
        : text.data && <TextView text={text.data.text} place={place} />}
    </div>
  );
}
