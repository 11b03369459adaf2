// The command list is loaded by every process, the worker included: it must reach no
// command's code (HTTP, migrations, accounts) until that command runs.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../', import.meta.url));
/** Static imports only (`import type` is erased); `import()` runs with its command. */
const STATIC_IMPORT = /^import (?!type )[^'"]*?from\s*['"](\.[^'"]+)['"]/gm;

function staticGraph(entry: string): string[] {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT))
      visit(join(dirname(file), specifier!.replace(/\.js$/, '.ts')));
  };
  visit(join(SRC, entry));
  return [...files].map((f) => relative(SRC, f));
}

describe('the command list', () => {
  const graph = staticGraph('main.ts');

  it('is reached from main', () => {
    expect(graph).toContain('cli/commands.ts');
    expect(graph).toContain('cli/users.ts');
  });

  it('loads no HTTP, migration, database or module code before a command runs', () => {
    expect(
      graph.filter(
        (f) =>
          f.startsWith('http/') ||
          f.startsWith('modules/') ||
          f.startsWith('db/') ||
          f.startsWith('roles/') ||
          f === 'app.ts',
      ),
    ).toEqual([]);
  });
});
