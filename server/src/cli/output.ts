// How list commands print: aligned columns for people, --json for scripts.
import type { OptionSpec } from './command.js';

export const JSON_OPTION: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print JSON (one array) instead of columns' },
};

export function printRows(
  rows: Record<string, string | number | boolean | null>[],
  asJson: unknown,
  empty: string,
) {
  if (asJson) return console.log(JSON.stringify(rows, null, 2));
  if (rows.length === 0) return console.log(empty);
  const columns = Object.keys(rows[0]!);
  const cells = rows.map((row) => columns.map((c) => String(row[c] ?? '-')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log([line(columns), ...cells.map(line)].join('\n'));
}
