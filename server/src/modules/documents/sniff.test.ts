import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { makeDocx, makeEpub, makePptx, makeXlsx } from '../../../test/support/formats.js';
import { sniffKind, unsupportedReason } from './sniff.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('sniffKind', () => {
  it('knows a PDF by its bytes, whatever its name', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('hello');
    const pdf = await doc.save();
    expect(await sniffKind(pdf)).toBe('pdf');
    expect(await sniffKind(pdf, 'notes.txt')).toBe('pdf');
    expect(await sniffKind(pdf, 'notes.md')).toBe('pdf');
  });

  it('treats text named .pdf as text', async () => {
    expect(await sniffKind(utf8('just some words'), 'report.pdf')).toBe('text');
    expect(await sniffKind(utf8('a note about %PDF- files'), 'a.pdf')).toBe('text');
  });

  it('recognises HTML whatever its name', async () => {
    expect(await sniffKind(utf8('<!DOCTYPE html><html><body>x</body></html>'), 'page.txt')).toBe(
      'html',
    );
    expect(await sniffKind(utf8('\n  <!-- c --><html lang="en"><p>x</p></html>'))).toBe('html');
    expect(await sniffKind(utf8('<div class="a">content</div>'), 'page.txt')).toBe('html');
    expect(await sniffKind(utf8('<h1>Title</h1><p>Body</p>'))).toBe('html');
  });

  it('keeps Markdown with inline HTML as Markdown when named .md', async () => {
    const readme = '<p align="center"><img src="logo.png"></p>\n\n# Project\n\nText.';
    expect(await sniffKind(utf8(readme), 'README.md')).toBe('markdown');
    expect(await sniffKind(utf8('<!doctype html><p>x</p>'), 'page.md')).toBe('html');
  });

  it('recognises Markdown by name or by headings', async () => {
    expect(await sniffKind(utf8('plain words'), 'notes.md')).toBe('markdown');
    expect(await sniffKind(utf8('plain words'), 'notes.markdown')).toBe('markdown');
    expect(await sniffKind(utf8('intro\n\n## Usage\n\nrun it'))).toBe('markdown');
    expect(await sniffKind(utf8('#include <stdio.h>\nint main;'))).toBe('text');
    expect(await sniffKind(utf8('Just text.\nWith lines.'), 'notes.txt')).toBe('text');
  });

  it('accepts UTF-8 with a BOM and non-ASCII text', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Grüße, 世界 <html>')]);
    expect(await sniffKind(bom)).toBe('text');
    const bomHtml = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<!doctype html><p>é</p>')]);
    expect(await sniffKind(bomHtml)).toBe('html');
  });

  it('knows PNG and JPEG pictures by their signatures, whatever their name', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(await sniffKind(png, 'notes.txt')).toBe('png');
    expect(await sniffKind(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'a.md')).toBe('jpeg');
  });

  it('refuses binary content', async () => {
    expect(await sniffKind(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 1]))).toBe(
      undefined,
    );
    expect(await sniffKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'a.txt')).toBe(
      undefined,
    );
    expect(await sniffKind(utf8('text with a NUL\u0000 byte'))).toBe(undefined);
    expect(await sniffKind(new Uint8Array([0x68, 0x69, 0xff, 0xfe]))).toBe(undefined); // invalid UTF-8
    expect(await sniffKind(new Uint8Array(200).fill(1))).toBe(undefined); // control characters
    // Junk before a PDF header on binary content is still a PDF.
    expect(await sniffKind(new Uint8Array([0xff, 0xfe, ...utf8('%PDF-1.7\n')]))).toBe('pdf');
  });

  it('knows DOCX, XLSX, PPTX and EPUB by their parts, whatever their name', async () => {
    const docx = await makeDocx('Title', [{ heading: 'A', paragraphs: ['b'] }]);
    const xlsx = await makeXlsx([{ name: 'S', rows: [['a'], ['b']] }]);
    const pptx = makePptx([{ title: 'T', body: ['b'] }]);
    const epub = makeEpub('Book', [{ file: 'a.xhtml', title: 'A', html: '<p>a</p>' }]);
    expect(await sniffKind(docx, 'notes.xlsx')).toBe('docx');
    expect(await sniffKind(xlsx, 'sheet.docx')).toBe('xlsx');
    expect(await sniffKind(pptx, 'slides.txt')).toBe('pptx');
    expect(await sniffKind(epub)).toBe('epub');
  });

  it('refuses a ZIP that is none of them, with a sentence that says so', async () => {
    const archive = zipSync({
      'notes/readme.txt': strToU8('hello'),
      'data.bin': new Uint8Array(9),
    });
    // Named like a Word document: the name does not make it one.
    expect(await sniffKind(archive, 'report.docx')).toBe(undefined);
    const fakeTypes = zipSync({
      '[Content_Types].xml': strToU8(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      mimetype: strToU8('application/zip'),
    });
    // A main part's type only counts on a part (Override), and the mimetype must be EPUB's.
    expect(await sniffKind(fakeTypes, 'a.docx')).toBe(undefined);
    expect(unsupportedReason(archive)).toBe(
      'a ZIP archive that is not a DOCX, XLSX, PPTX or EPUB document',
    );
    expect(await sniffKind(archive.subarray(0, 40))).toBe(undefined); // cut off
  });
});
