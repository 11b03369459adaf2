// A synthetic corpus for benchmarks: sentences drawn from a 20,000-word made-up vocabulary
// with a Zipf-like skew (a few common words, a long tail), seeded, so every run measures the
// same data.
const SYLLABLES = 'ka ri to mo ne sa lu vi de pa ro mi ta ze fu no ha ge bi lo su ya ke wa'.split(
  ' ',
);

/** 20,000 made-up words of 2 to 4 syllables: a vocabulary the size of real prose. */
const VOCABULARY = (() => {
  const random = seededRandom(1);
  const words = new Set<string>();
  while (words.size < 20_000) {
    let word = '';
    const length = 2 + Math.floor(random() * 3);
    for (let i = 0; i < length; i += 1) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
})();

export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function sentence(random: () => number, words = 12): string {
  const picked: string[] = [];
  // Zipf-like: rank r is drawn with probability about 1/r, as words are in real text.
  for (let i = 0; i < words; i += 1)
    picked.push(VOCABULARY[Math.floor(VOCABULARY.length ** random()) - 1]!);
  return `${picked.join(' ')}.`;
}

/** A passage of about `chars` characters. */
export function passage(random: () => number, chars = 900): string {
  let text = '';
  while (text.length < chars) text += `${sentence(random)} `;
  return text.trim();
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * The words a document is about: `size` words drawn as text draws them (so a topic has common
 * words and rare ones), seeded by the document's number so that queries can draw from it too.
 */
export function topicOf(document: number, size = 200): string[] {
  const random = seededRandom(document * 7919 + 3);
  return Array.from({ length: size }, () => sentence(random, 1).slice(0, -1));
}

/**
 * A sentence of a document about `topic`: each word from the topic with probability `share`,
 * else from the whole vocabulary. Real documents keep to their subjects; words drawn alike for
 * every passage (sentence) give vectors with no neighbourhoods at all, the worst case of an index.
 */
export function topicalSentence(random: () => number, topic: string[], words = 12, share = 0.6) {
  const picked: string[] = [];
  for (let i = 0; i < words; i += 1)
    picked.push(
      random() < share
        ? topic[Math.floor(random() * topic.length)]!
        : sentence(random, 1).slice(0, -1),
    );
  return `${picked.join(' ')}.`;
}

/** A passage of a document about `topic`, of about `chars` characters. */
export function topicalPassage(random: () => number, topic: string[], chars = 900): string {
  let text = '';
  while (text.length < chars) text += `${topicalSentence(random, topic)} `;
  return text.trim();
}
