// PDF text with pdf.js: one section per page or heading (short lines set clearly larger than the
// body text), with page numbers. The title comes from the document's metadata. The page count is
// checked before any page is read, and text is read as a stream whose characters are counted as
// they come, so a content stream that inflates to hundreds of megabytes stops at the limit.
// Pages without a text layer (scans) are read by OCR (pdf-ocr.ts) when it is on.
import {
  addSection,
  collapse,
  ExtractionError,
  type Extracted,
  type ExtractedSection,
} from './extracted.js';
import { checkPages, type CharacterBudget, type IngestLimits } from './limits.js';
import { MAX_OCR_PIXELS } from './images.js';
import { ocrPages, needsOcr } from './pdf-ocr.js';

interface PdfTextItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
  height: number;
}

export interface PdfLine {
  text: string;
  size: number;
  y: number;
}

export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  // Loaded on first use: pdf.js is large and only the ingestion worker needs it.
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

function pdfReason(error: unknown): string {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'PasswordException') return 'it is password-protected';
  const message = error instanceof Error ? error.message : String(error);
  return message || 'unknown error';
}

/** Lines of one page from pdf.js text items, with their font size and vertical position. */
function pdfLines(items: PdfTextItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let text = '';
  let size = 0;
  let y: number | undefined;
  const push = () => {
    const clean = collapse(text);
    if (clean) lines.push({ text: clean, size, y: y ?? 0 });
    text = '';
    size = 0;
    y = undefined;
  };
  for (const item of items) {
    const itemY = item.transform[5] ?? 0;
    const itemSize = Math.abs(item.transform[3] ?? 0) || item.height;
    // A new line when the baseline moves by more than half the font size without an EOL mark.
    if (y !== undefined && text && Math.abs(itemY - y) > Math.max(itemSize, size) / 2) push();
    if (item.str) {
      if (y === undefined) y = itemY;
      text += item.str;
      size = Math.max(size, itemSize);
    }
    if (item.hasEOL) push();
  }
  push();
  return lines;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

/** A page's text items, read as a stream and counted against the budget as they arrive. */
async function pageItems(page: PdfPage, budget: CharacterBudget): Promise<PdfTextItem[]> {
  const reader = (page.streamTextContent() as ReadableStream<{ items: object[] }>).getReader();
  const items: PdfTextItem[] = [];
  // Over the budget, reading simply stops: pdf.js then waits (its stream has back-pressure)
  // until the document is destroyed. Cancelling the stream instead makes pdf.js throw on the
  // items already on their way.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return items;
    for (const item of value.items) {
      if (!('str' in item)) continue;
      budget.spend((item as PdfTextItem).str);
      items.push(item as PdfTextItem);
    }
  }
}

export async function extractPdf(
  bytes: Uint8Array,
  limits: IngestLimits,
  budget: CharacterBudget,
): Promise<Extracted> {
  const pdfjs = await loadPdfJs();
  // pdf.js takes ownership of (detaches) the buffer it is given, and refuses Node Buffers (which
  // may share a pooled ArrayBuffer): hand it a plain copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    // Images are only decoded for OCR, into plain pixels (no canvas, no ImageDecoder), and never
    // when larger than OCR reads.
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    maxImageSize: MAX_OCR_PIXELS,
  });
  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw new ExtractionError(`could not read the PDF: ${pdfReason(error)}`);
  }
  try {
    checkPages(document.numPages, limits);
    let title: string | undefined;
    try {
      const meta = (await document.getMetadata()) as {
        info?: { Title?: unknown };
        metadata?: { get(name: string): unknown } | null;
      };
      const infoTitle = meta.info?.Title;
      const xmpTitle = meta.metadata?.get('dc:title');
      const candidate = typeof infoTitle === 'string' && infoTitle.trim() ? infoTitle : xmpTitle;
      if (typeof candidate === 'string' && collapse(candidate)) title = collapse(candidate);
    } catch {
      // Metadata is optional.
    }

    const pages: PdfLine[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      pages.push(pdfLines(await pageItems(page, budget)));
      page.cleanup();
    }
    const scanned = await ocrPages(pdfjs, document, pages.map(needsOcr), limits, budget);

    // Headings, cheaply: short lines set clearly larger than the body text.
    const bodySize = median(pages.flat().map((line) => line.size));
    const isHeading = (line: PdfLine) =>
      bodySize > 0 &&
      line.size >= bodySize * 1.25 &&
      line.text.length <= 120 &&
      /\p{L}/u.test(line.text) &&
      !/[.,;:]$/.test(line.text);

    const sections: ExtractedSection[] = [];
    let heading: string | undefined;
    pages.forEach((lines, index) => {
      const page = index + 1;
      let body = '';
      let previous: PdfLine | undefined;
      for (const line of lines) {
        if (isHeading(line)) {
          // Consecutive heading lines (a wrapped title) form one heading.
          if (previous && isHeading(previous) && !body.trim()) {
            heading = `${heading ?? ''} ${line.text}`.trim();
          } else {
            addSection(sections, { heading, page, text: body });
            body = '';
            heading = line.text;
          }
          previous = line;
          continue;
        }
        // A gap of more than ~1.5 lines between baselines starts a new paragraph.
        const gap = previous ? Math.abs(previous.y - line.y) : 0;
        if (body && gap > Math.max(line.size, previous?.size ?? 0) * 1.6) body += '\n\n';
        else if (body) body += '\n';
        body += line.text;
        previous = line;
      }
      addSection(sections, { heading, page, text: body });
      const read = scanned.get(page);
      if (read !== undefined) addSection(sections, { page, text: read, ocr: true });
    });

    if (sections.length === 0) {
      throw new ExtractionError(
        limits.ocr.enabled
          ? 'the PDF has no text: no text layer, and OCR found none in its pictures'
          : 'the PDF has no text layer (a scanned document needs OCR, which is turned off: OCR_ENABLED=false)',
      );
    }
    return title === undefined ? { sections } : { title, sections };
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw new ExtractionError(`could not read the PDF: ${pdfReason(error)}`);
  } finally {
    await document.destroy().catch(() => undefined);
  }
}
