// Where an answer can be cut into pieces that Markdown reads the same apart as together, so
// that each piece is parsed on its own: a streamed answer then parses only its last piece
// again, and a long answer costs the sum of small parses (micromark's cost grows faster than
// the text). This decides only where to cut, never what anything means: react-markdown still
// parses every piece. A cut goes before a line that follows a blank line, starts in the
// first column and is not a list item (a list goes on past blank lines), outside fenced code.
// An answer with a link or footnote definition ("[x]: …"), which any piece may refer to, is
// never cut. Each parse has a fixed cost too (react-markdown sets up its parser each time),
// so a piece is at least MIN_PIECE characters: a few pieces for a long answer, not one a line.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

/** Characters a piece has at least before it may be cut (the last piece may be shorter). */
export const MIN_PIECE = 1000;

const isBlank = (line: string) => line.trim() === '';

/** The answer's text in pieces, in order; joined with "\n" they are the text again. */
export function piecesOf(text: string): string[] {
  if (DEFINITION.test(text)) return [text];
  const lines = text.split('\n');
  const pieces: string[] = [];
  let start = 0;
  let length = 0;
  /** The marks of the fenced code block the line is in, if any. */
  let fence: string | undefined;
  lines.forEach((line, i) => {
    if (fence !== undefined) {
      const marks = CLOSING_FENCE.exec(line)?.[1];
      if (marks && marks[0] === fence[0] && marks.length >= fence.length) fence = undefined;
    } else {
      const cut = isBlank(lines[i - 1] ?? 'x') && /^\S/.test(line) && !LIST_ITEM.test(line);
      if (cut && length >= MIN_PIECE) {
        pieces.push(lines.slice(start, i).join('\n'));
        start = i;
        length = 0;
      }
      fence = FENCE.exec(line)?.[1];
    }
    length += line.length + 1;
  });
  pieces.push(lines.slice(start).join('\n'));
  return pieces;
}
