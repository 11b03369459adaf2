// A small Markdown renderer for answers, straight to React elements: text always stays text
// (no HTML is ever interpreted), links go only to http, https and mailto, and citation
// markers [n] become buttons when the answer cites a passage n. It covers what answers use:
// paragraphs, headings, lists, fenced code, quotes, rules, tables, code spans, bold, italic,
// links.
import { Fragment, useMemo, type ReactNode } from 'react';
import type { Citation } from '../api/types';

export type OnCite = (citation: Citation, opener: HTMLButtonElement) => void;

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'code'; language: string; text: string }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { kind: 'rule' }
  | { kind: 'table'; align: Align[]; head: string[]; rows: string[][] };

type Align = 'left' | 'center' | 'right' | undefined;

// A backtick fence's line has no other backtick ("```a``` b" is code in a sentence).
const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const LIST_ITEM = /^( *)([-*+]|(\d{1,9})[.)])([ \t]+)(.*)$/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

const isBlank = (line: string) => line.trim() === '';
const indentOf = (line: string) => line.length - line.trimStart().length;

interface ListItemStart {
  indent: number;
  ordered: boolean;
  number: number;
  /** Where the item's text starts: its continuation lines are indented this far. */
  contentIndent: number;
  text: string;
}

function listItem(line: string): ListItemStart | undefined {
  const match = LIST_ITEM.exec(line);
  if (!match) return undefined;
  const [, indent = '', marker = '', number, spaces = '', text = ''] = match;
  return {
    indent: indent.length,
    ordered: number !== undefined,
    number: Number(number ?? 1),
    contentIndent: indent.length + marker.length + Math.min(spaces.length, 4),
    text,
  };
}

/** A line that ends a paragraph without a blank line before it. */
function interruptsParagraph(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || RULE.test(line)) return true;
  const item = listItem(line);
  // As in CommonMark, only a numbered list that starts at 1 interrupts a sentence ("in 2024.").
  return item !== undefined && item.indent <= 3 && (!item.ordered || item.number === 1);
}

/** The cells of a table row: "| a | b |" or "a | b" (a \| is no separator). */
function cells(line: string): string[] {
  const row = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

function alignOf(delimiter: string): Align {
  const left = delimiter.startsWith(':');
  const right = delimiter.endsWith(':');
  return left && right ? 'center' : right ? 'right' : left ? 'left' : undefined;
}

/** A table starts with a header row, then a delimiter row with as many cells ("|---|:-:|"). */
function isTableStart(lines: readonly string[], i: number): boolean {
  const header = lines[i]!;
  const delimiter = lines[i + 1];
  return (
    header.includes('|') &&
    delimiter !== undefined &&
    TABLE_DELIMITER.test(delimiter) &&
    cells(header).length === cells(delimiter).length
  );
}

/** Removes up to `count` spaces of indentation. */
const dedent = (line: string, count: number) => line.slice(Math.min(count, indentOf(line)));

function parseBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const [, marks = '', language = ''] = fence;
      const code: string[] = [];
      // An unclosed fence runs to the end: an answer still streaming shows as code at once.
      for (i++; i < lines.length; i++) {
        const closing = lines[i]!.trim();
        if (closing.startsWith(marks) && closing.replaceAll(marks[0]!, '') === '') break;
        code.push(dedent(lines[i]!, indentOf(line)));
      }
      i++;
      blocks.push({ kind: 'code', language, text: code.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: heading[2] ?? '' });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length; i++) {
        const match = QUOTE.exec(lines[i]!);
        if (!match) break;
        quoted.push(match[1] ?? '');
      }
      blocks.push({ kind: 'quote', blocks: parseBlocks(quoted) });
      continue;
    }
    const item = listItem(line);
    if (item) {
      i = parseList(lines, i, item, blocks);
      continue;
    }
    if (isTableStart(lines, i)) {
      const head = cells(line);
      const align = cells(lines[i + 1]!).map(alignOf);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i]!.includes('|') && !isBlank(lines[i]!); i++) {
        const row = cells(lines[i]!);
        rows.push(head.map((_, column) => row[column] ?? ''));
      }
      blocks.push({ kind: 'table', align, head, rows });
      continue;
    }
    const paragraph = [line.trim()];
    const goesOn = (j: number) =>
      !isBlank(lines[j]!) && !interruptsParagraph(lines[j]!) && !isTableStart(lines, j);
    for (i++; i < lines.length && goesOn(i); i++) paragraph.push(lines[i]!.trim());
    blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
  }
  return blocks;
}

/** Reads a list from line `i` into `blocks`; returns the index of the first line after it. */
function parseList(lines: readonly string[], i: number, first: ListItemStart, blocks: Block[]) {
  const items: string[][] = [];
  let tight = true;
  let current = first;
  let itemLines = [first.text];
  let blankBefore = false;
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) {
      blankBefore = true;
      itemLines.push('');
      continue;
    }
    const next = listItem(line);
    if (next && next.ordered === first.ordered && next.indent <= current.indent) {
      items.push(itemLines);
      if (blankBefore) tight = false;
      current = next;
      itemLines = [next.text];
      blankBefore = false;
      continue;
    }
    const indent = indentOf(line);
    // Indented lines belong to the item (a nested list may be indented less than its text).
    const nested =
      indent >= current.contentIndent || (next !== undefined && indent > current.indent);
    // Without a blank line before it, a plain line continues the item's text.
    const lazy = !blankBefore && !interruptsParagraph(line);
    if (!nested && !lazy) break;
    if (blankBefore && nested) tight = false;
    itemLines.push(nested ? dedent(line, current.contentIndent) : line.trim());
    blankBefore = false;
  }
  items.push(itemLines);
  blocks.push({
    kind: 'list',
    ordered: first.ordered,
    start: first.number,
    tight,
    items: items.map((item) => parseBlocks(item)),
  });
  return i;
}

// Inline text ----------------------------------------------------------------------------------

interface InlineContext {
  citations: ReadonlyMap<number, Citation>;
  onCite?: OnCite;
  /** Inside a link's text: no nested links or buttons. */
  inLink: boolean;
}

const ESCAPABLE = /[!-/:-@[-`{-~]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const BARE_URL = /^https?:\/\/[^\s<>]*[^\s<>.,;:!?'")\]}*_~]/;

const runLength = (text: string, at: number, char: string) => {
  let end = at;
  while (text[end] === char) end++;
  return end - at;
};

/** The href a link may have: http, https or mailto only, as the browser would parse it. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A code span's text: lines joined; one space each side dropped, as in "`` `a` ``". */
function codeSpan(raw: string): string {
  const text = raw.replaceAll('\n', ' ');
  return text.length > 2 && text.startsWith(' ') && text.endsWith(' ') && text.trim()
    ? text.slice(1, -1)
    : text;
}

/** Where a code span opened by `size` backticks at `from` closes, or -1. */
function codeSpanEnd(text: string, from: number, size: number): number {
  for (let j = text.indexOf('`', from); j !== -1; j = text.indexOf('`', j)) {
    const run = runLength(text, j, '`');
    if (run === size) return j;
    j += run;
  }
  return -1;
}

/**
 * Where emphasis opened by `size` (1 or 2) `char`s closes, or -1: a run of the same character
 * after a non-space; a run of three closes both, e.g. "***both***".
 */
function emphasisEnd(text: string, from: number, char: string, size: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === '`') {
      const run = runLength(text, j, '`');
      const end = codeSpanEnd(text, j + run, run);
      j = (end === -1 ? j + run : end + run) - 1;
      continue;
    }
    if (text[j] !== char) continue;
    const run = runLength(text, j, char);
    const closes =
      j > from &&
      !/\s/.test(text[j - 1]!) &&
      (char === '*' || !WORD_CHAR.test(text[j + run] ?? '')) &&
      (size === 2 ? run >= 2 : run % 2 === 1);
    if (closes) return j + run - size;
    j += run - 1;
  }
  return -1;
}

/** A link "[text](url)" starting at `at`: its text and url, and where it ends. */
function linkAt(text: string, at: number) {
  let depth = 0;
  let close = -1;
  for (let j = at; j < text.length && close === -1; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '[') depth++;
    else if (text[j] === ']' && --depth === 0) close = j;
  }
  if (close === -1 || text[close + 1] !== '(') return undefined;
  depth = 0;
  for (let j = close + 1; j < text.length && text[j] !== '\n'; j++) {
    if (text[j] === '(') depth++;
    else if (text[j] === ')' && --depth === 0) {
      const target = text.slice(close + 2, j).trim();
      // An optional title after the url ("…" or '…') is left out.
      const url = /^<([^>]*)>|^(\S*)/.exec(target);
      return { label: text.slice(at + 1, close), url: url?.[1] ?? url?.[2] ?? '', end: j + 1 };
    }
  }
  return undefined;
}

/** Emphasis opening with the `run` of * or _ at `at`: its size (2 bold, 1 italic) and end. */
function emphasisAt(text: string, at: number, run: number) {
  const char = text[at]!;
  const opens =
    !/\s/.test(text[at + run] ?? ' ') && (char === '*' || !WORD_CHAR.test(text[at - 1] ?? ''));
  if (!opens) return undefined;
  for (const size of [2, 1]) {
    const end = size <= run ? emphasisEnd(text, at + size, char, size) : -1;
    if (end !== -1) return { size, end };
  }
  return undefined;
}

/** A bare http(s) address, or one between < and >, starting at `at`. */
function autolinkAt(text: string, at: number, context: InlineContext) {
  if (context.inLink || WORD_CHAR.test(text[at - 1] ?? '')) return undefined;
  const rest = text.slice(at);
  const match = /^<([^\s<>]+)>/.exec(rest) ?? BARE_URL.exec(rest);
  const address = match?.[1] ?? match?.[0];
  const href = address && safeHref(address);
  return match && address && href ? { href, text: address, length: match[0].length } : undefined;
}

function CitationButton({ citation, onCite }: { citation: Citation; onCite?: OnCite }) {
  const where = citation.page === undefined ? '' : `, page ${citation.page}`;
  return (
    <button
      type="button"
      className="citation"
      aria-label={`Citation ${citation.index}: ${citation.title}${where}`}
      onClick={(event) => onCite?.(citation, event.currentTarget)}
    >
      [{citation.index}]
    </button>
  );
}

function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function renderInline(text: string, context: InlineContext): ReactNode[] {
  const out: ReactNode[] = [];
  let plain = '';
  const push = (node: ReactNode) => {
    if (plain) out.push(plain);
    plain = '';
    out.push(node);
  };
  const key = () => out.length + 1;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\\' && ESCAPABLE.test(text[i + 1] ?? '')) {
      plain += text[i + 1];
      i += 2;
    } else if (char === '\n') {
      push(<br key={key()} />);
      i++;
    } else if (char === '`') {
      const run = runLength(text, i, '`');
      const end = codeSpanEnd(text, i + run, run);
      if (end === -1) plain += text.slice(i, i + run);
      else push(<code key={key()}>{codeSpan(text.slice(i + run, end))}</code>);
      i = end === -1 ? i + run : end + run;
    } else if (char === '*' || char === '_') {
      const run = runLength(text, i, char);
      const emphasis = emphasisAt(text, i, run);
      if (!emphasis) plain += text.slice(i, i + run);
      else {
        const inner = renderInline(text.slice(i + emphasis.size, emphasis.end), context);
        const Tag = emphasis.size === 2 ? 'strong' : 'em';
        push(<Tag key={key()}>{inner}</Tag>);
      }
      i = emphasis ? emphasis.end + emphasis.size : i + run;
    } else if (char === '[') {
      const marker = /^\[(\d{1,4})\](?!\()/.exec(text.slice(i));
      const citation = marker && context.citations.get(Number(marker[1]));
      const link = marker ? undefined : linkAt(text, i);
      if (marker && citation && !context.inLink) {
        push(<CitationButton key={key()} citation={citation} onCite={context.onCite} />);
        i += marker[0].length;
      } else if (link && !context.inLink) {
        const label = renderInline(link.label, { ...context, inLink: true });
        const href = safeHref(link.url);
        // A link to anything else (javascript:, data:, a relative path) keeps only its text.
        if (href)
          push(
            <ExternalLink key={key()} href={href}>
              {label}
            </ExternalLink>,
          );
        else push(<Fragment key={key()}>{label}</Fragment>);
        i = link.end;
      } else {
        plain += marker ? marker[0] : char;
        i += marker ? marker[0].length : 1;
      }
    } else {
      const url = char === '<' || char === 'h' ? autolinkAt(text, i, context) : undefined;
      if (url) {
        push(
          <ExternalLink key={key()} href={url.href}>
            {url.text}
          </ExternalLink>,
        );
        i += url.length;
      } else {
        plain += char;
        i++;
      }
    }
  }
  if (plain) out.push(plain);
  return out;
}

// Blocks to elements ---------------------------------------------------------------------------

function renderBlocks(blocks: readonly Block[], context: InlineContext, offset: number) {
  return blocks.map((block, index) => renderBlock(block, index, context, offset));
}

function renderBlock(block: Block, key: number, context: InlineContext, offset: number) {
  switch (block.kind) {
    case 'paragraph':
      return <p key={key}>{renderInline(block.text, context)}</p>;
    case 'heading': {
      const Heading = `h${Math.min(6, block.level + offset)}` as 'h3';
      return <Heading key={key}>{renderInline(block.text, context)}</Heading>;
    }
    case 'code':
      return (
        <pre key={key}>
          <code className={block.language ? `language-${block.language}` : undefined}>
            {block.text}
          </code>
        </pre>
      );
    case 'quote':
      return <blockquote key={key}>{renderBlocks(block.blocks, context, offset)}</blockquote>;
    case 'rule':
      return <hr key={key} />;
    case 'table': {
      const cell = (text: string, column: number, Tag: 'th' | 'td') => (
        <Tag key={column} className={block.align[column] && `align-${block.align[column]}`}>
          {renderInline(text, context)}
        </Tag>
      );
      return (
        <div key={key} className="table-scroll">
          <table>
            <thead>
              <tr>{block.head.map((text, column) => cell(text, column, 'th'))}</tr>
            </thead>
            <tbody>
              {block.rows.map((row, index) => (
                <tr key={index}>{row.map((text, column) => cell(text, column, 'td'))}</tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case 'list': {
      const items = block.items.map((item, index) => (
        <li key={index}>
          {block.tight && item[0]?.kind === 'paragraph' ? (
            <>
              {renderInline(item[0].text, context)}
              {renderBlocks(item.slice(1), context, offset)}
            </>
          ) : (
            renderBlocks(item, context, offset)
          )}
        </li>
      ));
      if (!block.ordered) return <ul key={key}>{items}</ul>;
      return (
        <ol key={key} start={block.start === 1 ? undefined : block.start}>
          {items}
        </ol>
      );
    }
  }
}

/**
 * An answer's Markdown as elements. Headings start at level 1 + `headingOffset`, below the
 * headings of the page around them.
 */
export function Markdown({
  text,
  citations = [],
  onCite,
  headingOffset = 2,
}: {
  text: string;
  citations?: readonly Citation[];
  onCite?: OnCite;
  headingOffset?: number;
}) {
  const blocks = useMemo(() => parseBlocks(text.split(/\r\n?|\n/)), [text]);
  const context: InlineContext = {
    citations: new Map(citations.map((c) => [c.index, c])),
    onCite,
    inLink: false,
  };
  return <>{renderBlocks(blocks, context, headingOffset)}</>;
}
