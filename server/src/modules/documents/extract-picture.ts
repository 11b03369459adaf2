// PNG and JPEG pictures: their text, read by OCR (ocr.ts), as one section. The size in the header
// is checked first, so a picture too large to decode is refused before it is.
import { addSection, ExtractionError, type Extracted, type ExtractedSection } from './extracted.js';
import { MAX_OCR_PIXELS, pictureSize } from './images.js';
import type { IngestLimits } from './limits.js';
import { OcrSession } from './ocr.js';

export async function extractPicture(bytes: Uint8Array, limits: IngestLimits): Promise<Extracted> {
  if (!limits.ocr.enabled)
    throw new ExtractionError('a picture is read by OCR, which is turned off (OCR_ENABLED=false)');
  const size = pictureSize(bytes);
  if (!size || size.width === 0 || size.height === 0)
    throw new ExtractionError('could not read the picture: its header gives no size');
  if (size.width * size.height > MAX_OCR_PIXELS)
    throw new ExtractionError(
      `the picture has ${size.width} × ${size.height} pixels, more than the ${MAX_OCR_PIXELS.toLocaleString('en-US')} that OCR reads`,
    );
  const ocr = new OcrSession(limits.ocr);
  let text: string;
  try {
    text = await ocr.recognize(bytes);
  } finally {
    await ocr.close();
  }
  const sections: ExtractedSection[] = [];
  addSection(sections, { text, ocr: true });
  if (sections.length === 0) throw new ExtractionError('OCR found no text in the picture');
  return { sections };
}
