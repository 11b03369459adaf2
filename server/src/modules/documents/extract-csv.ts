// CSV (or tab- or semicolon-separated) text with csv-parse: the separator is the one that splits
// the first lines into the same number (two or more) of columns; the rows become one section of
// "Header: value" paragraphs (table-text.ts).
import { parse } from 'csv-parse/sync';
import { addSection, ExtractionError, type Extracted, type ExtractedSection } from './extracted.js';
import { tableText } from './table-text.js';

const SEPARATORS = [',', '\t', ';'] as const;
const SNIFFED_CHARS = 64 * 1024;
const SNIFFED_ROWS = 20;
const MIN_ROWS = 3;

const parseRows = (text: string, delimiter: string, toLine?: number): string[][] =>
  parse(text, {
    delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: toLine === undefined,
    ...(toLine === undefined ? {} : { to_line: toLine }),
  });

/**
 * The separator of text that is a table: its first rows (at least three) all have the same
 * number of columns, two or more, and parse as CSV. Undefined for any other text.
 */
export function csvSeparator(text: string): string | undefined {
  const sample = text.slice(0, SNIFFED_CHARS);
  // Only whole lines: a quoted field cut by the sample's end would not parse.
  const lines = text.length > SNIFFED_CHARS ? sample.slice(0, sample.lastIndexOf('\n')) : sample;
  return SEPARATORS.find((delimiter) => {
    try {
      const rows = parseRows(lines, delimiter, SNIFFED_ROWS);
      const width = rows[0]?.length ?? 0;
      return rows.length >= MIN_ROWS && width >= 2 && rows.every((row) => row.length === width);
    } catch {
      return false;
    }
  });
}

export function extractCsv(text: string): Extracted {
  const delimiter = csvSeparator(text) ?? ',';
  let rows: string[][];
  try {
    rows = parseRows(text, delimiter);
  } catch (error) {
    throw new ExtractionError(`could not read the CSV file: ${(error as Error).message}`);
  }
  const sections: ExtractedSection[] = [];
  addSection(sections, { text: tableText(rows) });
  return { sections };
}
