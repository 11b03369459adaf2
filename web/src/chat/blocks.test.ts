import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import { MIN_PIECE, piecesOf } from './blocks';

/** Markup from react-markdown itself, without the line breaks it puts between blocks. */
const markup = (text: string) =>
  renderToStaticMarkup(createElement(ReactMarkdown, { remarkPlugins: [remarkGfm] }, text))
    .replaceAll(/>\n+</g, '><')
    .trim();

const ANSWERS = [
  'One\ntwo\n\nThree\n\n# Four',
  '```ts\nconst a = 1;\n\n\nconst b = 2;\n```\n\nafter\n\n~~~\nstill\n\nstreaming',
  '````\n```\n\nnot closed by three\n````\n\nafter',
  '- a\n\n- b\n\n  still b\n\nafter the list',
  '1. one\n\n2. two\n\n10) ten\n\nText',
  '> quoted\n\n> another quote\n\nplain\n\n---\n\n***\n\n- - -\n\nend',
  'Setext\n======\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n*emphasis* after a blank\n\n    indented code\n\n    more',
  '- item\n\n  ```\n  code\n\n  more code\n  ```\n\nafter',
];

describe('piecesOf', () => {
  it('cuts before unindented blocks, not in fenced code, lists or indented lines', () => {
    const long = 'x'.repeat(MIN_PIECE);
    expect(
      piecesOf(`${long}\n\nb\n\n\`\`\`\n${long}\n\nd\n\`\`\`\n\n- ${long}\n\n- f\n\n  g\n\nh`),
    ).toEqual([
      `${long}\n`,
      // At least MIN_PIECE characters, and never before a list item (it may go on a list).
      `b\n\n\`\`\`\n${long}\n\nd\n\`\`\`\n\n- ${long}\n\n- f\n\n  g\n`,
      'h',
    ]);
    expect(piecesOf('short\n\nanswer')).toEqual(['short\n\nanswer']);
  });

  it('does not cut an answer with a definition any piece may refer to', () => {
    const text = 'See [the docs].\n\nMore [^1].\n\n[the docs]: https://example.com\n[^1]: note';
    expect(piecesOf(text)).toEqual([text]);
  });

  it.each(ANSWERS)('renders the pieces as react-markdown renders the whole: %j', (answer) => {
    // Each block long enough to be a piece of its own (fence lines as they are).
    const text = answer.replaceAll(
      /^(?![`~]{3})\S.*$/gm,
      (line) => `${line} ${'y'.repeat(MIN_PIECE)}`,
    );
    const pieces = piecesOf(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('\n')).toBe(text);
    expect(pieces.map(markup).join('')).toBe(markup(text));
  });
});
