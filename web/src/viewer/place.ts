// Where a citation or a search result points in its document, as the viewer's address:
// /documents/<id>/view?from=<charStart>&to=<charEnd>&page=<page>. An address, not state, so
// that a place can be opened in a new tab, bookmarked, or reached with Back.
import { urlOf } from '../api/client';

export interface Place {
  /** The passage's range in the document's extracted text (GET /api/documents/:id/text). */
  from?: number;
  to?: number;
  /** The PDF page it is on. */
  page?: number;
}

/** What a citation and a search result both have. */
interface Passage {
  documentId: string;
  page?: number;
  charStart?: number;
  charEnd?: number;
}

export function placeHref({ documentId, page, charStart, charEnd }: Passage): string {
  return urlOf('/documents/{id}/view', { id: documentId }, { from: charStart, to: charEnd, page });
}

const count = (value: string | null) => {
  if (value === null || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
};

/** The place an address asks for; anything malformed is left out (the document's start). */
export function placeOf(search: string): Place {
  const query = new URLSearchParams(search);
  const from = count(query.get('from'));
  const to = count(query.get('to'));
  const page = count(query.get('page'));
  const range = from !== undefined && to !== undefined && to > from ? { from, to } : {};
  return { ...range, ...(page !== undefined && page > 0 ? { page } : {}) };
}
