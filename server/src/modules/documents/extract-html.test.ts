import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { extractText } from './extract.js';

const limits = parseConfig({}).ingestLimits;

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('extractText: HTML', () => {
  const html = `<!DOCTYPE html>
<html><head><title>  Docket &amp; Friends </title><style>body { color: red }</style>
<script>var secret = "script text";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/about">Navigation link</a></nav>
<p>Intro paragraph with <b>bold</b> and&nbsp;entities &lt;3 &eacute;.</p>
<h1>First   heading</h1>
<p>Para one.</p><p>Para two<br>on two lines.</p>
<ul><li>item one</li><li>item two</li></ul>
<noscript>Enable JavaScript</noscript>
<template><p>template text</p></template>
<h2>Second <em>heading</em></h2>
<div>Div text</div><table><tr><td>a</td><td>b</td></tr></table>
<div hidden>hidden text</div>
<h4>Minor heading</h4><p>stays in section two</p>
<pre>  code
    indented</pre>
<footer>Footer text</footer>
<script>console.log("more")</script>
</body></html>`;

  it('drops scripts, styles, navigation and footers; splits at h1–h3', async () => {
    const result = await extractText('html', utf8(html), limits);
    expect(result.title).toBe('Docket & Friends');
    const all = result.sections.map((s) => s.text).join('\n');
    for (const dropped of [
      'secret',
      'color: red',
      'Navigation link',
      'Enable JavaScript',
      'template text',
      'hidden text',
      'Footer text',
      'console.log',
    ]) {
      expect(all).not.toContain(dropped);
    }
    expect(result.sections).toEqual([
      { text: 'Intro paragraph with bold and entities <3 é.' },
      {
        heading: 'First heading',
        text: 'Para one.\n\nPara two\non two lines.\n\nitem one\nitem two',
      },
      {
        heading: 'Second heading',
        text: 'Div text\n\na\tb\n\nMinor heading\n\nstays in section two\n\n  code\n    indented',
      },
    ]);
  });

  it('handles a few megabytes of HTML quickly', async () => {
    const section = (n: number) =>
      `<h2>Part ${n}</h2>` +
      '<p>Some <i>inline</i> text &amp; more words here.</p><div>x</div>'.repeat(50);
    const html = `<html><body>${Array.from({ length: 1000 }, (_, n) => section(n)).join('')}</body></html>`;
    expect(html.length).toBeGreaterThan(3_000_000);
    const started = performance.now();
    const { sections } = await extractText('html', utf8(html), limits);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(sections).toHaveLength(1000);
    expect(sections[999]?.heading).toBe('Part 999');
  });

  it('copes with sloppy HTML: no </head> or <body>, unclosed cells and paragraphs', async () => {
    const sloppy = '<html><head><title>T</title><link rel=x><h1>Head</h1><p>content<p>more';
    expect(await extractText('html', utf8(sloppy), limits)).toEqual({
      title: 'T',
      sections: [{ heading: 'Head', text: 'content\n\nmore' }],
    });
    const table = '<table><tr><td>1<td>2<tr><td>3<td>4</table><p>a<svg><title>s</title></svg> b';
    expect((await extractText('html', utf8(table), limits)).sections).toEqual([
      { text: '1\t2\n3\t4\n\na b' },
    ]);
  });

  it('uses the first h1 when there is no title', async () => {
    const result = await extractText(
      'html',
      utf8('<h1>Only &quot;h1&quot;</h1><p>text</p>'),
      limits,
    );
    expect(result.title).toBe('Only "h1"');
    expect(result.sections).toEqual([{ heading: 'Only "h1"', text: 'text' }]);
  });

  it("keeps a heading's id in the page as its anchor (its own, or an <a> inside it)", async () => {
    const html =
      '<h2 id="_install">Install</h2><p>one</p><h2><a name="use"></a>Use</h2><p>two</p><h3>Plain</h3><p>three</p>';
    const result = await extractText('html', utf8(html), limits);
    expect(result.sections).toEqual([
      { heading: 'Install', anchor: '_install', text: 'one' },
      { heading: 'Use', anchor: 'use', text: 'two' },
      { heading: 'Plain', text: 'three' },
    ]);
  });
});
