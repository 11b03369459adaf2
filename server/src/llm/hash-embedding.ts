// The offline embedding (offline-hash-v2): the words of a text without English stop words, each
// reduced to its stem (Porter's stemmer: "compressing", "compressed" and "compression" are one
// feature), weighted 1 + log(count), hashed into a fixed number of dimensions (signed, to keep
// collisions unbiased), then L2-normalised. No model, no network, deterministic; texts that share
// words or word forms end up close. bench:quality chose this over v1 (every word as written, and
// its character trigrams), which let the commonest words of a question decide and found the
// answer in the top 5 for 0.18 of the tuning questions alone, against 0.34
// (docs/documents.md#retrieval-quality).
import { stemmer } from 'stemmer';

const WORD = /[\p{L}\p{N}]+/gu;

/** English stop words (the NLTK list, as in most search engines); PostgreSQL drops the same kind. */
const STOP_WORDS = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself ' +
    'she her hers herself it its itself they them their theirs themselves what which who whom ' +
    'this that these those am is are was were be been being have has had having do does did ' +
    'doing a an the and but if or because as until while of at by for with about against between ' +
    'into through during before after above below to from up down in out on off over under again ' +
    'further then once here there when where why how all any both each few more most other some ' +
    'such no nor not only own same so than too very s t can will just don should now'
  ).split(' '),
);

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

/** How often each stem occurs in the text, stop words left out. */
function stemCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.toLowerCase().matchAll(WORD)) {
    if (STOP_WORDS.has(match[0])) continue;
    const stem = stemmer(match[0]);
    counts.set(stem, (counts.get(stem) ?? 0) + 1);
  }
  return counts;
}

export function hashEmbedding(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  for (const [stem, count] of stemCounts(text)) add(vector, `w:${stem}`, 1 + Math.log(count));
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return Array.from(vector, (value) => (norm > 0 ? value / norm : 0));
}
