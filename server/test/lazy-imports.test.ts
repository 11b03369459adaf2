// What the server loads at start, checked on the built app in a process of its own: packages
// that only some requests need (MCP, the AI SDK for a model, PDF extraction, the preparation
// threads) are imported by the first request that needs them, so a server that never gets one
// never holds them in memory.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, REPO_ROOT } from './support/processes.js';

/** Loaded on first use, never at start (each costs 10 to 35 MB resident). */
const LOADED_ON_FIRST_USE = [
  '@modelcontextprotocol/sdk',
  'ai',
  '@ai-sdk/openai-compatible',
  'pdfjs-dist',
  // OCR: only a preparation thread that meets a scan or a picture loads it.
  'tesseract.js',
  // DOCX extraction; the api only sniffs a container, which needs yauzl alone.
  'mammoth',
  'fflate',
  'piscina',
  // Every cookie request needs it, so the server loads it once listening: not before it is ready.
  'better-auth',
];

/** Resolution hooks that print every package a module is resolved from. */
const HOOKS = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const name = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(resolved.url);
  if (name) process.stdout.write('package ' + name[1] + '\\n');
  return resolved;
}`;

function packagesLoadedBy(script: string): Set<string> {
  const register = `import { register } from 'node:module'; register(${JSON.stringify(
    `data:text/javascript,${encodeURIComponent(HOOKS)}`,
  )});`;
  const output = execFileSync(
    'node',
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(register)}`,
      '--input-type=module',
      '-e',
      script,
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  return new Set(output.match(/^package (\S+)$/gm)?.map((line) => line.slice('package '.length)));
}

describe('imports at start', () => {
  beforeAll(() => assertBuilt());

  it('loads the app without the packages only some requests need', () => {
    const loaded = packagesLoadedBy(`await import('./server/dist/app.js');`);
    // The hooks see the app's packages: the check cannot pass by seeing nothing.
    expect(loaded).toContain('fastify');
    for (const name of LOADED_ON_FIRST_USE) expect(loaded).not.toContain(name);
  });
});
