// Excel workbooks (XLSX) read from their XML parts (our own reader: see docs/decisions.md): one
// section per sheet, headed by the sheet's name, in the workbook's order, its rows as
// "Header: value" paragraphs (table-text.ts). Shared and inline strings, booleans, errors,
// formulas' cached values, and numbers, shown as dates when their cell's format is a date one.
// Sheets and shared strings, the large parts, are read as a stream of tags (no document tree:
// a 1.7 MB workbook of 50,000 rows otherwise takes 400 MB and seconds of garbage collection).
import { Parser } from 'htmlparser2';
import { addSection, ExtractionError, type Extracted, type ExtractedSection } from './extracted.js';
import { unzipLimit, type IngestLimits } from './limits.js';
import { tableText } from './table-text.js';
import {
  attribute,
  children,
  elements,
  mainPart,
  parseXml,
  relationships,
  relationshipId,
} from './xml.js';
import { readZip } from './zip.js';

const isXmlPart = (path: string) => /\.(?:xml|rels)$/i.test(path);

/** Built-in number formats that are dates or times (ECMA-376 §18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Whether a custom format code shows a date or time (quoted text and [colours] aside). */
const isDateCode = (code: string) =>
  /[dyhs]/i.test(code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '').replace(/General/gi, ''));

/** For each cell style index, whether numbers in it are dates. */
function dateStyles(styles: Uint8Array | undefined): boolean[] {
  if (!styles) return [];
  const document = parseXml(styles);
  const custom = new Map(
    elements(document, 'numFmt').map((format) => [
      Number(attribute(format, 'numFmtId')),
      isDateCode(attribute(format, 'formatCode') ?? ''),
    ]),
  );
  const cellFormats = elements(document, 'cellXfs')[0];
  if (!cellFormats) return [];
  return children(cellFormats, 'xf').map((format) => {
    const id = Number(attribute(format, 'numFmtId') ?? 0);
    return custom.get(id) ?? DATE_FORMAT_IDS.has(id);
  });
}

/** An Excel serial day number as an ISO date (and time, when it has one). */
function serialDate(serial: number, date1904: boolean): string {
  const epoch = Date.UTC(1899, 11, 30) + (date1904 ? 1462 * 86_400_000 : 0);
  const iso = new Date(epoch + Math.round(serial * 86_400_000)).toISOString();
  return Number.isInteger(serial) ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

/** Excel's last column is XFD: a cell further right is not read (nor made room for). */
const MAX_COLUMNS = 16_384;

/** "BC12" → 54 (zero-based). */
function columnIndex(reference: string | undefined): number | undefined {
  const letters = /^[A-Z]+/i.exec(reference ?? '')?.[0];
  if (!letters) return undefined;
  return (
    [...letters.toUpperCase()].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0) - 1
  );
}

interface Workbook {
  sharedStrings: string[];
  dates: boolean[];
  date1904: boolean;
}

interface Cell {
  column: number;
  type: string;
  style: number;
  value: string;
}

function cellText(cell: Cell, book: Workbook): string {
  const { type, value } = cell;
  if (type === 's') return book.sharedStrings[Number(value)] ?? '';
  if (type === 'b') return value === '1' ? 'TRUE' : 'FALSE';
  if (type !== 'n' || value === '') return value;
  const number = Number(value);
  return book.dates[cell.style] && Number.isFinite(number)
    ? serialDate(number, book.date1904)
    : value;
}

const tagName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Reads XML as a stream of tags: `open` and `close` get each element's local name, `text` the
 * text of <v> and <t> elements (a value, a string's run) outside phonetic guides (<rPh>).
 */
function streamValues(
  xml: Uint8Array,
  handlers: {
    open(name: string, attributes: Record<string, string>): void;
    close(name: string): void;
    text(text: string): void;
  },
): void {
  let inValue = false;
  let inPhonetic = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const local = tagName(name);
        if (local === 'rPh') inPhonetic = true;
        else if ((local === 'v' || local === 't') && !inPhonetic) inValue = true;
        handlers.open(local, attributes);
      },
      ontext(text) {
        if (inValue) handlers.text(text);
      },
      onclosetag(name) {
        const local = tagName(name);
        if (local === 'rPh') inPhonetic = false;
        else if (local === 'v' || local === 't') inValue = false;
        handlers.close(local);
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(new TextDecoder('utf-8').decode(xml));
}

/** The shared strings (<si>), each the text of its runs. */
function sharedStrings(xml: Uint8Array | undefined): string[] {
  const strings: string[] = [];
  if (!xml) return strings;
  let item: string | undefined;
  streamValues(xml, {
    open: (name) => {
      if (name === 'si') item = '';
    },
    text: (text) => {
      if (item !== undefined) item += text;
    },
    close: (name) => {
      if (name === 'si' && item !== undefined) strings.push(item);
    },
  });
  return strings;
}

function sheetRows(xml: Uint8Array, book: Workbook): string[][] {
  const rows: string[][] = [];
  let row: string[] | undefined;
  let cell: Cell | undefined;
  streamValues(xml, {
    open: (name, attributes) => {
      if (name === 'row') row = [];
      else if (name === 'c' && row) {
        const column = columnIndex(attributes.r) ?? row.length;
        const style = Number(attributes.s ?? 0);
        cell = { column, type: attributes.t ?? 'n', style, value: '' };
      }
    },
    text: (text) => {
      if (cell) cell.value += text;
    },
    close: (name) => {
      if (name === 'c' && row && cell) {
        if (cell.column < MAX_COLUMNS) row[cell.column] = cellText(cell, book);
        cell = undefined;
      } else if (name === 'row' && row) {
        rows.push(Array.from(row, (value) => value ?? ''));
        row = undefined;
      }
    },
  });
  return rows;
}

export async function extractXlsx(bytes: Uint8Array, limits: IngestLimits): Promise<Extracted> {
  const parts = await readZip(bytes, {
    what: 'XLSX file',
    wanted: isXmlPart,
    ...unzipLimit(limits),
  });
  const workbookPath = mainPart(parts);
  const workbookXml = workbookPath ? parts.get(workbookPath) : undefined;
  if (!workbookPath || !workbookXml)
    throw new ExtractionError('could not read the XLSX file: it has no workbook part');
  const workbook = parseXml(workbookXml);
  const related = relationships(parts, workbookPath);
  const partOf = (type: string) => {
    const target = related.find((relation) => relation.type === type)?.target;
    return target ? parts.get(target) : undefined;
  };
  const properties = elements(workbook, 'workbookPr')[0];
  const book: Workbook = {
    sharedStrings: sharedStrings(partOf('sharedStrings')),
    dates: dateStyles(partOf('styles')),
    date1904: ['1', 'true'].includes(properties ? (attribute(properties, 'date1904') ?? '') : ''),
  };
  const sections: ExtractedSection[] = [];
  for (const sheet of elements(workbook, 'sheet')) {
    const target = related.find((relation) => relation.id === relationshipId(sheet))?.target;
    const xml = target ? parts.get(target) : undefined;
    if (xml)
      addSection(sections, {
        heading: attribute(sheet, 'name'),
        text: tableText(sheetRows(xml, book)),
      });
  }
  return { sections };
}
