// Per-document ingestion limits (INGEST_MAX_PAGES, INGEST_MAX_CHARS, INGEST_MAX_CHUNKS), each
// checked as early as it can be: pages before any page is read, characters while text is
// extracted (so a PDF whose streams inflate to hundreds of megabytes stops early, with memory
// bounded), chunks before anything is embedded or stored. The XML inside an office file or
// e-book may unzip to at most UNZIPPED_BYTES_PER_CHAR bytes per character of the limit (markup
// outweighs text), checked while it inflates. Over a limit the document fails with a sentence
// that names the limit and its setting.
import type { IngestLimits } from '../../config.js';
import { ExtractionError } from './extracted.js';

export type { IngestLimits };

const count = (n: number) => n.toLocaleString('en-US');

export function checkPages(pages: number, limits: IngestLimits): void {
  if (pages > limits.maxPages)
    throw new ExtractionError(
      `the PDF has ${count(pages)} pages, more than the limit of ${count(limits.maxPages)} pages per document (INGEST_MAX_PAGES)`,
    );
}

/** Pages (or pictures) that need OCR, checked before any is read. */
export function checkOcrPages(pages: number, limits: IngestLimits): void {
  if (pages > limits.ocr.maxPages)
    throw new ExtractionError(
      `the document has ${count(pages)} pages without a text layer, more than the limit of ${count(limits.ocr.maxPages)} pages to OCR per document (OCR_MAX_PAGES)`,
    );
}

export function checkChunks(chunks: number, limits: IngestLimits): void {
  if (chunks > limits.maxChunks)
    throw new ExtractionError(
      `the document makes ${count(chunks)} chunks, more than the limit of ${count(limits.maxChunks)} chunks per document (INGEST_MAX_CHUNKS)`,
    );
}

/** Counts a document's extracted characters and throws as soon as they pass the limit. */
/** Markup per character of text in office XML is rarely over 5 bytes; twice that is allowed. */
const UNZIPPED_BYTES_PER_CHAR = 10;

/** How many bytes a container's parts may unzip to, and the limit's name for the message. */
export function unzipLimit(limits: IngestLimits) {
  return {
    maxBytes: limits.maxChars * UNZIPPED_BYTES_PER_CHAR,
    limitName: `${UNZIPPED_BYTES_PER_CHAR} bytes per character of INGEST_MAX_CHARS`,
  };
}

export class CharacterBudget {
  #used = 0;

  constructor(private readonly limits: IngestLimits) {}

  spend(text: string): void {
    this.#used += text.length;
    if (this.#used > this.limits.maxChars)
      throw new ExtractionError(
        `the document has more than ${count(this.limits.maxChars)} characters of text, the limit per document (INGEST_MAX_CHARS)`,
      );
  }
}
