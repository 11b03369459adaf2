// Logs never carry user content through an error: a real failed query on each database, with a
// document's text and an embedding vector bound to it, is logged without them; and any line
// stays bounded, whatever a caller passes.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { LOG_LINE_MAX } from '../src/lib/log-safety.js';
import { loggerOptions } from '../src/lib/logger.js';
import { migratedDatabase, type Backend } from './support/databases.js';

function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino(loggerOptions({ logLevel: 'info' }, 'api'), sink), lines };
}

const SECRET = `PRIVATE-DOCUMENT-TEXT ${'lorem ipsum '.repeat(2_000)}`;
const VECTOR = Array.from({ length: 384 }, (_, i) => 0.987654 + i / 1e7);

describe.each<Backend>(['pglite', 'postgres'])('logs on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(() => database.close());

  it('log a failed query without the values bound to it', async () => {
    const failure = await database.db
      .execute(
        sql`insert into no_such_table (content, embedding) values (${SECRET}, ${JSON.stringify(VECTOR)})`,
      )
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Error);
    const { logger, lines } = capturingLogger();
    logger.error({ err: failure }, 'request failed');
    const line = lines[0] ?? '';
    expect(line).not.toContain('PRIVATE-DOCUMENT-TEXT');
    expect(line).not.toContain('0.987654');
    expect(line.length).toBeLessThan(LOG_LINE_MAX);
    const logged = JSON.parse(line) as { err: { message: string; cause: { message: string } } };
    expect(logged.err.message).toContain('no_such_table');
    expect(logged.err.cause.message).toMatch(/no_such_table.*does not exist/);
  });
});

describe('log lines', () => {
  it('are bounded whatever a caller passes', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ body: { text: SECRET, embedding: VECTOR } }, 'a careless log call');
    const line = lines[0] ?? '';
    expect(SECRET.length).toBeGreaterThan(LOG_LINE_MAX);
    expect(line.length).toBeLessThan(LOG_LINE_MAX);
    const logged = JSON.parse(line) as { msg: string; body: { embedding: unknown[] } };
    expect(logged.msg).toBe('a careless log call');
    expect(logged.body.embedding.length).toBeLessThan(VECTOR.length);
  });
});
