// Which of a PDF page's text runs (pdf.js text items, in reading order) hold the cited
// passage. The server made the passage from the same items (extract-pdf.ts: each line's
// items joined, white space collapsed), so both sides are compared without any white space
// and case: what differs is only how runs were split into lines and words.

const squeeze = (text: string) => text.replace(/\s+/g, '').toLowerCase();

/** The fewest characters of a passage's start (or end) that say it is on the page. */
const EDGE = 16;

/** Where `text` occurs in `page`, every place. */
function* occurrences(page: string, text: string) {
  for (let at = page.indexOf(text); at >= 0; at = page.indexOf(text, at + 1)) yield at;
}

/**
 * The indexes of the runs that hold the passage: all of it when it is on the page; when it
 * runs on from the page before or onto the next, the part of it that is here (found by its
 * start or end)). Empty when the page does not have it.
 */
export function passageRuns(runs: readonly string[], passage: string): number[] {
  const wanted = squeeze(passage);
  if (!wanted) return [];
  // owner[i]: the run that the i-th character of the squeezed page text came from.
  const owner: number[] = [];
  let page = '';
  runs.forEach((run, index) => {
    const text = squeeze(run);
    page += text;
    for (let i = 0; i < text.length; i++) owner.push(index);
  });
  const span = (start: number, end: number) => {
    const first = owner[start]!;
    const last = owner[end - 1]!;
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  };
  const whole = page.indexOf(wanted);
  if (whole >= 0) return span(whole, whole + wanted.length);
  if (wanted.length <= EDGE) return [];
  // Onto the next page: the page ends with the passage's start.
  for (const start of occurrences(page, wanted.slice(0, EDGE)))
    if (wanted.startsWith(page.slice(start))) return span(start, page.length);
  // From the page before: the page starts with the passage's end.
  for (const at of occurrences(page, wanted.slice(-EDGE)))
    if (wanted.endsWith(page.slice(0, at + EDGE))) return span(0, at + EDGE);
  return [];
}
