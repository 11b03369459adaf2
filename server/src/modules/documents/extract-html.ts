// HTML as sections split at h1–h3, without scripts, styles, navigation, footers or hidden
// elements; paragraphs, lines and table cells keep their breaks. The title is <title>, else the
// first h1.
import { Parser } from 'htmlparser2';
import { addSection, collapse, type Extracted, type ExtractedSection } from './extracted.js';

const SKIPPED = new Set([
  'script',
  'style',
  'nav',
  'footer',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'head',
  'select',
  'button',
  'dialog',
]);
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
const PARAGRAPH = new Set([
  'p',
  'h4',
  'h5',
  'h6',
  'pre',
  'blockquote',
  'table',
  'ul',
  'ol',
  'dl',
  'figure',
  'hr',
  'address',
  'details',
  'fieldset',
  'form',
]);
const LINE = new Set([
  'div',
  'section',
  'article',
  'main',
  'header',
  'aside',
  'li',
  'tr',
  'dt',
  'dd',
  'br',
  'figcaption',
  'summary',
  'caption',
  'legend',
  'option',
  'label',
]);
const CELL = new Set(['td', 'th']);
const HEAD_CONTENT = new Set([
  'title',
  'meta',
  'link',
  'style',
  'script',
  'base',
  'noscript',
  'template',
]);
const SECTION_HEADINGS = new Set(['h1', 'h2', 'h3']);

export function extractHtml(html: string): Extracted {
  const sections: ExtractedSection[] = [];
  let title: string | undefined;
  let firstH1: string | undefined;
  let skipDepth = 0; // inside a dropped element (counted by its own tag name)
  let skipTag: string | undefined;
  let inTitle = false;
  let titleText = '';
  let preDepth = 0;
  let headingTag: string | undefined;
  let headingText = '';
  let heading: string | undefined;
  // The heading's id in the page (its own, or an <a id|name> inside it): the page's anchor.
  let headingId: string | undefined;
  let anchor: string | undefined;
  // The section's text as parts, with the whitespace owed before the next text kept pending:
  // appending to one long string and looking at its end would be quadratic on large pages.
  let parts: string[] = [];
  let pendingBreaks = 0; // newlines owed (at most 2: a blank line)
  let pendingSeparator = ''; // ' ' or '\t' owed within a line

  const flush = () => {
    addSection(sections, { heading, anchor, text: parts.join('') });
    parts = [];
    pendingBreaks = 0;
    pendingSeparator = '';
  };
  const breakLine = (blank: boolean, force = false) => {
    pendingSeparator = '';
    if (parts.length === 0) return;
    pendingBreaks = Math.min(2, blank ? 2 : force ? pendingBreaks + 1 : Math.max(pendingBreaks, 1));
  };
  const separate = (separator: ' ' | '\t') => {
    if (parts.length > 0 && pendingBreaks === 0 && pendingSeparator !== '\t') {
      pendingSeparator = separator;
    }
  };
  const append = (text: string) => {
    if (!text) return;
    if (parts.length > 0) {
      if (pendingBreaks > 0) parts.push(pendingBreaks === 2 ? '\n\n' : '\n');
      else if (pendingSeparator) parts.push(pendingSeparator);
    }
    pendingBreaks = 0;
    pendingSeparator = '';
    parts.push(text);
  };
  const appendInline = (text: string) => {
    const collapsed = text.replace(/\s+/g, ' ');
    if (collapsed.startsWith(' ')) separate(' ');
    append(collapsed.trim());
    if (collapsed.endsWith(' ') && collapsed.trim()) separate(' ');
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title' && title === undefined && (skipTag ?? 'head') === 'head') {
          inTitle = true;
          titleText = '';
          return;
        }
        // Content in a <head> that is never closed (no </head>, no <body>) is the body.
        if (skipTag === 'head' && !HEAD_CONTENT.has(name)) skipTag = undefined;
        if (skipTag !== undefined) {
          if (name === skipTag) skipDepth++;
          return;
        }
        const hidden =
          'hidden' in attributes ||
          attributes['aria-hidden'] === 'true' ||
          /display\s*:\s*none/i.test(attributes.style ?? '');
        if (SKIPPED.has(name) || (hidden && !VOID.has(name))) {
          skipTag = name;
          skipDepth = 1;
          return;
        }
        if (headingTag !== undefined) {
          if (name === 'br') headingText += ' ';
          if (name === 'a') headingId ??= attributes.id ?? attributes.name;
          return;
        }
        if (SECTION_HEADINGS.has(name)) {
          headingTag = name;
          headingText = '';
          headingId = attributes.id;
          return;
        }
        if (name === 'pre') preDepth++;
        if (PARAGRAPH.has(name)) breakLine(true);
        else if (name === 'br') breakLine(false, true);
        else if (LINE.has(name)) breakLine(false);
        else if (CELL.has(name)) separate('\t');
        else if (name === 'img' && attributes.alt?.trim()) appendInline(` ${attributes.alt} `);
      },
      ontext(text) {
        if (inTitle) titleText += text;
        else if (skipTag !== undefined) return;
        else if (headingTag !== undefined) headingText += text;
        else if (preDepth > 0) append(text);
        else appendInline(text);
      },
      onclosetag(name) {
        if (inTitle && name === 'title') {
          inTitle = false;
          const text = collapse(titleText);
          if (text) title = text;
          return;
        }
        if (skipTag !== undefined) {
          if (name === skipTag && --skipDepth === 0) skipTag = undefined;
          return;
        }
        if (headingTag !== undefined) {
          if (name !== headingTag) return;
          headingTag = undefined;
          flush();
          heading = collapse(headingText) || undefined;
          anchor = headingId?.trim() || undefined;
          if (name === 'h1' && firstH1 === undefined && heading) firstH1 = heading;
          return;
        }
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (PARAGRAPH.has(name)) breakLine(true);
        else if (LINE.has(name) && name !== 'br') breakLine(false);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  if (headingTag !== undefined) heading = collapse(headingText) || undefined;
  flush();

  title ??= firstH1;
  const result: Extracted = { sections };
  if (title !== undefined) result.title = title;
  return result;
}
