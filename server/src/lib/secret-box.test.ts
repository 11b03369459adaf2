import { describe, expect, it } from 'vitest';
import { secretBox } from './secret-box.js';

describe('secretBox', () => {
  const secret = 'x'.repeat(40);

  it('seals a secret that only a box with the same key and purpose opens', () => {
    const box = secretBox(secret, 'mcp servers');
    const sealed = box.seal('sk-bearer-token');
    expect(sealed).not.toContain('sk-bearer-token');
    expect(sealed).not.toBe(box.seal('sk-bearer-token'));
    expect(box.open(sealed)).toBe('sk-bearer-token');
    expect(secretBox('y'.repeat(40), 'mcp servers').open(sealed)).toBeUndefined();
    expect(secretBox(secret, 'something else').open(sealed)).toBeUndefined();
  });

  it('refuses a sealed value that was changed', () => {
    const box = secretBox(secret, 'mcp servers');
    const [version, iv, tag, data] = box.seal('sk-bearer-token').split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(box.open([version, iv, tag, flipped.toString('base64url')].join('.'))).toBeUndefined();
    expect(box.open('not sealed')).toBeUndefined();
  });
});
