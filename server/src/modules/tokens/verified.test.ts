import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from './verified.js';

const ann = { id: 'ann', email: 'ann@example.com', name: 'Ann', role: 'user' } as const;
const bob = { ...ann, id: 'bob', email: 'bob@example.com', name: 'Bob' };

describe('VerifiedTokens', () => {
  it('serves a verification until its time is up, and not after', () => {
    let now = 1_000;
    const verified = new VerifiedTokens(10, () => now);
    verified.remember('hash', 'token-1', ann);
    now += 9;
    expect(verified.user('hash')).toEqual(ann);
    now += 1;
    expect(verified.user('hash')).toBeUndefined();
  });

  it('forgets a revoked token by its id', () => {
    const verified = new VerifiedTokens();
    verified.remember('hash-1', 'token-1', ann);
    verified.remember('hash-2', 'token-2', ann);
    verified.forget('token-1');
    expect(verified.user('hash-1')).toBeUndefined();
    expect(verified.user('hash-2')).toEqual(ann);
  });

  it('forgets every token of an account whose role or state changed, and only its tokens', () => {
    const verified = new VerifiedTokens();
    verified.remember('hash-1', 'token-1', ann);
    verified.remember('hash-2', 'token-2', ann);
    verified.remember('hash-3', 'token-3', bob);
    verified.forgetUser('ann');
    expect(verified.user('hash-1')).toBeUndefined();
    expect(verified.user('hash-2')).toBeUndefined();
    expect(verified.user('hash-3')).toEqual(bob);
  });

  it('keeps at most 10,000 entries, dropping the oldest first', () => {
    const verified = new VerifiedTokens();
    for (let i = 0; i <= 10_000; i++) verified.remember(`hash-${i}`, `token-${i}`, ann);
    expect(verified.user('hash-0')).toBeUndefined();
    expect(verified.user('hash-1')).toEqual(ann);
    expect(verified.user('hash-10000')).toEqual(ann);
  });
});
