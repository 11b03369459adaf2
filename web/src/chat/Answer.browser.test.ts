/// <reference types="node" />
// Answers in a real browser, as React renders them there: error boundaries work only in a
// client render (renderToStaticMarkup throws past them). An answer the renderer cannot render
// (quotes nested deeper than the Markdown tools can walk) shows as its plain text with a note,
// and the answers around it, their citation buttons and the page stay.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rolldown } from 'vite';
import { expect, test } from 'vitest';
import { withPage } from '../../../e2e/browser/launch';
import { see } from '../../../e2e/browser/waits';

const WEB = fileURLToPath(new URL('../../', import.meta.url));
const HOSTILE = `${'>'.repeat(10_000)} too deep`;

/** A page of three answers, the middle one hostile; a click on a citation names it in the title. */
const ENTRY = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Answer } from '/src/chat/Answer.tsx';
const citations = [{ index: 1, documentId: 'd', chunkId: 'c', title: 'Garden notes', text: 'Prune.' }];
const onCite = (citation) => { document.title = 'cited ' + citation.index; };
const answer = (content) => h('li', null, h(Answer, { content, citations, toolCalls: [], onCite }));
createRoot(document.getElementById('root')).render(
  h('ol', null, answer('**Formatted** [1]'), answer(${JSON.stringify(HOSTILE)}), answer('Also *fine*')),
);
`;

const entry: Plugin = {
  name: 'answers-page',
  resolveId: (id) => (id === 'answers-page' ? id : undefined),
  load: (id) => (id === 'answers-page' ? ENTRY : undefined),
};

/**
 * The page's script, built by Vite as the app is (production React), in one piece: the page
 * has no server to fetch the lazily loaded Markdown renderer from.
 */
async function bundle(): Promise<string> {
  const output = (await build({
    configFile: false,
    root: WEB,
    logLevel: 'silent',
    plugins: [react(), entry],
    build: {
      write: false,
      rollupOptions: { input: 'answers-page', output: { codeSplitting: false } },
    },
  })) as Rolldown.RolldownOutput;
  const chunk = output.output.find((file) => file.type === 'chunk' && file.isEntry);
  if (chunk?.type !== 'chunk') throw new Error('no script built');
  return chunk.code;
}

test('an answer that cannot be rendered shows as plain text; the others stay', async () => {
  const script = await bundle();
  await withPage(async (page) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<div id="root"></div>');
    await page.addScriptTag({ content: script, type: 'module' });
    await see(
      page.getByText('This answer could not be formatted'),
      'the note on the failed answer',
    );
    await see(page.getByText('too deep', { exact: false }), 'the failed answer’s own text');
    await see(page.locator('strong', { hasText: 'Formatted' }), 'the answer before it, formatted');
    await see(page.locator('em', { hasText: 'fine' }), 'the answer after it, formatted');
    await page.getByRole('button', { name: 'Citation 1: Garden notes' }).click();
    expect(await page.title()).toBe('cited 1');
    expect(errors).toEqual([]);
  });
});
