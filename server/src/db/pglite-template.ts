// The embedded database as initdb makes it, made once by the build (scripts/pglite-template.ts)
// and copied for each new embedded database. Running initdb inside PGlite grows its WebAssembly
// memory to 500-700 MB, and WebAssembly memory never shrinks: a server that created its own
// database kept that size for as long as it ran (docs/performance.md#memory). A copy opens as a
// restart does, and takes a fraction of initdb's time.
import { copyFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_DIR } from '../lib/server-dir.js';

export const PGLITE_TEMPLATE_DIR = join(SERVER_DIR, 'dist', 'pglite-template');
/** Which PGlite made the template: only that one opens it as its own initdb's. */
export const PGLITE_TEMPLATE_STAMP = `${PGLITE_TEMPLATE_DIR}.json`;

/** The installed PGlite's version, from its package.json. */
export function pgliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** Whether the template is there, made by the PGlite installed now. */
export function pgliteTemplateIsCurrent(): boolean {
  if (!existsSync(PGLITE_TEMPLATE_STAMP)) return false;
  const stamp = JSON.parse(readFileSync(PGLITE_TEMPLATE_STAMP, 'utf8')) as { pglite?: string };
  return stamp.pglite === pgliteVersion();
}

/**
 * Makes `dir` a new database from the template; false when there is none (the sources run by
 * tsx, a build without it), and PGlite runs initdb itself. PG_VERSION is copied last: it is what
 * says a directory holds a database (to PGlite and to embeddedDatabaseExists), so a copy cut
 * short is made again at the next start.
 */
export function copyPgliteTemplate(dir: string): boolean {
  if (!pgliteTemplateIsCurrent()) return false;
  const version = join(PGLITE_TEMPLATE_DIR, 'PG_VERSION');
  cpSync(PGLITE_TEMPLATE_DIR, dir, { recursive: true, filter: (source) => source !== version });
  copyFileSync(version, join(dir, 'PG_VERSION'));
  return true;
}
