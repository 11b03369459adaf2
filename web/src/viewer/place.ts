// Where a citation or a search result points in its document, as the viewer's address:
// /documents/<id>/view?from=<charStart>&to=<charEnd>&page=<page>&anchor=<anchor>. An address, not state, so
// that a place can be opened in a new tab, bookmarked, or reached with Back.
import { urlOf } from '../api/client';

export interface Place {
  /** The passage's range in the document's extracted text (GET /api/documents/:id/text). */
  from?: number;
  to?: number;
  /** The PDF page it is on. */
  page?: number;
  /** Its heading's anchor in the original (an HTML id): a web page opens there at `#anchor`. */
  anchor?: string;
}

/** What a citation and a search result both have. */
interface Passage {
  documentId: string;
  page?: number;
  charStart?: number;
  charEnd?: number;
  anchor?: string;
}

export function placeHref({ documentId, page, charStart, charEnd, anchor }: Passage): string {
  const query = { from: charStart, to: charEnd, page, anchor };
  return urlOf('/documents/{id}/view', { id: documentId }, query);
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
  const anchor = query.get('anchor');
  const range = from !== undefined && to !== undefined && to > from ? { from, to } : {};
  return {
    ...range,
    ...(page !== undefined && page > 0 ? { page } : {}),
    ...(anchor ? { anchor: anchor.slice(0, 200) } : {}),
  };
}
