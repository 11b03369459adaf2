import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package's directory (its package.json, drizzle/, dist/): the nearest directory
 * above this module that holds a package.json. Found rather than written as a relative path,
 * because this module is at another depth in src/ (tsx, vitest) than in the bundle (dist/*.js).
 */
function findServerDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the server package.json was not found');
    dir = parent;
  }
  return dir;
}

export const SERVER_DIR = findServerDir();
