// A table (a spreadsheet's sheet, a CSV file) as text: the first row with content is the header,
// and every row after it becomes a paragraph "Header: value; Header2: value" so that each chunk
// of it still says what its values are.

/** A header's name, or "Column N" when its cell is empty. */
const headerName = (headers: string[], column: number) =>
  headers[column]?.trim() || `Column ${column + 1}`;

export function tableText(rows: string[][]): string {
  const filled = rows.filter((row) => row.some((cell) => cell.trim()));
  const [headers, ...body] = filled;
  if (!headers) return '';
  if (body.length === 0) return headers.map((cell) => cell.trim()).join('; ');
  return body
    .map((row) =>
      row
        .map((cell, column) =>
          cell.trim() ? `${headerName(headers, column)}: ${cell.trim()}` : '',
        )
        .filter(Boolean)
        .join('; '),
    )
    .join('\n\n');
}
