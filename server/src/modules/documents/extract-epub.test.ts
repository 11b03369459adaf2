import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { makeEpub } from '../../../test/support/formats.js';
import { ExtractionError, extractText, sniffKind } from './extract.js';

const limits = parseConfig({}).ingestLimits;

describe('extractText: EPUB', () => {
  it('reads the chapters in spine order, keeping their headings, with the book title', async () => {
    const epub = makeEpub('The Beekeeper’s Almanac', [
      {
        file: 'one.xhtml',
        title: 'Spring',
        html: '<p>Colonies wake in spring.</p><h2>Inspections</h2><p>Look for the queen every week.</p>',
      },
      {
        file: 'two.xhtml',
        title: 'Winter',
        html: '<h1>Winter</h1><p>Leave enough honey for the cold months.</p>',
      },
    ]);
    expect(await sniffKind(epub, 'almanac.txt')).toBe('epub');
    expect(await extractText('epub', epub, limits)).toEqual({
      title: 'The Beekeeper’s Almanac',
      sections: [
        { heading: 'Spring', text: 'Colonies wake in spring.' },
        { heading: 'Inspections', text: 'Look for the queen every week.' },
        { heading: 'Winter', text: 'Leave enough honey for the cold months.' },
      ],
    });
  });

  it('fails a book without a package document with a sentence', async () => {
    const epub = makeEpub('x', []);
    const { unzipSync, zipSync } = await import('fflate');
    const parts = unzipSync(epub);
    delete parts['META-INF/container.xml'];
    await expect(extractText('epub', zipSync(parts), limits)).rejects.toThrow(
      'could not read the EPUB file: it has no package document',
    );
  });

  it('fails a book its reader cannot make sense of with a sentence, not a retry', async () => {
    const epub = makeEpub('x', [{ file: 'bad%E0%A4%A.xhtml', title: 'x', html: '<p>x</p>' }]);
    await expect(extractText('epub', epub, limits)).rejects.toThrow(
      new ExtractionError('could not read the EPUB file: URI malformed'),
    );
  });
});
