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
      {
        name: 'Notes',
        rows: [
          ['Memo', 'Total'],
          [
            { richText: [{ text: 'Rich ', font: { bold: true } }, { text: 'text' }] },
            { formula: '1+1', result: 2 },
          ],
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
        { heading: 'Notes', text: 'Memo: Rich text; Total: 2' },
      ],
    });
  });

  it("skips a cell beyond Excel's last column (XFD) instead of making room for it", async () => {
    const { strToU8, strFromU8, unzipSync, zipSync } = await import('fflate');
    const parts = unzipSync(await makeXlsx([{ name: 'S', rows: [['Name'], ['kept']] }]));
    const sheet = 'xl/worksheets/sheet1.xml';
    const far = '<c r="AAAAA2" t="inlineStr"><is><t>far away</t></is></c></row>';
    parts[sheet] = strToU8(strFromU8(parts[sheet]!).replace(/<\/row>(?![\s\S]*<\/row>)/, far));
    const extracted = await extractText('xlsx', zipSync(parts), limits);
    expect(extracted.sections).toEqual([{ heading: 'S', text: 'Name: kept' }]);
  });
});
