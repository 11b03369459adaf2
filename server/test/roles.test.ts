// A worker never loads HTTP code: walk the worker role's whole import graph, static and lazy.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importGraph(entry: string) {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else
        packages.add(
          specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : specifier.split('/')[0]!,
        );
    }
  };
  visit(join(SRC, entry));
  return { files: [...files].map((f) => relative(SRC, f)), packages: [...packages] };
}

describe('the worker role', () => {
  const graph = importGraph('roles/worker.ts');

  it('reaches the job handlers', () => {
    expect(graph.files).toContain('modules/diagnostics/service.ts');
    expect(graph.packages).toContain('bullmq');
  });

  it('loads no HTTP code and no migrations', () => {
    expect(
      graph.files.filter((f) => f.startsWith('http/') || f === 'app.ts' || f.endsWith('routes.ts')),
    ).toEqual([]);
    expect(graph.packages.filter((p) => p.includes('fastify'))).toEqual([]);
    expect(graph.files).not.toContain('db/migrate.ts');
  });
});
