import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { extractText } from './extract.js';

const limits = parseConfig({}).ingestLimits;

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('extractText: Markdown', () => {
  it('splits Markdown at #, ## and ### headings, with the first # as title', async () => {
    const md = [
      'Preamble line.',
      '',
      '# Guide #',
      'Welcome.',
      '',
      '## Install',
      'Run `npm i`.',
      '',
      '```sh',
      '# not a heading',
      '```',
      '#### Deep heading stays in text',
      '### Configure',
      'Set things.',
      '# Another top',
      'More.',
    ].join('\n');
    const result = await extractText('markdown', utf8(md), limits);
    expect(result.title).toBe('Guide');
    expect(result.sections).toEqual([
      { text: 'Preamble line.' },
      { heading: 'Guide', anchor: 'guide', text: 'Welcome.' },
      {
        heading: 'Install',
        anchor: 'install',
        text: 'Run `npm i`.\n\n```sh\n# not a heading\n```\n#### Deep heading stays in text',
      },
      { heading: 'Configure', anchor: 'configure', text: 'Set things.' },
      { heading: 'Another top', anchor: 'another-top', text: 'More.' },
    ]);
  });

  it('gives each heading the anchor Markdown renderers make for it, repeats numbered', async () => {
    const md = '## What’s new in 2.0?\nA.\n## Notes\nB.\n## Notes\nC.\n';
    const result = await extractText('markdown', utf8(md), limits);
    expect(result.sections.map((s) => s.anchor)).toEqual(['whats-new-in-20', 'notes', 'notes-1']);
  });

  it('handles front matter, setext headings and CRLF', async () => {
    const md = '---\r\ntitle: "From front matter"\r\n---\r\nIntro\r\n\r\nPart\r\n----\r\nBody\r\n';
    const result = await extractText('markdown', utf8(md), limits);
    expect(result.title).toBe('From front matter');
    expect(result.sections).toEqual([
      { text: 'Intro' },
      { heading: 'Part', anchor: 'part', text: 'Body' },
    ]);
  });
});
