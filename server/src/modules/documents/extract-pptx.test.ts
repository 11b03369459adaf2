import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { makePptx } from '../../../test/support/formats.js';
import { extractText, sniffKind } from './extract.js';

const limits = parseConfig({}).ingestLimits;

describe('extractText: PPTX', () => {
  it('makes a section of each slide in order, titled by the slide, with its speaker notes', async () => {
    const pptx = makePptx([
      {
        title: 'Quarterly lighthouse report',
        body: ['Three lamps replaced', 'Fog horn tested weekly'],
        notes: 'Mention the storm in March.',
      },
      { title: 'Budget', body: ['Fuel costs rose\nby a tenth'] },
    ]);
    expect(await sniffKind(pptx, 'report.zip')).toBe('pptx');
    expect(await extractText('pptx', pptx, limits)).toEqual({
      sections: [
        {
          heading: 'Quarterly lighthouse report',
          text: 'Three lamps replaced\nFog horn tested weekly\n\nSpeaker notes: Mention the storm in March.',
        },
        { heading: 'Budget', text: 'Fuel costs rose\nby a tenth' },
      ],
    });
  });
});
