// What the server loads at start, checked on the built app in a process of its own: packages
// that only some requests need (MCP, the AI SDK for a model, PDF extraction, the preparation
// threads) are imported by the first request that needs them, so a server that never gets one
// never holds them in memory. The build bundles most packages into dist/'s files (its metafile,
// dist/meta.json, says which file holds which package); the rest are loaded from node_modules.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Resolution hooks that print every module's URL. */
const HOOKS = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  process.stdout.write('module ' + resolved.url + '\\n');
  return resolved;
}`;

const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];

/** The packages each file of the bundle holds, from the build's metafile. */
function bundledPackages(): Map<string, Set<string>> {
  const meta = JSON.parse(readFileSync(join(REPO_ROOT, 'server/dist/meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  return new Map(
    Object.entries(meta.outputs).map(([file, { inputs }]) => [
      join(REPO_ROOT, 'server', file),
      new Set(Object.keys(inputs).flatMap((input) => packageOf(input) ?? [])),
    ]),
  );
}

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
  const urls = output.match(/^module (\S+)$/gm)?.map((line) => line.slice('module '.length)) ?? [];
  const bundled = bundledPackages();
  const loaded = new Set<string>();
  for (const url of urls) {
    if (!url.startsWith('file:')) continue;
    const path = fileURLToPath(url);
    const name = packageOf(path);
    if (name) loaded.add(name);
    bundled.get(path)?.forEach((held) => loaded.add(held));
  }
  return loaded;
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
