// Splits extracted sections into chunks for embedding and search. Each chunk is a contiguous
// slice of its section's (tidied) text: at most maxChars long, ending on a paragraph, else a
// sentence, else a line, else a word boundary, and starting with up to overlapChars of the
// previous chunk's tail (from a word start). Chunks never cross sections, so each keeps its
// section's heading and page. Each chunk also says where it is in the document's text: the
// sections' texts one after the other, a blank line between them (documentText), which is what
// GET /api/documents/:id/text serves. Linear in the text's length.
import type { ExtractedSection } from './extract.js';

export interface Chunk {
  index: number;
  text: string;
  heading?: string;
  page?: number;
  /** Its section's text came from OCR. */
  ocr?: true;
  /** Its section heading's anchor in the original (an HTML id, a Markdown slug). */
  anchor?: string;
  /** Where it is in documentText(sections): text === documentText.slice(start, end). */
  start: number;
  end: number;
}

/** Between two sections in the document's text. */
const SECTION_SEPARATOR = '\n\n';

export interface ChunkOptions {
  /** Default 1200. */
  maxChars?: number;
  /** Default 150, or a quarter of maxChars when that is smaller. Must be below maxChars. */
  overlapChars?: number;
}

const DEFAULT_MAX_CHARS = 1200;
const DEFAULT_OVERLAP_CHARS = 150;

function isSpace(code: number): boolean {
  // \t \n \v \f \r, space, NBSP and the other Unicode spaces that \s matches.
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const SENTENCE_END = new Set(['.', '!', '?', '…', '。', '！', '？', '؟', '।']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»', '」', '』']);
const CJK_SENTENCE_END = new Set(['。', '！', '？']);

/** True when a sentence ends just before position i (punctuation, closers, then a space or a CJK stop). */
function isSentenceBreak(text: string, i: number): boolean {
  let j = i - 1;
  const before = text[j];
  if (before === undefined) return false;
  if (CJK_SENTENCE_END.has(before)) return true;
  if (!isSpace(text.charCodeAt(i))) return false;
  while (j >= 0 && CLOSERS.has(text[j] ?? '')) j--;
  return SENTENCE_END.has(text[j] ?? '');
}

/** No chunk boundary inside a surrogate pair. */
function safeCut(text: string, i: number): number {
  const code = text.charCodeAt(i - 1);
  return code >= 0xd800 && code <= 0xdbff ? i - 1 : i;
}

/**
 * Where a chunk that may extend to `limit` should end, given that it must end after `after`.
 * Prefers the best kind of boundary (paragraph, sentence, line, word) that still fills at least
 * half of the room; falls back to any boundary, then to a hard cut.
 */
function findEnd(text: string, after: number, limit: number): number {
  const minGood = after + Math.floor((limit - after) / 2);
  let sentence = -1;
  let line = -1;
  let word = -1;
  let fallback = -1;
  // One backwards scan finds the last boundary of each kind in (after, limit].
  for (let i = limit; i > after; i--) {
    const code = text.charCodeAt(i);
    // A boundary at i means the chunk is text[start, i) and text[i] is whitespace (or the end).
    if (i < text.length && !isSpace(code) && !isSentenceBreak(text, i)) continue;
    if (isSpace(text.charCodeAt(i - 1))) continue; // end chunks on content, not after spaces
    if (code === 0x0a && text.charCodeAt(i + 1) === 0x0a) {
      if (i >= minGood) return i; // paragraph: the best, and the scan meets the furthest first
      if (fallback < 0) fallback = i;
      continue;
    }
    if (sentence < 0 && isSentenceBreak(text, i)) sentence = i;
    if (line < 0 && code === 0x0a) line = i;
    if (word < 0 && isSpace(code)) word = i;
    if (fallback < 0) fallback = i;
    if (i < minGood && fallback >= 0) break; // nothing further down can be preferred
  }
  for (const candidate of [sentence, line, word]) if (candidate >= minGood) return candidate;
  if (fallback > after) return fallback;
  return safeCut(text, limit);
}

/** Where the next chunk starts: a word start within the last overlapChars of the previous chunk. */
function overlapStart(text: string, start: number, end: number, overlapChars: number): number {
  if (overlapChars <= 0) return end;
  let i = Math.max(start + 1, end - overlapChars);
  if (i >= end) return end;
  if (!isSpace(text.charCodeAt(i - 1))) {
    // Mid-word: move to the next word start, unless the whole tail is one word.
    let j = i;
    while (j < end && !isSpace(text.charCodeAt(j))) j++;
    if (j < end) i = j;
    else return safeCut(text, i);
  }
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** \r\n → \n, no trailing spaces on lines, at most one blank line in a row, trimmed. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The chunks of one text, as [start, end) ranges. */
function chunkText(text: string, maxChars: number, overlapChars: number): [number, number][] {
  const chunks: [number, number][] = [];
  let start = 0;
  let previousEnd = 0; // chunks must always extend past the previous one's end
  while (start < text.length) {
    if (text.length - start <= maxChars) {
      chunks.push([start, text.length]);
      break;
    }
    const end = findEnd(text, Math.max(start, previousEnd), start + maxChars);
    chunks.push([start, end]);
    if (skipSpaces(text, end) >= text.length) break;
    const next = overlapStart(text, start, end, overlapChars);
    start = next >= end ? skipSpaces(text, end) : next;
    previousEnd = end;
  }
  return chunks;
}

/**
 * Splits sections into chunks of at most maxChars (default 1200) on paragraph, then sentence,
 * then word boundaries, each starting with up to overlapChars (default 150) of the previous
 * chunk's tail within the same section. Never crosses a section; skips empty text; index runs
 * 0..n-1 across the document. Deterministic.
 */
export function chunkSections(
  sections: readonly ExtractedSection[],
  options: ChunkOptions = {},
): Chunk[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const overlapChars =
    options.overlapChars ?? Math.min(DEFAULT_OVERLAP_CHARS, Math.floor(maxChars / 4));
  if (!Number.isInteger(maxChars) || maxChars < 1) {
    throw new RangeError(`maxChars must be a positive integer, not ${maxChars}`);
  }
  if (!Number.isInteger(overlapChars) || overlapChars < 0 || overlapChars >= maxChars) {
    throw new RangeError(
      `overlapChars must be an integer from 0 to maxChars - 1, not ${overlapChars}`,
    );
  }

  const chunks: Chunk[] = [];
  let offset = 0; // where the section's text starts in the document's text
  for (const section of sections) {
    const text = tidy(section.text);
    if (!text) continue;
    for (const [start, end] of chunkText(text, maxChars, overlapChars)) {
      const chunk: Chunk = {
        index: chunks.length,
        text: text.slice(start, end),
        start: offset + start,
        end: offset + end,
      };
      if (section.heading !== undefined) chunk.heading = section.heading;
      if (section.page !== undefined) chunk.page = section.page;
      if (section.ocr) chunk.ocr = true;
      if (section.anchor !== undefined) chunk.anchor = section.anchor;
      chunks.push(chunk);
    }
    offset += text.length + SECTION_SEPARATOR.length;
  }
  return chunks;
}

/** The document's text that chunks' start and end point into: its sections' texts, tidied. */
export function documentText(sections: readonly ExtractedSection[]): string {
  return sections
    .map((section) => tidy(section.text))
    .filter(Boolean)
    .join(SECTION_SEPARATOR);
}
