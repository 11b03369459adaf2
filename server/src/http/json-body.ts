// JSON request bodies: Fastify's own parser (which refuses __proto__ and constructor tricks),
// behind a scan that refuses nesting deeper than MAX_JSON_DEPTH before anything is parsed. A
// deep body is cheap to send and costly to walk (every validator and serializer recurses), so
// it is refused with 400 in one linear pass. Each route's byte limit applies before this runs.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../lib/errors.js';

/** Arrays and objects inside each other; no body of this API needs more than a few. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels`;
const tooDeep = () =>
  new AppError(400, 'JSON_TOO_DEEP', `invalid request: body: ${TOO_DEEP}`, [
    { field: 'body', message: TOO_DEEP },
  ]);

/** Whether the JSON text nests arrays and objects deeper than `limit`, outside strings. */
export function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPENERS.has(c)) {
      depth += 1;
      if (depth > limit) return true;
    } else if (CLOSERS.has(c)) depth -= 1;
  }
  return false;
}

export function registerJsonBody(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(tooDeep(), undefined);
      return;
    }
    void parse(request, body as string, done);
  });
}
