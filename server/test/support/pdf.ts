import { once } from 'node:events';
import { createDeflate } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

/** A real PDF with one page per entry, each page holding its lines of text. */
export async function makePdf(pages: string[][], title?: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  if (title) pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font }));
  }
  return Buffer.from(await pdf.save());
}

/**
 * A one-page PDF whose content stream is small compressed and inflates to about `inflatedBytes`
 * of text-showing operators (a "deflate bomb"): every line shows the same sentence.
 */
export async function makeDeflateBombPdf(inflatedBytes: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText('x', { font }); // registers the font in the page's resources
  const fontName = page.node.Resources()!.lookup(PDFName.of('Font'), PDFDict).keys()[0]!;
  const line = Buffer.from(
    `BT ${fontName.toString()} 12 Tf 50 700 Td (The tide turns twice a day at the harbour.) Tj ET\n`,
  );
  const block = Buffer.concat(
    Array.from({ length: Math.ceil(1_000_000 / line.length) }, () => line),
  );
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  for (let written = 0; written < inflatedBytes; written += block.length) {
    if (!deflate.write(block)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  const contents = pdf.context.stream(Buffer.concat(compressed), { Filter: 'FlateDecode' });
  page.node.set(PDFName.of('Contents'), pdf.context.register(contents));
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
