import { describe, expect, it } from 'vitest';
import { storableText } from './storable-text.js';

describe('storableText', () => {
  it('drops NUL characters and keeps the rest', () => {
    expect(storableText('a\u0000b\u0000\u0000 c')).toBe('ab c');
  });

  it('replaces lone surrogates, keeps pairs', () => {
    expect(storableText('x\ud800y \ud83d\ude00')).toBe('x\ufffdy \ud83d\ude00');
  });
});
