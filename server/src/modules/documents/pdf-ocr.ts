// OCR of a PDF's pages that have no text layer. A scanned page is a picture (an image XObject)
// drawn over the page: its images are taken as pdf.js decodes them for its operator list, turned
// into greyscale and read by OCR (ocr.ts), rather than rendering the page, which pdf.js can only
// do in Node with a native canvas. So text drawn as vector outlines, and stencil masks (images
// that only say where to paint), are not read; nor are pictures under 64 pixels a side (logos,
// rules), nor more than 8 on a page.
import type { PdfDocument, PdfJs, PdfLine, PdfPage } from './extract-pdf.js';
import { pdfImageToGray, type PdfImage } from './images.js';
import { checkOcrPages, type CharacterBudget, type IngestLimits } from './limits.js';
import { OcrSession, toPgm, type GrayImage } from './ocr.js';

/** Fewer characters than this on a page is no text layer (a page number, a scanner's stamp). */
const MIN_TEXT_CHARS = 20;
const MIN_SIDE = 64;
const MAX_IMAGES_PER_PAGE = 8;

/** Whether a page's text is too little to be a text layer: then its pictures are OCR'd. */
export const needsOcr = (lines: PdfLine[]) =>
  lines.reduce((chars, line) => chars + line.text.replace(/\s/g, '').length, 0) < MIN_TEXT_CHARS;

/** A decoded image; images used on several pages are in the document's common objects. */
function imageObject(page: PdfPage, id: string): Promise<PdfImage> {
  const objects = id.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => {
    // With a callback, get() answers nothing: the callback gets the object once it is decoded.
    void (objects.get(id, (data: unknown) => resolve(data as PdfImage)) as unknown);
  });
}

/** The page's pictures in the order they are drawn, as greyscale, large enough to hold text. */
async function pageImages(pdfjs: PdfJs, page: PdfPage): Promise<GrayImage[]> {
  const list = await page.getOperatorList();
  const seen = new Set<string>();
  const images: GrayImage[] = [];
  for (let i = 0; i < list.fnArray.length && images.length < MAX_IMAGES_PER_PAGE; i++) {
    const op = list.fnArray[i];
    const args = list.argsArray[i] as unknown[];
    let image: PdfImage | undefined;
    if (op === pdfjs.OPS.paintImageXObject && typeof args[0] === 'string' && !seen.has(args[0])) {
      seen.add(args[0]);
      image = await imageObject(page, args[0]);
    } else if (op === pdfjs.OPS.paintInlineImageXObject) image = args[0] as PdfImage;
    if (!image || image.width < MIN_SIDE || image.height < MIN_SIDE) continue;
    const gray = pdfImageToGray(image);
    if (gray) images.push(gray);
  }
  return images;
}

/**
 * The OCR'd text of each page marked in `scanned` (index 0 is page 1), by page number; nothing
 * when OCR is off. The number of such pages is checked against OCR_MAX_PAGES before any is read.
 */
export async function ocrPages(
  pdfjs: PdfJs,
  document: PdfDocument,
  scanned: boolean[],
  limits: IngestLimits,
  budget: CharacterBudget,
): Promise<Map<number, string>> {
  const numbers = scanned.flatMap((needed, i) => (needed ? [i + 1] : []));
  const read = new Map<number, string>();
  if (!limits.ocr.enabled || numbers.length === 0) return read;
  checkOcrPages(numbers.length, limits);
  const ocr = new OcrSession(limits.ocr);
  try {
    for (const number of numbers) {
      const page = await document.getPage(number);
      try {
        const texts: string[] = [];
        for (const image of await pageImages(pdfjs, page)) {
          const text = await ocr.recognize(toPgm(image));
          budget.spend(text);
          texts.push(text);
        }
        if (texts.length > 0) read.set(number, texts.join('\n\n'));
      } finally {
        page.cleanup();
      }
    }
  } finally {
    await ocr.close();
  }
  return read;
}
