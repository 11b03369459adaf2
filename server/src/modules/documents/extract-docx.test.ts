import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { makeDocx } from '../../../test/support/formats.js';
import { extractText, sniffKind } from './extract.js';

const limits = parseConfig({}).ingestLimits;

describe('extractText: DOCX', () => {
  it('makes a section of each Word heading, with its paragraphs, and the first as title', async () => {
    const docx = await makeDocx('Espresso handbook', [
      {
        heading: 'Grinding',
        paragraphs: ['Grind the beans just before brewing.', 'A burr grinder keeps it even.'],
      },
      { heading: 'Tamping', paragraphs: ['Press with about fifteen kilograms of force.'] },
    ]);
    expect(await sniffKind(docx, 'handbook.bin')).toBe('docx');
    expect(await extractText('docx', docx, limits)).toEqual({
      title: 'Espresso handbook',
      sections: [
        {
          heading: 'Grinding',
          text: 'Grind the beans just before brewing.\n\nA burr grinder keeps it even.',
        },
        { heading: 'Tamping', text: 'Press with about fifteen kilograms of force.' },
      ],
    });
  });

  it('fails a DOCX that is not a readable Word document with a sentence', async () => {
    const docx = await makeDocx('Broken', []);
    await expect(extractText('docx', docx.subarray(0, 200), limits)).rejects.toThrow(
      /^could not read the DOCX file: /,
    );
  });
});
