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

const html = (text: string, citations: Citation[] = []) =>
  renderToStaticMarkup(createElement(Markdown, { text, citations }));

describe('Markdown blocks', () => {
  it('renders paragraphs, with single line breaks kept', () => {
    expect(html('One\ntwo\n\nThree')).toBe('<p>One<br/>two</p><p>Three</p>');
  });

  it('renders headings below the page’s own (# is h3)', () => {
    expect(html('# Big\n### Small ###\n###### Tiny')).toBe(
      '<h3>Big</h3><h5>Small</h5><h6>Tiny</h6>',
    );
  });

  it('renders bullet and numbered lists, nested, with their start number', () => {
    expect(html('- a\n- b\n  - c\n* d')).toBe(
      '<ul><li>a</li><li>b<ul><li>c</li></ul></li><li>d</li></ul>',
    );
    expect(html('Steps:\n1. one\n2. two')).toBe('<p>Steps:</p><ol><li>one</li><li>two</li></ol>');
    expect(html('3) three\n4) four')).toBe('<ol start="3"><li>three</li><li>four</li></ol>');
  });

  it('keeps paragraphs in the items of a loose list, and lazy lines in their item', () => {
    expect(html('- a\n\n- b\ncontinued')).toBe(
      '<ul><li><p>a</p></li><li><p>b<br/>continued</p></li></ul>',
    );
  });

  it('does not start a list in the middle of a sentence that wraps at a number', () => {
    expect(html('It happened in\n2024. Then')).toBe('<p>It happened in<br/>2024. Then</p>');
  });

  it('renders fenced code as it is, with its language, also while the fence is still open', () => {
    expect(html('```ts\nconst a = **b** < c;\n```\nafter')).toBe(
      '<pre><code class="language-ts">const a = **b** &lt; c;</code></pre><p>after</p>',
    );
    expect(html('~~~\nstill streaming')).toBe('<pre><code>still streaming</code></pre>');
    expect(html('```a``` b')).toBe('<p><code>a</code> b</p>');
  });

  it('renders block quotes, as offline answers quote passages under a line', () => {
    const offline =
      '[1] Garden notes, Roses:\n> Prune the climbing roses.\n>\n> Feed them **compost**.\n\nNo model.';
    expect(html(offline, [citation(1)])).toBe(
      '<p><button type="button" class="citation" aria-label="Citation 1: Garden notes">[1]</button>' +
        ' Garden notes, Roses:</p>' +
        '<blockquote><p>Prune the climbing roses.</p><p>Feed them <strong>compost</strong>.</p></blockquote>' +
        '<p>No model.</p>',
    );
  });

  it('renders tables, with their alignment, after a sentence too', () => {
    expect(html('Your tasks:\n| Task | Due |\n|:--|--:|\n| Buy milk | today |\n| a \\| b |')).toBe(
      '<p>Your tasks:</p><div class="table-scroll"><table>' +
        '<thead><tr><th class="align-left">Task</th><th class="align-right">Due</th></tr></thead>' +
        '<tbody><tr><td class="align-left">Buy milk</td><td class="align-right">today</td></tr>' +
        '<tr><td class="align-left">a | b</td><td class="align-right"></td></tr></tbody>' +
        '</table></div>',
    );
    expect(html('a | b\nnot a table')).toBe('<p>a | b<br/>not a table</p>');
  });

  it('renders a horizontal rule', () => {
    expect(html('a\n\n---\n\nb')).toBe('<p>a</p><hr/><p>b</p>');
  });
});

describe('Markdown inline text', () => {
  it('renders bold, italic, both, and code spans', () => {
    expect(html('**bold** *it* _it_ __bold__ ***both*** `a *b*`')).toBe(
      '<p><strong>bold</strong> <em>it</em> <em>it</em> <strong>bold</strong> ' +
        '<strong><em>both</em></strong> <code>a *b*</code></p>',
    );
    expect(html('`` a `b` `` and ` `')).toBe('<p><code>a `b`</code> and <code> </code></p>');
    expect(html('*one **two** three*')).toBe('<p><em>one <strong>two</strong> three</em></p>');
  });

  it('leaves unmatched markers, arithmetic and snake_case as they are', () => {
    expect(html('**still typing')).toBe('<p>**still typing</p>');
    expect(html('2 * 3 * 4 and snake_case_name')).toBe('<p>2 * 3 * 4 and snake_case_name</p>');
    expect(html('\\*not italic\\*')).toBe('<p>*not italic*</p>');
  });

  it('keeps HTML as text', () => {
    expect(html('<script>alert(1)</script> <b>x</b>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;x&lt;/b&gt;</p>',
    );
  });

  it('renders http, https and mailto links opening in a new tab', () => {
    expect(html('[Docs](https://example.com/a_(b)) and [me](mailto:me@example.com "Mail")')).toBe(
      '<p><a href="https://example.com/a_(b)" target="_blank" rel="noopener noreferrer">Docs</a>' +
        ' and <a href="mailto:me@example.com" target="_blank" rel="noopener noreferrer">me</a></p>',
    );
  });

  it('turns bare and <bracketed> addresses into links, leaving out the final punctuation', () => {
    expect(html('See https://example.com/x. Or <http://example.org>!')).toBe(
      '<p>See <a href="https://example.com/x" target="_blank" rel="noopener noreferrer">https://example.com/x</a>.' +
        ' Or <a href="http://example.org/" target="_blank" rel="noopener noreferrer">http://example.org</a>!</p>',
    );
  });

  it('keeps only the text of a link to anything else', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:x',
      'data:text/html,x',
      '/documents',
    ])
      expect(html(`[click **me**](${url})`)).toBe('<p>click <strong>me</strong></p>');
    expect(safeHref(' javascript:alert(1)')).toBeUndefined();
    expect(safeHref('https://example.com')).toBe('https://example.com/');
  });

  it('turns [n] into a citation button only when citation n exists', () => {
    const cited = html('Prune in late winter [1][2], not [3].', [
      citation(1),
      citation(2, { title: 'Rose book', page: 12 }),
    ]);
    expect(cited).toBe(
      '<p>Prune in late winter ' +
        '<button type="button" class="citation" aria-label="Citation 1: Garden notes">[1]</button>' +
        '<button type="button" class="citation" aria-label="Citation 2: Rose book, page 12">[2]</button>' +
        ', not [3].</p>',
    );
    expect(html('Before the citations arrive [2].')).toBe(
      '<p>Before the citations arrive [2].</p>',
    );
  });

  it('puts no button inside a link, and no link inside a link', () => {
    expect(html('[see [1] https://x.org](https://example.com)', [citation(1)])).toBe(
      '<p><a href="https://example.com/" target="_blank" rel="noopener noreferrer">see [1] https://x.org</a></p>',
    );
  });
});
