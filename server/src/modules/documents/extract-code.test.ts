import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { extractText, sniffKind } from './extract.js';

const limits = parseConfig({}).ingestLimits;
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('extractText: source code', () => {
  it('keeps code as written, in a section headed by its file name and language', async () => {
    const python =
      '# Greeting\n\ndef greet(name):\n    return f"hello {name}"\n\n\n\nprint(greet("x"))\n';
    const bytes = utf8(python);
    // A # comment is not a Markdown heading when the name says Python.
    expect(await sniffKind(bytes, 'src/greet.py')).toBe('code');
    expect(await sniffKind(bytes, 'greet.txt')).toBe('markdown');
    expect(await extractText('code', bytes, limits, 'src/greet.py')).toEqual({
      sections: [
        {
          heading: 'greet.py (Python)',
          text: '# Greeting\n\ndef greet(name):\n    return f"hello {name}"\n\nprint(greet("x"))',
        },
      ],
    });
  });

  it('knows code by its name even when it starts with markup, or by its #! line', async () => {
    expect(await sniffKind(utf8('<template><div>{{ msg }}</div></template>'), 'App.vue')).toBe(
      'code',
    );
    expect(await sniffKind(utf8('<div className="x">hi</div>;'), 'view.jsx')).toBe('code');
    expect(await sniffKind(utf8('#!/usr/bin/env node\nconsole.log(1)\n'), 'run')).toBe('code');
    const script = await extractText('code', utf8('#!/bin/bash\necho hi\n'), limits, 'deploy');
    expect(script.sections[0]?.heading).toBe('deploy (Shell)');
    expect(await sniffKind(utf8('FROM node:22\nRUN npm ci\n'), 'Dockerfile')).toBe('code');
    expect(await sniffKind(utf8('<div>a page</div>'), 'page.htm')).toBe('html');
  });
});
