// Markdown as sections split at #, ## and ### (ATX or setext) headings, with fenced code kept
// whole; YAML front matter is dropped, its title kept as a fallback.
import { addSection, type Extracted, type ExtractedSection } from './extracted.js';

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const ATX_EMPTY_HEADING = /^ {0,3}(#{1,6})[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * A heading's anchor as Markdown renderers make it (GitHub's rule): lower case, punctuation
 * dropped, spaces as hyphens; a repeated one gets -1, -2…
 */
function slug(heading: string, seen: Map<string, number>): string {
  const base = heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
  const count = seen.get(base) ?? 0;
  seen.set(base, count + 1);
  return count === 0 ? base : `${base}-${count}`;
}

export function extractMarkdown(source: string): Extracted {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  let frontMatterTitle: string | undefined;
  // YAML front matter: dropped, its title kept as a fallback.
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, n) => n > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
    if (end > 0) {
      for (const line of lines.slice(1, end)) {
        const match = /^title:\s*(.+?)\s*$/.exec(line);
        if (match?.[1]) frontMatterTitle = match[1].replace(/^(['"])(.*)\1$/, '$2').trim();
      }
      i = end + 1;
    }
  }

  const sections: ExtractedSection[] = [];
  let title: string | undefined;
  let heading: string | undefined;
  let body: string[] = [];
  let fence: string | undefined;
  const slugs = new Map<string, number>();
  const flush = () => {
    addSection(sections, {
      heading,
      anchor: heading && slug(heading, slugs),
      text: body.join('\n'),
    });
    body = [];
  };
  const startSection = (level: number, text: string) => {
    flush();
    if (level === 1 && title === undefined && text) title = text;
    heading = text || undefined;
  };

  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      if (
        fenceMatch?.[1] &&
        fenceMatch[1][0] === fence[0] &&
        fenceMatch[1].length >= fence.length
      ) {
        fence = undefined;
      }
      body.push(line);
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      body.push(line);
      continue;
    }
    const atx = ATX_HEADING.exec(line) ?? ATX_EMPTY_HEADING.exec(line);
    if (atx?.[1] && atx[1].length <= 3) {
      startSection(atx[1].length, (atx[2] ?? '').trim());
      continue;
    }
    // Setext headings: a paragraph line underlined with === (h1) or --- (h2).
    const next = lines[i + 1];
    const previous = body[body.length - 1];
    if (
      next !== undefined &&
      line.trim() &&
      (previous === undefined || !previous.trim()) &&
      /^ {0,3}(?:=+|-+)[ \t]*$/.test(next) &&
      !/^ {0,3}(?:[-*+>]|\d+[.)])\s/.test(line)
    ) {
      startSection(next.trim().startsWith('=') ? 1 : 2, line.trim());
      i++;
      continue;
    }
    body.push(line);
  }
  flush();
  title ??= frontMatterTitle;
  return title === undefined ? { sections } : { title, sections };
}
