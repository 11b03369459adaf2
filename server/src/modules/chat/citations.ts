// Numbered sources: the passages an answer may cite as [1], [2] …, and the citations an answer
// actually used. Passages are data: they are quoted inside delimiters the model is told about.
import { stemmer } from 'stemmer';
import type { SearchResultView } from '../search/schemas.js';
import type { Citation, ToolCallRecord } from './events.js';

export class Sources {
  private readonly byChunk = new Map<string, Citation>();

  /** Numbers new passages from 1 up, in order; a passage seen before keeps its number. */
  add(results: readonly SearchResultView[]): Citation[] {
    return results.map((result) => {
      const known = this.byChunk.get(result.chunkId);
      if (known) return known;
      const source: Citation = {
        index: this.byChunk.size + 1,
        documentId: result.documentId,
        chunkId: result.chunkId,
        title: result.title,
        ...(result.page === undefined ? {} : { page: result.page }),
        ...(result.heading === undefined ? {} : { heading: result.heading }),
        text: result.text,
        ...(result.ocr ? { ocr: true } : {}),
        ...(result.charStart === undefined
          ? {}
          : { charStart: result.charStart, charEnd: result.charEnd }),
        ...(result.anchor === undefined ? {} : { anchor: result.anchor }),
      };
      this.byChunk.set(result.chunkId, source);
      return source;
    });
  }

  get size() {
    return this.byChunk.size;
  }

  /** The passage numbered `index`. */
  numbered(index: number): Citation | undefined {
    return [...this.byChunk.values()].find((source) => source.index === index);
  }

  /** The sources an answer cites ([1], [2, 3], [4][5]), each once, by number. */
  citedIn(answer: string): Citation[] {
    const cited = new Set<number>();
    for (const match of answer.matchAll(MARKERS)) for (const n of numbersIn(match)) cited.add(n);
    return [...this.byChunk.values()]
      .filter((source) => cited.has(source.index))
      .sort((a, b) => a.index - b.index);
  }
}

/** Citation markers: [1], [2, 3]. */
const MARKERS = /\[(\d+(?:\s*,\s*\d+)*)\]/g;
const numbersIn = (marker: RegExpMatchArray) => marker[1]!.split(',').map((n) => Number(n.trim()));

/** A cited passage supports its sentence when it has this share of the sentence's words… */
const SUPPORT_SHARE = 1 / 3;
/** …or at least this many of them (a long sentence that sums up several passages). */
const SUPPORT_WORDS = 4;

const stems = (text: string) => new Set(termsOf(text).map((word) => stemmer(word)));

/**
 * Each citation checked against what it is cited for (with a model; docs/chat.md): every
 * sentence of the answer that carries its number, without the markers, and that sentence's
 * meaningful words (stop words left out, reduced to their stems). A sentence is supported when
 * the passage has a third of its words, or four of them (one that sums up several passages);
 * the citation is `supported` when every sentence citing it is, and `support` is the lowest
 * share found. A lexical check: it cannot tell a passage that says the opposite in the same
 * words, and flags a faithful paraphrase in other words; it catches a number put on the wrong
 * passage, and a claim that no cited passage mentions.
 */
export function checkSupport(answer: string, citations: readonly Citation[]): Citation[] {
  const sentences = answer.split(/(?<=[.!?])\s+|\n+/);
  return citations.map((citation) => {
    const passage = stems(citation.text);
    let lowest = 1;
    let supported = true;
    for (const sentence of sentences) {
      const cites = [...sentence.matchAll(MARKERS)].some((m) =>
        numbersIn(m).includes(citation.index),
      );
      const words = cites ? [...stems(sentence.replace(MARKERS, ' '))] : [];
      if (words.length === 0) continue;
      const shared = words.filter((word) => passage.has(word)).length;
      lowest = Math.min(lowest, shared / words.length);
      if (shared / words.length < SUPPORT_SHARE && shared < SUPPORT_WORDS) supported = false;
    }
    return { ...citation, supported, support: Math.round(lowest * 100) / 100 };
  });
}

const attribute = (value: string) => value.replace(/["<>\r\n]/g, ' ').trim();

/** One passage as quoted data; the text cannot close its own tag. */
export function quoteSource(source: Citation): string {
  const attributes = [
    `index="${source.index}"`,
    `title="${attribute(source.title)}"`,
    source.page === undefined ? '' : `page="${source.page}"`,
    source.heading === undefined ? '' : `heading="${attribute(source.heading)}"`,
    // The model may then allow for misread words.
    source.ocr ? 'ocr="true"' : '',
  ].filter(Boolean);
  const text = source.text.replace(/<\/?source/gi, (tag) => tag.replace('<', '‹'));
  return `<source ${attributes.join(' ')}>\n${text}\n</source>`;
}

const STOPWORDS = new Set(
  (
    'the and for are but not you your with this that from have has had was were what when where ' +
    'which who whom why how can could would should will shall may might must does did doing ' +
    'about into over under than then them they their there these those its it’s our ours out ' +
    'all any some each few more most other such only own same too very just also yet both ' +
    'tell show give find please know want need like get got make made say said use used ' +
    'my me mine his her hers him she he we us am is be been being do of in on at by to or if'
  ).split(' '),
);

/** The meaningful words of a text, lower-cased. */
export function termsOf(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !STOPWORDS.has(w)))];
}

const sameWord = (a: string, b: string) => {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
};

/** Whether a passage shares a meaningful word (or a word's inflection) with the question. */
export function sharesTerms(question: string, passage: string): boolean {
  const wanted = termsOf(question);
  const present = termsOf(passage);
  return wanted.some((w) => present.some((p) => sameWord(w, p)));
}

/** At most `max` characters of a passage, from the sentence where a question word first appears. */
export function excerpt(text: string, question: string, max = 600): string {
  const clean = text.trim();
  if (clean.length <= max) return clean;
  const wanted = termsOf(question);
  const sentences = clean.split(/(?<=[.!?])\s+/);
  const first = sentences.findIndex((s) =>
    termsOf(s).some((p) => wanted.some((w) => sameWord(w, p))),
  );
  const from = first > 0 ? sentences.slice(first).join(' ') : clean;
  if (from.length <= max) return first > 0 ? `… ${from}` : from;
  const cut = from.slice(0, max);
  const end = cut.lastIndexOf(' ');
  return `${first > 0 ? '… ' : ''}${cut.slice(0, end > max / 2 ? end : max)} …`;
}

/** A search_documents result as a saved answer keeps it: numbered, with its document. */
interface SavedPassage {
  source: number;
  documentId?: string;
  title: string;
  text: string;
  withheld?: true;
}

const savedPassages = (call: ToolCallRecord): SavedPassage[] | undefined =>
  call.name === 'search_documents'
    ? (call.output as { results?: SavedPassage[] } | undefined)?.results
    : undefined;

/** Adds each passage's document to a search_documents result, so that reading it re-checks it. */
export function withDocuments(output: unknown, sources: Sources): unknown {
  const { results } = output as { results?: { source: number }[] };
  if (!Array.isArray(results)) return output;
  return {
    ...(output as object),
    results: results.map((r) => ({ ...r, documentId: sources.numbered(r.source)?.documentId })),
  };
}

/** The documents whose passages a saved answer shows (its citations, its searches' results). */
export function documentsShownBy(message: {
  citations: Citation[];
  toolCalls: ToolCallRecord[];
}): string[] {
  const searched = message.toolCalls.flatMap((call) => savedPassages(call) ?? []);
  return [
    ...message.citations.map((c) => c.documentId),
    ...searched.flatMap((p) => (p.documentId ? [p.documentId] : [])),
  ];
}

/** A line of an answer shorter than this is never taken for a quotation ("Yes.", a heading). */
const MIN_QUOTED_CHARS = 20;
const WITHHELD_LINE = '[withheld: you can no longer read the document this quoted]';

/** Citation markers at the end of a line: ` [1]`, ` [2, 3][4]`. */
const TRAILING_MARKERS = /(?:\s*\[\d+(?:\s*,\s*\d+)*\])+\s*$/;

/** A line's words once its quotation mark-up is gone: `> `, `… ` before, ` …` or markers after. */
const quotedPart = (line: string) =>
  line
    .replace(/^\s*>\s?/, '')
    .replace(/^…\s*/, '')
    .replace(TRAILING_MARKERS, '')
    .replace(/\s*…$/, '')
    .trim();

const sentencesOf = (text: string) =>
  text
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= MIN_QUOTED_CHARS);

/**
 * The answer with what quotes `passages` word for word withheld: each line made of a passage's
 * words (offline answers quote excerpts line by line), and each whole sentence of a passage
 * found anywhere in it (a model quoting inline).
 */
function withoutQuotes(content: string, passages: readonly string[]): string {
  if (passages.length === 0) return content;
  const lines = content.split('\n').map((line) => {
    const quoted = quotedPart(line);
    if (quoted.length < MIN_QUOTED_CHARS || !passages.some((p) => p.includes(quoted))) return line;
    return line.trimStart().startsWith('>') ? `> ${WITHHELD_LINE}` : WITHHELD_LINE;
  });
  let withheld = lines.join('\n');
  for (const sentence of passages.flatMap(sentencesOf))
    withheld = withheld.split(sentence).join('[withheld]');
  return withheld;
}

/**
 * A saved answer as its reader may see it now (access removed since, or the document deleted):
 * the passages of documents outside `readable` keep their number and ids, without their title,
 * page, heading or text, and the answer's lines that quote them word for word (as offline
 * answers do) are withheld too. A search result saved without its document cannot be
 * re-checked, so it is withheld.
 */
export function withholdUnreadable<
  M extends { content: string; citations: Citation[]; toolCalls: ToolCallRecord[] },
>(message: M, readable: ReadonlySet<string>): M {
  const hidden: string[] = [];
  const citations = message.citations.map((c): Citation => {
    if (readable.has(c.documentId)) return c;
    hidden.push(c.text);
    return {
      index: c.index,
      documentId: c.documentId,
      chunkId: c.chunkId,
      title: '',
      text: '',
      withheld: true,
    };
  });
  const toolCalls = message.toolCalls.map((call) => {
    const passages = savedPassages(call);
    if (!passages) return call;
    const results = passages.map((p): SavedPassage => {
      if (p.documentId && readable.has(p.documentId)) return p;
      hidden.push(p.text);
      return { source: p.source, documentId: p.documentId, title: '', text: '', withheld: true };
    });
    return { ...call, output: { ...(call.output as object), results } };
  });
  return { ...message, content: withoutQuotes(message.content, hidden), citations, toolCalls };
}
