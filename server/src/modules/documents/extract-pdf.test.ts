import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { ExtractionError, extractText } from './extract.js';

const limits = parseConfig({}).ingestLimits;

const utf8 = (text: string) => new TextEncoder().encode(text);

interface PdfPageSpec {
  heading?: string;
  lines: string[];
}

async function makePdf(pages: PdfPageSpec[], title?: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (title) pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  for (const spec of pages) {
    const page = pdf.addPage([595, 842]);
    let y = 790;
    if (spec.heading) {
      page.drawText(spec.heading, { x: 50, y, size: 20, font: bold });
      y -= 40;
    }
    for (const line of spec.lines) {
      page.drawText(line, { x: 50, y, size: 11, font });
      y -= 15;
    }
  }
  return pdf.save();
}

describe('extractText: PDF', () => {
  it('extracts each page with its number, and the title from metadata', async () => {
    const pdf = await makePdf(
      [
        { lines: ['The first page talks about apples.'] },
        { lines: ['The quick brown fox jumps over the lazy dog.', 'Second line of page two.'] },
        { lines: ['The third page is about pears.'] },
      ],
      'Fruit Report',
    );
    const result = await extractText('pdf', pdf, limits);
    expect(result.title).toBe('Fruit Report');
    expect(result.sections.map((s) => s.page)).toEqual([1, 2, 3]);
    const page2 = result.sections.find((s) => s.text.includes('quick brown fox'));
    expect(page2?.page).toBe(2);
    expect(page2?.text).toContain('The quick brown fox jumps over the lazy dog.');
    expect(page2?.text).toContain('Second line of page two.');
    expect(result.sections[0]?.text).not.toContain('fox');
  });

  it('detects larger headings and carries them across pages', async () => {
    const pdf = await makePdf([
      { heading: 'Introduction', lines: ['Body text on page one.', 'More body text here.'] },
      { lines: ['Continuation of the introduction.'] },
      { heading: 'Methods', lines: ['We measured things.'] },
    ]);
    const { sections, title } = await extractText('pdf', pdf, limits);
    expect(title).toBeUndefined();
    expect(sections).toEqual([
      { heading: 'Introduction', page: 1, text: 'Body text on page one.\nMore body text here.' },
      { heading: 'Introduction', page: 2, text: 'Continuation of the introduction.' },
      { heading: 'Methods', page: 3, text: 'We measured things.' },
    ]);
  });

  it('does not hand its buffer to pdf.js (the caller keeps it), and takes Node Buffers', async () => {
    const pdf = await makePdf([{ lines: ['still here'] }]);
    const length = pdf.byteLength;
    await extractText('pdf', pdf, limits);
    expect(pdf.byteLength).toBe(length);
    const neighbour = Buffer.from('pooled neighbour'); // small Buffers share one pool
    const buffer = Buffer.from(pdf);
    const { sections } = await extractText('pdf', buffer, limits);
    expect(sections[0]?.text).toBe('still here');
    expect(buffer.byteLength).toBe(length);
    expect(neighbour.toString()).toBe('pooled neighbour');
  });

  it('reports a corrupt PDF as an ExtractionError', async () => {
    const corrupt = utf8('%PDF-1.7\n1 0 obj <</Type /Catalog>> garbage garbage\n%%EOF');
    const error = await extractText('pdf', corrupt, limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as Error).message).toMatch(/^could not read the PDF: /);

    const truncated = (await makePdf([{ lines: ['cut short'] }])).slice(0, 300);
    await expect(extractText('pdf', truncated, limits)).rejects.toBeInstanceOf(ExtractionError);
  });

  it('reports a PDF without text, and without pictures for OCR to read', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const error = await extractText('pdf', await pdf.save(), limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as Error).message).toBe(
      'the PDF has no text: no text layer, and OCR found none in its pictures',
    );
  });

  it('extracts a 50-page PDF quickly', async () => {
    const pages = Array.from({ length: 50 }, (_, p) => ({
      lines: Array.from(
        { length: 40 },
        (_, l) => `Page ${p + 1} line ${l + 1}: lorem ipsum dolor sit amet, consectetur.`,
      ),
    }));
    const pdf = await makePdf(pages);
    const started = performance.now();
    const { sections } = await extractText('pdf', pdf, limits);
    const elapsed = performance.now() - started;
    expect(sections).toHaveLength(50);
    expect(sections[49]?.page).toBe(50);
    expect(sections[36]?.text).toContain('Page 37 line 40: lorem ipsum dolor sit amet');
    expect(elapsed).toBeLessThan(5000);
  });
});
