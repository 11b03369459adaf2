// Each request is logged once, when it is answered, with what an operator needs to follow it:
// request id, method, URL, the caller's address, status and duration. (Fastify's default is
// two lines a request, which doubled the logging every request pays for.)
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/client.js';
import { loggerOptions } from '../src/lib/logger.js';
import { openQueue, type JobQueue } from '../src/queue/index.js';
import { migratedDatabase, silentLogger, testConfig } from './support/databases.js';

interface Line {
  msg: string;
  reqId?: string;
  req?: { method: string; url: string; remoteAddress: string };
  res?: { statusCode: number };
  responseTime?: number;
}

describe('request logging', () => {
  const lines: Line[] = [];
  let database: Database;
  let queue: JobQueue;
  let app: FastifyInstance;
  beforeAll(async () => {
    // No database work is logged here: the embedded database is enough.
    database = await migratedDatabase('pglite');
    const config = testConfig();
    queue = await openQueue(config, database.db, silentLogger);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Line);
        done();
      },
    });
    const logger = pino(loggerOptions({ logLevel: 'info' }, 'api'), sink);
    app = await buildApp({ config, db: database.db, queue, logger, serveWeb: false });
  });
  afterAll(async () => {
    await app.close();
    await queue.close();
    await database.close();
  });

  it('writes one line a request, when it is answered, with what both of Fastify’s had', async () => {
    lines.length = 0;
    const missing = await app.inject({
      url: '/api/nothing-here',
      headers: { 'x-request-id': 'req-1' },
    });
    const refused = await app.inject({
      url: '/api/tasks?limit=5',
      headers: { 'x-request-id': 'req-2' },
    });
    expect([missing.statusCode, refused.statusCode]).toEqual([404, 401]);
    expect(lines.map((line) => [line.reqId, line.msg])).toEqual([
      ['req-1', 'request completed'],
      ['req-2', 'request completed'],
    ]);
    expect(lines[1]).toMatchObject({
      req: { method: 'GET', url: '/api/tasks?limit=5', remoteAddress: '127.0.0.1' },
      res: { statusCode: 401 },
    });
    expect(lines[1]!.responseTime).toBeGreaterThan(0);
  });
});
