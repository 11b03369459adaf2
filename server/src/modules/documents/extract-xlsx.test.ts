import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { makeXlsx } from '../../../test/support/formats.js';
import { extractText, sniffKind } from './extract.js';

const limits = parseConfig({}).ingestLimits;

describe('extractText: XLSX', () => {
  it('makes a section of each sheet, in order, its rows as "Header: value" paragraphs', async () => {
    const xlsx = await makeXlsx([
      {
        name: 'Inventory',
        rows: [
          ['Item', 'Quantity', 'Received', 'Checked'],
          ['Copper kettle', 12, new Date(Date.UTC(2026, 2, 14)), true],
          ['Tea strainer', 40.5, new Date(Date.UTC(2025, 10, 2)), false],
          ['Copper kettle', 3],
        ],
      },
      {
        name: 'Suppliers',
        rows: [
          ['Name', '', 'City'],
          ['Brassworks Ltd', 'x', 'Leeds'],
        ],
      },
    ]);
    expect(await sniffKind(xlsx)).toBe('xlsx');
    expect(await extractText('xlsx', xlsx, limits)).toEqual({
      sections: [
        {
          heading: 'Inventory',
          text: [
            'Item: Copper kettle; Quantity: 12; Received: 2026-03-14; Checked: TRUE',
            'Item: Tea strainer; Quantity: 40.5; Received: 2025-11-02; Checked: FALSE',
            'Item: Copper kettle; Quantity: 3',
          ].join('\n\n'),
        },
        { heading: 'Suppliers', text: 'Name: Brassworks Ltd; Column 2: x; City: Leeds' },
      ],
    });
  });
});
