// OCR of pictures and scanned PDF pages, with the real Tesseract (tesseract.js) and its English
// data read from node_modules: pages drawn from text, read back as text.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { makePicture, makeScannedPdf } from '../../../test/support/pictures.js';
import { extractText } from './extract.js';

const limits = (env: Record<string, string> = {}) => parseConfig(env).ingestLimits;

/** A PDF whose first page has a text layer and whose second is a scan. */
async function makeMixedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(
    await makeScannedPdf([['The lighthouse keeper logs every passing ship.']]),
  );
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.insertPage(0, [595, 842]);
  page.drawText('Harbour regulations, typed on the first page of this file.', {
    x: 50,
    y: 780,
    size: 12,
    font,
  });
  return pdf.save();
}

describe('OCR', () => {
  it('reads the text of a PNG and of a JPEG picture', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const picture = await makePicture(
        ['Invoice 4471 for the lighthouse lamp,', 'paid on the third of March.'],
        format,
      );
      const { sections } = await extractText(format, picture, limits());
      expect(sections).toHaveLength(1);
      expect(sections[0]).toMatchObject({ ocr: true });
      expect(sections[0]!.text).toMatch(/Invoice 4471 for the lighthouse lamp/);
      expect(sections[0]!.text).toMatch(/third of March/);
    }
  });

  it('reads the pages of a scanned PDF that have no text layer, and keeps the others as they are', async () => {
    const scanned = await makeScannedPdf([
      ['Minutes of the harbour board meeting.'],
      ['The breakwater repairs will start in spring.'],
    ]);
    const { sections } = await extractText('pdf', scanned, limits());
    expect(sections.map((s) => [s.page, s.ocr])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(sections[1]!.text).toMatch(/breakwater repairs will start in spring/);

    const mixed = await extractText('pdf', await makeMixedPdf(), limits());
    expect(mixed.sections).toEqual([
      { page: 1, text: 'Harbour regulations, typed on the first page of this file.' },
      expect.objectContaining({ page: 2, ocr: true }),
    ]);
    expect(mixed.sections[1]!.text).toMatch(/lighthouse keeper logs every passing ship/);
  });

  it('fails, naming the setting, with OCR off, over the page limit, or over the time limit', async () => {
    const scanned = await makeScannedPdf([['One page.'], ['Two pages.'], ['Three pages.']]);
    await expect(extractText('pdf', scanned, limits({ OCR_ENABLED: 'false' }))).rejects.toThrow(
      /no text layer .*OCR_ENABLED=false/,
    );
    await expect(
      extractText('png', await makePicture(['A picture']), limits({ OCR_ENABLED: 'false' })),
    ).rejects.toThrow(/OCR, which is turned off \(OCR_ENABLED=false\)/);
    await expect(extractText('pdf', scanned, limits({ OCR_MAX_PAGES: '2' }))).rejects.toThrow(
      'the document has 3 pages without a text layer, more than the limit of 2 pages to OCR per document (OCR_MAX_PAGES)',
    );
    // Eight full pages take several seconds to read.
    const line = 'The harbour master records the tides, the ships and the weather every hour.';
    const long = await makeScannedPdf(
      Array.from({ length: 8 }, () => Array<string>(24).fill(line)),
    );
    await expect(extractText('pdf', long, limits({ OCR_TIMEOUT_MS: '1000' }))).rejects.toThrow(
      'OCR took longer than the limit of 1,000 ms per document (OCR_TIMEOUT_MS)',
    );
  });

  it('refuses a picture whose header says it is too large to read, before decoding it', async () => {
    const png = Buffer.from(await makePicture(['small']));
    png.writeUInt32BE(20_000, 16); // width
    png.writeUInt32BE(20_000, 20); // height
    await expect(extractText('png', png, limits())).rejects.toThrow(
      /20000 × 20000 pixels, more than the 40,000,000 that OCR reads/,
    );
  });
});
