// The offline embedding: feature hashing of words and character trigrams into a fixed
// number of dimensions, signed to keep collisions unbiased, then L2-normalised. No model, no
// network, deterministic; texts that share words and word pieces end up close.

const WORD = /[\p{L}\p{N}]+/gu;
const TRIGRAM_WEIGHT = 0.5;

/** FNV-1a, 32 bits: fast and well spread for short keys. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function add(vector: Float64Array, feature: string, weight: number) {
  const hash = fnv1a(feature);
  const sign = hash & 0x80000000 ? -1 : 1;
  vector[hash % vector.length]! += sign * weight;
}

export function hashEmbedding(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    add(vector, `w:${word}`, 1);
    const padded = `#${word}#`;
    for (let i = 0; i + 3 <= padded.length; i += 1)
      add(vector, `t:${padded.slice(i, i + 3)}`, TRIGRAM_WEIGHT);
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return Array.from(vector, (value) => (norm > 0 ? value / norm : 0));
}
