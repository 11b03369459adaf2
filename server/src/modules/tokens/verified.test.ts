import { describe, expect, it } from 'vitest';
import { fullAccess } from '../../access/actor.js';
import { VerifiedTokens } from './verified.js';

const ann = {
  user: { id: 'ann', email: 'ann@example.com', name: 'Ann', role: 'user' as const },
  actor: fullAccess('ann'),
};
const bob = {
  user: { id: 'bob', email: 'bob@example.com', name: 'Bob', role: 'user' as const },
  actor: fullAccess('bob'),
};

describe('VerifiedTokens', () => {
  it('serves a verification until its time is up, and not after', () => {
    let now = 1_000;
    const verified = new VerifiedTokens(10, () => now);
    verified.remember('hash', 'token-1', ann);
    now += 9;
    expect(verified.holder('hash')).toEqual(ann);
    now += 1;
    expect(verified.holder('hash')).toBeUndefined();
  });

  it('never serves a token past its expiry, however fresh its verification', () => {
    let now = 1_000;
    const verified = new VerifiedTokens(5_000, () => now);
    const expiring = { ...ann, actor: { ...ann.actor, expiresAt: new Date(1_100) } };
    verified.remember('hash', 'token-1', expiring);
    now = 1_099;
    expect(verified.holder('hash')).toEqual(expiring);
    now = 1_100;
    expect(verified.holder('hash')).toBeUndefined();
  });

  it('keeps what the token may do with its user', () => {
    const verified = new VerifiedTokens();
    const reader = {
      ...ann,
      actor: { userId: 'ann', scopes: ['read'] as const, collectionIds: ['c'] },
    };
    verified.remember('hash', 'token-1', reader);
    expect(verified.holder('hash')?.actor).toEqual({
      userId: 'ann',
      scopes: ['read'],
      collectionIds: ['c'],
    });
  });

  it('forgets a revoked token by its id', () => {
    const verified = new VerifiedTokens();
    verified.remember('hash-1', 'token-1', ann);
    verified.remember('hash-2', 'token-2', ann);
    verified.forget('token-1');
    expect(verified.holder('hash-1')).toBeUndefined();
    expect(verified.holder('hash-2')).toEqual(ann);
  });

  it('forgets every token of an account whose role or state changed, and only its tokens', () => {
    const verified = new VerifiedTokens();
    verified.remember('hash-1', 'token-1', ann);
    verified.remember('hash-2', 'token-2', ann);
    verified.remember('hash-3', 'token-3', bob);
    verified.forgetUser('ann');
    expect(verified.holder('hash-1')).toBeUndefined();
    expect(verified.holder('hash-2')).toBeUndefined();
    expect(verified.holder('hash-3')).toEqual(bob);
  });

  it('keeps at most 10,000 entries, dropping the oldest first', () => {
    const verified = new VerifiedTokens();
    for (let i = 0; i <= 10_000; i++) verified.remember(`hash-${i}`, `token-${i}`, ann);
    expect(verified.holder('hash-0')).toBeUndefined();
    expect(verified.holder('hash-1')).toEqual(ann);
    expect(verified.holder('hash-10000')).toEqual(ann);
  });
});
