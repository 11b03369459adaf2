import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { failureReason, MAX_REASON_LENGTH } from './failure.js';

describe('failureReason', () => {
  it('makes one line without NUL or control characters', () => {
    expect(failureReason(new Error('bad\u0000 byte\n\tin\u0007 "x"'))).toBe('bad byte in "x"');
  });

  it('bounds the length, without leaving half a surrogate pair', () => {
    const reason = failureReason(new Error(`${'a'.repeat(MAX_REASON_LENGTH - 2)}😀😀😀`));
    expect(reason).toHaveLength(MAX_REASON_LENGTH);
    expect(reason.endsWith('\ufffd…')).toBe(true);
    expect(failureReason(new Error('x'.repeat(1_000_000)))).toHaveLength(MAX_REASON_LENGTH);
  });

  it("gives a failed query's cause, not its parameters", () => {
    const error = new DrizzleQueryError(
      'insert into t values ($1)',
      ['secret text'],
      new Error('no'),
    );
    expect(failureReason(error)).toBe('no');
  });

  it('reads anything thrown', () => {
    expect(failureReason('plain')).toBe('plain');
    expect(failureReason(new Error(''))).toBe('unknown error');
  });
});
