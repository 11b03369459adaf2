// In .ts, without JSX, so that the root vitest config (web/src/**/*.test.ts) runs it.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Citation } from '../api/types';
import { Markdown, safeHref } from './markdown';

const citation = (index: number, extra: Partial<Citation> = {}): Citation => ({
  index,
  documentId: `d${index}`,
  chunkId: `c${index}`,
  title: 'Garden notes',
  text: 'Prune the climbing roses in late winter.',
  ...extra,
});

/** The markup, without the line breaks react-markdown puts between blocks. */
const html = (text: string, citations: Citation[] = []) =>
  renderToStaticMarkup(createElement(Markdown, { text, citations })).replaceAll(/>\n</g, '><');

const button = (index: number, label: string) =>
  `<button type="button" class="citation" aria-label="Citation ${index}: ${label}">[${index}]</button>`;
const link = (href: string, text: string) =>
  `<a href="${href}" target="_blank" rel="noopener noreferrer">${text}</a>`;

describe('Markdown blocks', () => {
  it('renders paragraphs', () => {
    expect(html('One\ntwo\n\nThree')).toBe('<p>One\ntwo</p><p>Three</p>');
  });

  it('renders headings below the page’s own (# is h3)', () => {
    expect(html('# Big\n### Small ###\n###### Tiny')).toBe(
      '<h3>Big</h3><h5>Small</h5><h6>Tiny</h6>',
    );
  });

  it('renders bullet and numbered lists, nested, with their start number', () => {
    expect(html('- a\n- b\n  - c')).toBe('<ul><li>a</li><li>b\n<ul><li>c</li></ul></li></ul>');
    expect(html('Steps:\n1. one\n2. two')).toBe('<p>Steps:</p><ol><li>one</li><li>two</li></ol>');
    expect(html('3) three\n4) four')).toBe('<ol start="3"><li>three</li><li>four</li></ol>');
  });

  it('does not start a list in the middle of a sentence that wraps at a number', () => {
    expect(html('It happened in\n2024. Then')).toBe('<p>It happened in\n2024. Then</p>');
  });

  it('renders fenced code as it is, with its language, also while the fence is still open', () => {
    expect(html('```ts\nconst a = **b** < c; // [1]\n```\nafter', [citation(1)])).toBe(
      '<pre><code class="language-ts">const a = **b** &lt; c; // [1]\n</code></pre><p>after</p>',
    );
    expect(html('~~~\nstill streaming')).toBe('<pre><code>still streaming\n</code></pre>');
  });

  it('renders block quotes, as offline answers quote passages under a line', () => {
    const offline =
      '[1] Garden notes, Roses:\n> Prune the climbing roses.\n>\n> Feed them **compost**.\n\nNo model.';
    expect(html(offline, [citation(1)])).toBe(
      `<p>${button(1, 'Garden notes')} Garden notes, Roses:</p>` +
        '<blockquote><p>Prune the climbing roses.</p><p>Feed them <strong>compost</strong>.</p></blockquote>' +
        '<p>No model.</p>',
    );
  });

  it('renders GitHub tables, aligned by class (no inline style), after a sentence too', () => {
    expect(html('Your tasks:\n| Task | Due |\n|:--|--:|\n| Buy milk | today |\n| a \\| b |')).toBe(
      '<p>Your tasks:</p><div class="table-scroll"><table>' +
        '<thead><tr><th class="align-left">Task</th><th class="align-right">Due</th></tr></thead>' +
        '<tbody><tr><td class="align-left">Buy milk</td><td class="align-right">today</td></tr>' +
        '<tr><td class="align-left">a | b</td><td class="align-right"></td></tr></tbody>' +
        '</table></div>',
    );
  });

  it('renders a horizontal rule', () => {
    expect(html('a\n\n---\n\nb')).toBe('<p>a</p><hr/><p>b</p>');
  });
});

describe('Markdown inline text', () => {
  it('renders bold, italic, code spans and strikethrough', () => {
    expect(html('**bold** *it* _it_ ***both*** `a *b*` ~~gone~~')).toBe(
      '<p><strong>bold</strong> <em>it</em> <em>it</em> <em><strong>both</strong></em> ' +
        '<code>a *b*</code> <del>gone</del></p>',
    );
    expect(html('**still typing and 2 * 3 * 4 snake_case_name')).toBe(
      '<p>**still typing and 2 * 3 * 4 snake_case_name</p>',
    );
  });

  it('keeps HTML as text: no element from an answer', () => {
    expect(html('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(html('Look: <b onclick="x()">bold</b> <script>alert(1)</script>')).toBe(
      '<p>Look: &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt; ' +
        '&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('renders http, https and mailto links opening in a new tab, bare addresses too', () => {
    expect(html('[Docs](https://example.com/a_(b)) and [me](mailto:me@example.com "Mail")')).toBe(
      `<p>${link('https://example.com/a_(b)', 'Docs')} and ${link('mailto:me@example.com', 'me')}</p>`,
    );
    expect(html('See https://example.com/x. Or <http://example.org>!')).toBe(
      `<p>See ${link('https://example.com/x', 'https://example.com/x')}.` +
        ` Or ${link('http://example.org/', 'http://example.org')}!</p>`,
    );
  });

  it('keeps only the text of a link to anything else', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      '&#106;avascript:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      '/documents',
      '#top',
    ])
      expect(html(`[click **me**](${url})`)).toBe('<p>click <strong>me</strong></p>');
    expect(html('[x]: javascript:alert(1)\n\nsee [x]')).toBe('<p>see x</p>');
    expect(safeHref(' javascript:alert(1)')).toBeUndefined();
    expect(safeHref('https://example.com')).toBe('https://example.com/');
  });

  it('shows an image as a link to it, never loading it', () => {
    expect(html('![the plan](https://example.com/p.png) ![x](javascript:alert(1))')).toBe(
      `<p>${link('https://example.com/p.png', 'the plan')} x</p>`,
    );
  });
});

describe('Markdown citations', () => {
  const cited = [citation(1), citation(2, { title: 'Rose book', page: 12 }), citation(3)];

  it('turns [n] into a citation button only when citation n exists', () => {
    expect(html('Prune in late winter [1][2], not [4].', cited)).toBe(
      `<p>Prune in late winter ${button(1, 'Garden notes')}${button(2, 'Rose book, page 12')}` +
        ', not [4].</p>',
    );
    expect(html('Before the citations arrive [2].')).toBe(
      '<p>Before the citations arrive [2].</p>',
    );
  });

  it('turns [2, 3] and [1,3] into a button for each passage', () => {
    expect(html('Both say so [2, 3], twice [1,3].', cited)).toBe(
      `<p>Both say so ${button(2, 'Rose book, page 12')}${button(3, 'Garden notes')}, twice ` +
        `${button(1, 'Garden notes')}${button(3, 'Garden notes')}.</p>`,
    );
  });

  it('finds markers in emphasis, lists, quotes and tables, but not in code', () => {
    expect(html('- **late winter [1]**\n\n> [3]\n\n| a |\n|---|\n| [2] |', cited)).toBe(
      `<ul><li><strong>late winter ${button(1, 'Garden notes')}</strong></li></ul>` +
        `<blockquote><p>${button(3, 'Garden notes')}</p></blockquote>` +
        `<div class="table-scroll"><table><thead><tr><th>a</th></tr></thead>` +
        `<tbody><tr><td>${button(2, 'Rose book, page 12')}</td></tr></tbody></table></div>`,
    );
    expect(html('`[1]` and\n\n    [2, 3]', cited)).toBe(
      '<p><code>[1]</code> and</p><pre><code>[2, 3]\n</code></pre>',
    );
  });

  it('puts no button inside a link', () => {
    expect(html('[see [1] https://x.org](https://example.com)', cited)).toBe(
      `<p>${link('https://example.com/', 'see [1] https://x.org')}</p>`,
    );
  });
});

describe('Markdown from a hostile answer', () => {
  it('renders 2,000 nested quotes without overflowing the stack', () => {
    const markup = html(`${'>'.repeat(2000)} deep [1]`, [citation(1)]);
    expect(markup.split('<blockquote>').length).toBeGreaterThan(1000);
    expect(markup).toContain(`<p>deep ${button(1, 'Garden notes')}</p>`);
  });
});
