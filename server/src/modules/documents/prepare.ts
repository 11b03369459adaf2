// The CPU-bound part of ingestion, as one function that a worker thread runs (prepare-thread.ts)
// so that it never blocks the HTTP event loop: extract the text within the limits, chunk it,
// check the chunk count, and embed offline. Remote embeddings are network calls: they are made
// by the job itself, which only waits on them.
import { hashEmbedding } from '../../llm/hash-embedding.js';
import { chunkSections, documentText, type Chunk } from './chunk.js';
import { ExtractionError, extractText, type SourceKind } from './extract.js';
import { checkChunks, type IngestLimits } from './limits.js';

export interface PrepareTask {
  kind: SourceKind;
  bytes: Uint8Array;
  /** The uploaded file's name (or the URL): gives source code its language. */
  fileName?: string;
  limits: IngestLimits;
  /** Set when embeddings are offline: the vector size to embed the chunks with, here. */
  offlineDimensions?: number;
}

export interface Prepared {
  title?: string;
  chunks: Chunk[];
  /** The document's text, which the chunks' start and end point into. */
  text: string;
  /** With offlineDimensions: every chunk's vector, one after the other (chunks × dimensions). */
  vectors?: Float64Array;
}

/** What is embedded for a chunk: its text, under its heading when it has one. */
export const embeddingInput = (chunk: { text: string; heading?: string | null }) =>
  chunk.heading ? `${chunk.heading}\n${chunk.text}` : chunk.text;

/** The offline embedding (createEmbedder's `offline` provider), packed into one array. */
function embedOffline(chunks: Chunk[], dimensions: number): Float64Array {
  const vectors = new Float64Array(chunks.length * dimensions);
  chunks.forEach((chunk, i) =>
    vectors.set(hashEmbedding(embeddingInput(chunk), dimensions), i * dimensions),
  );
  return vectors;
}

/** ExtractionError (shown to the user) when the content cannot be read or goes over a limit. */
export async function prepareDocument(task: PrepareTask): Promise<Prepared> {
  const extracted = await extractText(task.kind, task.bytes, task.limits, task.fileName);
  const chunks = chunkSections(extracted.sections);
  if (chunks.length === 0) throw new ExtractionError('no text found in the document');
  checkChunks(chunks.length, task.limits);
  const prepared: Prepared = { chunks, text: documentText(extracted.sections) };
  if (extracted.title !== undefined) prepared.title = extracted.title;
  if (task.offlineDimensions !== undefined)
    prepared.vectors = embedOffline(chunks, task.offlineDimensions);
  return prepared;
}
