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
      { heading: 'Guide', text: 'Welcome.' },
      {
        heading: 'Install',
        text: 'Run `npm i`.\n\n```sh\n# not a heading\n```\n#### Deep heading stays in text',
      },
      { heading: 'Configure', text: 'Set things.' },
      { heading: 'Another top', text: 'More.' },
    ]);
  });

  it('handles front matter, setext headings and CRLF', async () => {
    const md = '---\r\ntitle: "From front matter"\r\n---\r\nIntro\r\n\r\nPart\r\n----\r\nBody\r\n';
    const result = await extractText('markdown', utf8(md), limits);
    expect(result.title).toBe('From front matter');
    expect(result.sections).toEqual([{ text: 'Intro' }, { heading: 'Part', text: 'Body' }]);
  });
});
