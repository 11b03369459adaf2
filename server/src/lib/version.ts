import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_DIR } from './server-dir.js';

/** The server package's version. */
export const VERSION = (
  JSON.parse(readFileSync(join(SERVER_DIR, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
