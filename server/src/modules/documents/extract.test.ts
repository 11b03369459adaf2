import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { extractText, sniffKind } from './extract.js';

const limits = parseConfig({}).ingestLimits;

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('extractText: text', () => {
  it('keeps plain text as one section with its paragraphs', async () => {
    const text = '\ufeffFirst paragraph\r\nstill first.\r\n\r\n\r\n\r\nSecond paragraph.  \n';
    expect(await extractText('text', utf8(text), limits)).toEqual({
      sections: [{ text: 'First paragraph\nstill first.\n\nSecond paragraph.' }],
    });
    expect(await extractText('text', utf8('  \n '), limits)).toEqual({ sections: [] });
  });

  it('gives a Markdown title the database can store, even with NUL bytes in its heading', async () => {
    const extracted = await extractText('markdown', utf8('# Re\u0000port\n\nBody.\n'), limits);
    expect(extracted.title).toBe('Report');
  });

  it('handles a few megabytes of text quickly', async () => {
    const paragraph = 'All work and no play makes a dull assistant. '.repeat(20);
    const big = utf8(Array.from({ length: 5000 }, () => paragraph).join('\n\n'));
    expect(big.byteLength).toBeGreaterThan(4_000_000);
    const started = performance.now();
    expect(await sniffKind(big, 'big.txt')).toBe('text');
    const result = await extractText('text', big, limits);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.sections).toHaveLength(1);
  });
});
