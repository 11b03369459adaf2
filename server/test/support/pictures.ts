// Scanned pages for the OCR tests: lines of text drawn on a white page by a real rasteriser
// (@napi-rs/canvas, pdf.js's own canvas in Node) with the Liberation Sans font that pdfjs-dist
// ships, so the picture is the same on every machine; then encoded as PNG or JPEG, or embedded
// in a PDF as its pages' only content (pdf-lib), which is what a scanner makes: no text layer.
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';

const FONT = 'Docket Test Sans';
GlobalFonts.registerFromPath(
  createRequire(import.meta.url).resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf'),
  FONT,
);

/** A page of text as a picture: 1,240 pixels wide (A4 at 150 dpi), 32-pixel type. */
function draw(lines: string[]) {
  const width = 1240;
  const height = 160 + lines.length * 56;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#111';
  context.font = `32px "${FONT}"`;
  lines.forEach((line, i) => context.fillText(line, 80, 100 + i * 56));
  return canvas;
}

export const makePicture = (lines: string[], format: 'png' | 'jpeg' = 'png'): Promise<Buffer> =>
  format === 'png' ? draw(lines).encode('png') : draw(lines).encode('jpeg', 85);

/** A PDF whose pages are pictures of these lines (one entry a page), without any text. */
export async function makeScannedPdf(pages: string[][]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (const lines of pages) {
    const canvas = draw(lines);
    const image = await pdf.embedJpg(await canvas.encode('jpeg', 85));
    // 150 dpi: 72 points per inch.
    const page = pdf.addPage([(canvas.width * 72) / 150, (canvas.height * 72) / 150]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await pdf.save());
}
