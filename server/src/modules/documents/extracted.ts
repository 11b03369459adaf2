// What extraction produces: titled sections that keep headings and page numbers for the chunker,
// and the helpers every extractor uses to build them (which make the text storable).
import { storableText } from '../../lib/storable-text.js';

export interface ExtractedSection {
  heading?: string;
  page?: number;
  text: string;
  /** The text was read from a picture by OCR (ocr.ts), not from the document's own text. */
  ocr?: true;
  /** Where the heading is in the original: an HTML page's id, a Markdown heading's slug. */
  anchor?: string;
}

export interface Extracted {
  title?: string;
  sections: ExtractedSection[];
}

/** The content cannot be read (a corrupt or encrypted PDF…); the message is shown to the user. */
export class ExtractionError extends Error {
  override name = 'ExtractionError';
}

/** Storable; \r\n → \n, no trailing spaces, at most one blank line in a row, trimmed. */
function tidy(text: string): string {
  return storableText(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Storable, runs of whitespace as one space, trimmed. */
export function collapse(text: string): string {
  return storableText(text).replace(/\s+/g, ' ').trim();
}

/** Adds the section with its text tidied, unless that leaves no text. */
export function addSection(sections: ExtractedSection[], section: ExtractedSection): void {
  const text = tidy(section.text);
  if (!text) return;
  const result: ExtractedSection = { text };
  if (section.heading) result.heading = storableText(section.heading);
  if (section.page !== undefined) result.page = section.page;
  if (section.ocr) result.ocr = true;
  if (section.anchor) result.anchor = storableText(section.anchor);
  sections.push(result);
}
