import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { extractText, sniffKind } from './extract.js';

const limits = parseConfig({}).ingestLimits;
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('extractText: CSV', () => {
  it('writes each row as "Header: value" paragraphs, with quoted fields', async () => {
    const csv = utf8(
      'City,Country,Note\r\nReykjavík,Iceland,"Geothermal, mostly"\r\nOslo,Norway,"Said ""fjord"" a lot"\r\n',
    );
    expect(await sniffKind(csv, 'cities.txt')).toBe('csv');
    expect(await extractText('csv', csv, limits)).toEqual({
      sections: [
        {
          text: 'City: Reykjavík; Country: Iceland; Note: Geothermal, mostly\n\nCity: Oslo; Country: Norway; Note: Said "fjord" a lot',
        },
      ],
    });
  });

  it('knows tab- and semicolon-separated tables, and leaves prose with commas as text', async () => {
    expect(await sniffKind(utf8('a\tb\n1\t2\n3\t4\n'))).toBe('csv');
    expect(await sniffKind(utf8('a;b;c\n1;2;3\n4;5;6\n'))).toBe('csv');
    const semicolons = await extractText('csv', utf8('a;b\n1;2\n3;4\n'), limits);
    expect(semicolons.sections[0]?.text).toBe('a: 1; b: 2\n\na: 3; b: 4');
    expect(await sniffKind(utf8('Well, hello.\nThis is prose, mostly.\nNo table.\n'))).toBe('text');
    expect(await sniffKind(utf8('one,two\nthree,four\n'))).toBe('text'); // two lines: too few
  });
});
