import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { ExtractionError, extractText, sniffKind } from './extract.js';

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

describe('sniffKind', () => {
  it('knows a PDF by its bytes, whatever its name', async () => {
    const pdf = await makePdf([{ lines: ['hello'] }]);
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
    const result = await extractText('pdf', pdf);
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
    const { sections, title } = await extractText('pdf', pdf);
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
    await extractText('pdf', pdf);
    expect(pdf.byteLength).toBe(length);
    const neighbour = Buffer.from('pooled neighbour'); // small Buffers share one pool
    const buffer = Buffer.from(pdf);
    const { sections } = await extractText('pdf', buffer);
    expect(sections[0]?.text).toBe('still here');
    expect(buffer.byteLength).toBe(length);
    expect(neighbour.toString()).toBe('pooled neighbour');
  });

  it('reports a corrupt PDF as an ExtractionError', async () => {
    const corrupt = utf8('%PDF-1.7\n1 0 obj <</Type /Catalog>> garbage garbage\n%%EOF');
    const error = await extractText('pdf', corrupt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as Error).message).toMatch(/^could not read the PDF: /);

    const truncated = (await makePdf([{ lines: ['cut short'] }])).slice(0, 300);
    await expect(extractText('pdf', truncated)).rejects.toBeInstanceOf(ExtractionError);
  });

  it('reports a PDF without text', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const error = await extractText('pdf', await pdf.save()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as Error).message).toContain('no extractable text');
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
    const { sections } = await extractText('pdf', pdf);
    const elapsed = performance.now() - started;
    expect(sections).toHaveLength(50);
    expect(sections[49]?.page).toBe(50);
    expect(sections[36]?.text).toContain('Page 37 line 40: lorem ipsum dolor sit amet');
    expect(elapsed).toBeLessThan(5000);
  });
});

describe('extractText: HTML', () => {
  const html = `<!DOCTYPE html>
<html><head><title>  Docket &amp; Friends </title><style>body { color: red }</style>
<script>var secret = "script text";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">Navigation link</a></nav>
<p>Intro paragraph with <b>bold</b> and&nbsp;entities &lt;3 &eacute;.</p>
<h1>First   heading</h1>
<p>Para one.</p><p>Para two<br>on two lines.</p>
<ul><li>item one</li><li>item two</li></ul>
<noscript>Enable JavaScript</noscript>
<template><p>template text</p></template>
<h2>Second <em>heading</em></h2>
<div>Div text</div><table><tr><td>a</td><td>b</td></tr></table>
<div hidden>hidden text</div>
<h4>Minor heading</h4><p>stays in section two</p>
<pre>  code
    indented</pre>
<footer>Footer text</footer>
<script>console.log("more")</script>
</body></html>`;

  it('drops scripts, styles, navigation and footers; splits at h1–h3', async () => {
    const result = await extractText('html', utf8(html));
    expect(result.title).toBe('Docket & Friends');
    const all = result.sections.map((s) => s.text).join('\n');
    for (const dropped of [
      'secret',
      'color: red',
      'Navigation link',
      'Enable JavaScript',
      'template text',
      'hidden text',
      'Footer text',
      'console.log',
    ]) {
      expect(all).not.toContain(dropped);
    }
    expect(result.sections).toEqual([
      { text: 'Intro paragraph with bold and entities <3 é.' },
      {
        heading: 'First heading',
        text: 'Para one.\n\nPara two\non two lines.\n\nitem one\nitem two',
      },
      {
        heading: 'Second heading',
        text: 'Div text\n\na\tb\n\nMinor heading\n\nstays in section two\n\n  code\n    indented',
      },
    ]);
  });

  it('handles a few megabytes of HTML quickly', async () => {
    const section = (n: number) =>
      `<h2>Part ${n}</h2>` +
      '<p>Some <i>inline</i> text &amp; more words here.</p><div>x</div>'.repeat(50);
    const html = `<html><body>${Array.from({ length: 1000 }, (_, n) => section(n)).join('')}</body></html>`;
    expect(html.length).toBeGreaterThan(3_000_000);
    const started = performance.now();
    const { sections } = await extractText('html', utf8(html));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(sections).toHaveLength(1000);
    expect(sections[999]?.heading).toBe('Part 999');
  });

  it('copes with sloppy HTML: no </head> or <body>, unclosed cells and paragraphs', async () => {
    const sloppy = '<html><head><title>T</title><link rel=x><h1>Head</h1><p>content<p>more';
    expect(await extractText('html', utf8(sloppy))).toEqual({
      title: 'T',
      sections: [{ heading: 'Head', text: 'content\n\nmore' }],
    });
    const table = '<table><tr><td>1<td>2<tr><td>3<td>4</table><p>a<svg><title>s</title></svg> b';
    expect((await extractText('html', utf8(table))).sections).toEqual([
      { text: '1\t2\n3\t4\n\na b' },
    ]);
  });

  it('uses the first h1 when there is no title', async () => {
    const result = await extractText('html', utf8('<h1>Only &quot;h1&quot;</h1><p>text</p>'));
    expect(result.title).toBe('Only "h1"');
    expect(result.sections).toEqual([{ heading: 'Only "h1"', text: 'text' }]);
  });
});

describe('extractText: Markdown and text', () => {
  it('splits Markdown at #, ## and ### headings, with the first # as title', async () => {
    const md = [
      'Preamble line.',
      '',
      '# Guide #',
      'Welcome.',
      '',
      '## Install',
      'Run `npm i`.',
      '',
      '```sh',
      '# not a heading',
      '```',
      '#### Deep heading stays in text',
      '### Configure',
      'Set things.',
      '# Another top',
      'More.',
    ].join('\n');
    const result = await extractText('markdown', utf8(md));
    expect(result.title).toBe('Guide');
    expect(result.sections).toEqual([
      { text: 'Preamble line.' },
      { heading: 'Guide', text: 'Welcome.' },
      {
        heading: 'Install',
        text: 'Run `npm i`.\n\n```sh\n# not a heading\n```\n#### Deep heading stays in text',
      },
      { heading: 'Configure', text: 'Set things.' },
      { heading: 'Another top', text: 'More.' },
    ]);
  });

  it('handles front matter, setext headings and CRLF', async () => {
    const md = '---\r\ntitle: "From front matter"\r\n---\r\nIntro\r\n\r\nPart\r\n----\r\nBody\r\n';
    const result = await extractText('markdown', utf8(md));
    expect(result.title).toBe('From front matter');
    expect(result.sections).toEqual([{ text: 'Intro' }, { heading: 'Part', text: 'Body' }]);
  });

  it('keeps plain text as one section with its paragraphs', async () => {
    const text = '\ufeffFirst paragraph\r\nstill first.\r\n\r\n\r\n\r\nSecond paragraph.  \n';
    expect(await extractText('text', utf8(text))).toEqual({
      sections: [{ text: 'First paragraph\nstill first.\n\nSecond paragraph.' }],
    });
    expect(await extractText('text', utf8('  \n '))).toEqual({ sections: [] });
  });

  it('handles a few megabytes of text quickly', async () => {
    const paragraph = 'All work and no play makes a dull assistant. '.repeat(20);
    const big = utf8(Array.from({ length: 5000 }, () => paragraph).join('\n\n'));
    expect(big.byteLength).toBeGreaterThan(4_000_000);
    const started = performance.now();
    expect(sniffKind(big, 'big.txt')).toBe('text');
    const result = await extractText('text', big);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.sections).toHaveLength(1);
  });
});
