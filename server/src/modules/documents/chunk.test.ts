import { describe, expect, it } from 'vitest';
import { chunkSections, documentText, type Chunk } from './chunk.js';

const sentence = (n: number) =>
  `Sentence number ${n} says something rather ordinary about documents.`;
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

/** Every chunk is a slice of the section text, so the text can be rebuilt from the chunks. */
function rebuild(chunks: Chunk[]): string {
  let text = '';
  for (const chunk of chunks) {
    // The longest suffix of the text so far that prefixes this chunk is the overlap.
    let overlap = Math.min(text.length, chunk.text.length);
    while (overlap > 0 && !text.endsWith(chunk.text.slice(0, overlap))) overlap--;
    text += (text && overlap === 0 ? ' ' : '') + chunk.text.slice(overlap);
  }
  return text;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('chunkSections', () => {
  it('keeps a short section as one chunk with its heading and page', () => {
    expect(
      chunkSections([{ heading: 'Intro', page: 3, text: '  Hello there.\n\nBye.  ' }]),
    ).toEqual([
      { index: 0, heading: 'Intro', page: 3, text: 'Hello there.\n\nBye.', start: 0, end: 18 },
    ]);
    expect(chunkSections([{ text: 'No heading.' }])).toEqual([
      { index: 0, text: 'No heading.', start: 0, end: 11 },
    ]);
  });

  it('skips empty sections and numbers chunks across the document', () => {
    const chunks = chunkSections([
      { heading: 'A', text: paragraph(0, 40) },
      { heading: 'Empty', text: ' \n\n \t' },
      { heading: 'B', page: 2, text: 'Short.' },
      { text: '' },
    ]);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    expect(chunks.some((c) => c.heading === 'Empty')).toBe(false);
    expect(chunks.at(-1)).toMatchObject({
      index: chunks.length - 1,
      heading: 'B',
      page: 2,
      text: 'Short.',
    });
    expect(chunks.filter((c) => c.heading === 'A').length).toBeGreaterThan(1);
  });

  it('never exceeds maxChars and never produces empty or untrimmed chunks', () => {
    let seed = 42;
    const token = Array.from({ length: 3000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 'abcdefghijklmnopqrstuvwxyz0123456789'[seed % 36];
    }).join(''); // one 3000-character "word"
    const text = [paragraph(0, 30), paragraph(30, 3), token, paragraph(33, 50)].join('\n\n');
    for (const maxChars of [50, 200, 1200]) {
      const chunks = chunkSections([{ text }], {
        maxChars,
        overlapChars: Math.floor(maxChars / 8),
      });
      for (const chunk of chunks) {
        expect(chunk.text.length).toBeLessThanOrEqual(maxChars);
        expect(chunk.text.trim()).toBe(chunk.text);
        expect(chunk.text).not.toBe('');
      }
      expect(words(rebuild(chunks))).toEqual(words(text));
    }
  });

  it('prefers paragraph boundaries, then sentences, then words', () => {
    const p1 = paragraph(0, 8); // ~550 chars
    const p2 = paragraph(8, 8);
    const chunks = chunkSections([{ text: `${p1}\n\n${p2}` }], { maxChars: 1000, overlapChars: 0 });
    expect(chunks.map((c) => c.text)).toEqual([p1, p2]);

    const long = paragraph(0, 30); // one paragraph: sentence boundaries
    const bySentence = chunkSections([{ text: long }], { maxChars: 300, overlapChars: 0 });
    for (const chunk of bySentence) expect(chunk.text).toMatch(/^Sentence .*\.$/s);

    const noStops = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const byWord = chunkSections([{ text: noStops }], { maxChars: 100, overlapChars: 0 });
    for (const chunk of byWord) expect(chunk.text).toMatch(/^word\d+( word\d+)*$/);
    expect(byWord.map((c) => c.text).join(' ')).toBe(noStops);
  });

  it('fills chunks rather than cutting at an early paragraph break', () => {
    const text = `Tiny first paragraph.\n\n${paragraph(0, 40)}`;
    const chunks = chunkSections([{ text }], { maxChars: 500, overlapChars: 0 });
    expect(chunks[0]?.text.length).toBeGreaterThan(250);
    expect(chunks[0]?.text.startsWith('Tiny first paragraph.\n\nSentence number 0')).toBe(true);
  });

  it('repeats the tail of the previous chunk, from a word start, within a section', () => {
    const chunks = chunkSections([{ text: paragraph(0, 60) }], { maxChars: 400, overlapChars: 80 });
    expect(chunks.length).toBeGreaterThan(3);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]?.text ?? '';
      const current = chunks[i]?.text ?? '';
      let overlap = Math.min(80, current.length);
      while (overlap > 0 && !previous.endsWith(current.slice(0, overlap))) overlap--;
      expect(overlap).toBeGreaterThan(40);
      expect(overlap).toBeLessThanOrEqual(80);
      expect(previous[previous.length - overlap - 1]).toMatch(/\s/); // starts at a word
    }
    // No overlap across sections.
    const two = chunkSections(
      [
        { heading: 'One', text: paragraph(0, 20) },
        { heading: 'Two', text: 'Second section starts fresh.' },
      ],
      { maxChars: 400, overlapChars: 80 },
    );
    expect(two.at(-1)?.text).toBe('Second section starts fresh.');
  });

  it('cuts words longer than maxChars, without splitting surrogate pairs', () => {
    const emoji = '😀'.repeat(100); // 200 UTF-16 code units
    const chunks = chunkSections([{ text: `start ${emoji} end` }], {
      maxChars: 51,
      overlapChars: 10,
    });
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(51);
      expect(chunk.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect(chunks.map((c) => c.text).join('')).toContain('😀😀');
  });

  it('splits CJK text at its sentence stops', () => {
    const text = '这是第一句。'.repeat(30); // 180 characters, no spaces
    const chunks = chunkSections([{ text }], { maxChars: 50, overlapChars: 0 });
    for (const chunk of chunks) expect(chunk.text.endsWith('。')).toBe(true);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
  });

  it("says where each chunk is in the document's text, overlaps and section breaks included", () => {
    const sections = [
      {
        heading: 'A',
        anchor: 'a',
        text: `  ${paragraph(0, 60)}\r\n\r\n\r\n${paragraph(60, 60)}  `,
      },
      { heading: 'Empty', text: ' \n ' },
      { heading: 'B', page: 2, ocr: true as const, text: paragraph(120, 30) },
    ];
    const text = documentText(sections);
    const chunks = chunkSections(sections, { maxChars: 300, overlapChars: 60 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    expect(chunks[0]).toMatchObject({ start: 0, heading: 'A', anchor: 'a' });
    expect(chunks.at(-1)).toMatchObject({ end: text.length, heading: 'B', page: 2, ocr: true });
    // Overlapping chunks overlap in the text too.
    expect(chunks[1]!.start).toBeLessThan(chunks[0]!.end);
  });

  it('is deterministic', () => {
    const sections = [
      { heading: 'H', page: 1, text: [paragraph(0, 25), paragraph(25, 25)].join('\n\n') },
      { text: paragraph(50, 80) },
    ];
    expect(chunkSections(sections)).toEqual(chunkSections(structuredClone(sections)));
  });

  it('uses 1200/150 by default and checks its options', () => {
    const chunks = chunkSections([{ text: paragraph(0, 200) }]);
    expect(Math.max(...chunks.map((c) => c.text.length))).toBeLessThanOrEqual(1200);
    expect(Math.max(...chunks.map((c) => c.text.length))).toBeGreaterThan(1000);
    expect(() => chunkSections([], { maxChars: 0 })).toThrow(RangeError);
    expect(() => chunkSections([], { maxChars: 100, overlapChars: 100 })).toThrow(RangeError);
    expect(() => chunkSections([], { overlapChars: -1 })).toThrow(RangeError);
    expect(chunkSections([{ text: paragraph(0, 10) }], { maxChars: 100 }).length).toBeGreaterThan(
      5,
    );
  });

  it('chunks 5 MB of text well under a second', () => {
    const text = Array.from({ length: 7500 }, (_, i) => paragraph(i, 10)).join('\n\n');
    expect(text.length).toBeGreaterThan(5_000_000);
    const started = performance.now();
    const chunks = chunkSections([{ text }]);
    const elapsed = performance.now() - started;
    expect(chunks.length).toBeGreaterThan(4000);
    expect(elapsed).toBeLessThan(1000);
  });
});
