/// <reference types="node" />
// npm run bench:markdown — how long the chat renderer takes to turn an answer into markup, for
// a typical answer and for hostile ones (deep nesting, 60 KB of emphasis), beside
// react-markdown on the whole answer at once and the hand-written parser it replaced (read
// from git at REFERENCE, when git is there). In production React, on this machine: figures
// to compare in one run, not absolutes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { piecesOf } from '../src/chat/blocks';

process.env.NODE_ENV ??= 'production';

/** The last commit with the hand-written parser (web/src/chat/markdown.tsx before react-markdown). */
const REFERENCE = 'bdfa12a';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
type Render = (text: string) => string;

const TYPICAL = [
  '## Pruning roses',
  'Prune climbing roses in **late winter** [1], before the buds break [2, 3].',
  '- Cut dead wood first\n- Then thin the *oldest* canes\n  - keep 5 to 7',
  '| Rose | When |\n|:--|--:|\n| Climbing | February |\n| Shrub | March |',
  '```sh\necho "no [1] here"\n```',
  '> Feed them compost in spring. See https://example.com/roses.',
].join('\n\n');

const TYPICAL_4KB = `${TYPICAL}\n\n`.repeat(10);

/** Label, text, renders timed (the median is shown): hostile texts once, they take seconds. */
const CASES: [string, string, number][] = [
  ['typical answer, 4 KB (median of 9)', TYPICAL_4KB, 9],
  ['its last piece, what a delta re-parses', piecesOf(TYPICAL_4KB).at(-1)!, 9],
  ['2,000 nested quotes', `${'>'.repeat(2000)} deep`, 1],
  ['1,000 nested lists', `${'- '.repeat(1000)}deep`, 1],
  ['60 KB of "*a " (emphasis)', '*a '.repeat(20_000), 1],
  ['60 KB of "**a" (emphasis)', '**a'.repeat(20_000), 1],
  ['60 KB of "_a " (emphasis)', '_a '.repeat(20_000), 1],
  ['60 KB of "[a" (brackets)', '[a'.repeat(30_000), 1],
  ['60 KB of lines of one word', 'word\n'.repeat(12_000), 1],
];

async function renderers(): Promise<[string, Render | undefined][]> {
  const [{ createElement }, { renderToStaticMarkup }] = await Promise.all([
    import('react'),
    import('react-dom/server'),
  ]);
  const [{ Markdown }, { default: ReactMarkdown }, { default: remarkGfm }] = await Promise.all([
    import('../src/chat/markdown'),
    import('react-markdown'),
    import('remark-gfm'),
  ]);
  const current: Render = (text) => renderToStaticMarkup(createElement(Markdown, { text }));
  // The same parser on the answer in one piece: what cutting it into pieces saves.
  const whole: Render = (text) =>
    renderToStaticMarkup(createElement(ReactMarkdown, { remarkPlugins: [remarkGfm] }, text));
  let reference: Render | undefined;
  try {
    const source = execFileSync('git', ['show', `${REFERENCE}:web/src/chat/markdown.tsx`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Under node_modules, so that it finds react as the app does; never part of the build.
    // tsx compiles JSX there in the classic way, which needs React in scope.
    const dir = join(ROOT, 'node_modules', '.cache', 'docket-bench');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'markdown-before.tsx'), `import React from 'react';\n${source}`);
    const before = (await import(
      join(dir, 'markdown-before.tsx')
    )) as typeof import('../src/chat/markdown');
    reference = (text) => renderToStaticMarkup(createElement(before.Markdown, { text }));
  } catch {
    console.log(`(no git history with ${REFERENCE}: the hand-written parser is left out)\n`);
  }
  return [
    ['Markdown (in pieces)', current],
    ['react-markdown whole', whole],
    [`hand-written (${REFERENCE})`, reference],
  ];
}

/** Milliseconds for one render, the median of `runs`; or why it failed. */
function time(render: Render | undefined, text: string, runs: number): string {
  if (!render) return '—';
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      render(text);
      times.push(performance.now() - start);
    }
  } catch (error) {
    return error instanceof RangeError ? 'stack overflow' : 'threw';
  }
  return `${Math.round(times.sort((a, b) => a - b)[runs >> 1]!)} ms`;
}

async function main() {
  const all = await renderers();
  // Once untimed, so that the first figure is not the JIT's warm-up.
  for (const [, render] of all) render?.(TYPICAL);
  console.log(`${'answer'.padEnd(40)}${all.map(([name]) => name.padStart(24)).join('')}`);
  for (const [label, text, runs] of CASES)
    console.log(
      `${label.padEnd(40)}${all.map(([, r]) => time(r, text, runs).padStart(24)).join('')}`,
    );
}

await main();
