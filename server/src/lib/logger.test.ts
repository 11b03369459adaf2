import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger.js';

describe('logger', () => {
  it('writes JSON with the role, and redacts credentials', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino(loggerOptions({ logLevel: 'info' }, 'api'), sink);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer s3cr3t-token', cookie: 'session=abc' } },
        user: { password: 'hunter2', token: 'tok-123' },
      },
      'signed in',
    );
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ role: 'api', msg: 'signed in', level: 30 });
    expect(lines[0]).not.toMatch(/s3cr3t-token|session=abc|hunter2|tok-123/);
    expect(line.req).toEqual({ headers: { authorization: '[redacted]', cookie: '[redacted]' } });
  });
});
