import { describe, expect, it } from 'vitest';
import { hashEmbedding } from './hash-embedding.js';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe('offline hash embedding', () => {
  it('is deterministic, normalised and of the asked size', () => {
    const a = hashEmbedding('The quick brown fox', 384);
    expect(a).toHaveLength(384);
    expect(hashEmbedding('The quick brown fox', 384)).toEqual(a);
    expect(cosine(a, a)).toBeCloseTo(1, 6);
  });

  it('puts texts that share words and word forms closer than unrelated ones', () => {
    const query = hashEmbedding('invoice payment terms', 384);
    const related = hashEmbedding(
      'Payment of each invoice is due within 30 days (terms of payment).',
      384,
    );
    const unrelated = hashEmbedding(
      'The mountain trail climbs through pine forest to a lake.',
      384,
    );
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
    // Word forms: an inflected form is the same stem.
    expect(cosine(hashEmbedding('the invoices', 384), related)).toBeGreaterThan(
      cosine(hashEmbedding('the invoices', 384), unrelated),
    );
    expect(hashEmbedding('compressed the files', 384)).toEqual(
      hashEmbedding('compressing file', 384),
    );
  });

  it('leaves stop words out, so the words that carry meaning decide', () => {
    expect(hashEmbedding('how do I compress the file', 384)).toEqual(
      hashEmbedding('compress file', 384),
    );
  });

  it('gives a zero vector for text with no words', () => {
    expect(hashEmbedding('  … — !!', 16).every((v) => v === 0)).toBe(true);
  });
});
