import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { sniffKind } from './sniff.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('sniffKind', () => {
  it('knows a PDF by its bytes, whatever its name', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('hello');
    const pdf = await doc.save();
    expect(sniffKind(pdf)).toBe('pdf');
    expect(sniffKind(pdf, 'notes.txt')).toBe('pdf');
    expect(sniffKind(pdf, 'notes.md')).toBe('pdf');
  });

  it('treats text named .pdf as text', () => {
    expect(sniffKind(utf8('just some words'), 'report.pdf')).toBe('text');
    expect(sniffKind(utf8('a note about %PDF- files'), 'a.pdf')).toBe('text');
  });

  it('recognises HTML whatever its name', () => {
    expect(sniffKind(utf8('<!DOCTYPE html><html><body>x</body></html>'), 'page.txt')).toBe('html');
    expect(sniffKind(utf8('\n  <!-- c --><html lang="en"><p>x</p></html>'))).toBe('html');
    expect(sniffKind(utf8('<div class="a">content</div>'), 'page.txt')).toBe('html');
    expect(sniffKind(utf8('<h1>Title</h1><p>Body</p>'))).toBe('html');
  });

  it('keeps Markdown with inline HTML as Markdown when named .md', () => {
    const readme = '<p align="center"><img src="logo.png"></p>\n\n# Project\n\nText.';
    expect(sniffKind(utf8(readme), 'README.md')).toBe('markdown');
    expect(sniffKind(utf8('<!doctype html><p>x</p>'), 'page.md')).toBe('html');
  });

  it('recognises Markdown by name or by headings', () => {
    expect(sniffKind(utf8('plain words'), 'notes.md')).toBe('markdown');
    expect(sniffKind(utf8('plain words'), 'notes.markdown')).toBe('markdown');
    expect(sniffKind(utf8('intro\n\n## Usage\n\nrun it'))).toBe('markdown');
    expect(sniffKind(utf8('#include <stdio.h>\nint main;'))).toBe('text');
    expect(sniffKind(utf8('Just text.\nWith lines.'), 'notes.txt')).toBe('text');
  });

  it('accepts UTF-8 with a BOM and non-ASCII text', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Grüße, 世界 <html>')]);
    expect(sniffKind(bom)).toBe('text');
    const bomHtml = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<!doctype html><p>é</p>')]);
    expect(sniffKind(bomHtml)).toBe('html');
  });

  it('refuses binary content', () => {
    expect(sniffKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe(
      undefined,
    );
    expect(sniffKind(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'a.txt')).toBe(
      undefined,
    );
    expect(sniffKind(utf8('text with a NUL\u0000 byte'))).toBe(undefined);
    expect(sniffKind(new Uint8Array([0x68, 0x69, 0xff, 0xfe]))).toBe(undefined); // invalid UTF-8
    expect(sniffKind(new Uint8Array(200).fill(1))).toBe(undefined); // control characters
    // Junk before a PDF header on binary content is still a PDF.
    expect(sniffKind(new Uint8Array([0xff, 0xfe, ...utf8('%PDF-1.7\n')]))).toBe('pdf');
  });
});
