// The ingestion job: fetch (URLs); extract, chunk and embed offline in a worker thread, within
// the per-document limits (prepare.ts); embed remotely in batches; then replace the document's
// chunks a batch at a time, yielding between batches, so that neither the CPU work nor the
// writes hold the event loop or the (embedded, single-connection) database for long. A retry
// deletes what an earlier try stored, so chunks are never duplicated. Progress is reported as
// it goes; a failure that retrying cannot fix ends the document `failed` with the reason at once.
import { setImmediate } from 'node:timers/promises';
import type { Db } from '../../db/client.js';
import { createEmbedder, type Embedder } from '../../llm/embeddings.js';
import { BlockedUrlError, FetchFailedError, safeFetch } from '../../lib/safe-fetch.js';
import {
  failureReason,
  PermanentJobError,
  type JobContext,
  type JobDeps,
} from '../../queue/index.js';
import type { Chunk } from './chunk.js';
import { recordEmbeddings } from './embedding-settings.js';
import { ExtractionError, sniffKind } from './extract.js';
import { ingestJob } from './jobs.js';
import { embeddingInput } from './prepare.js';
import { prepareInThread } from './prepare-pool.js';
import {
  deleteChunkBatch,
  insertChunkBatch,
  markReady,
  replaceSource,
  selectForIngest,
  updateDocumentRow,
  type DocumentRow,
} from './queries.js';

const EMBED_BATCH = 64;
/**
 * Chunks per statement when storing. Each statement runs on the embedded database's one
 * connection (in PGlite, on this very thread): small enough that a request waiting behind it
 * is answered well within 200 ms (npm run bench:ingest-load), large enough to store quickly.
 */
const STORE_BATCH = 4;

type Progress = (percent: number) => Promise<void>;

/** The bytes to read: as stored, or fetched now for a URL (re-checked against SSRF on every hop). */
async function contentOf(document: DocumentRow, stored: Buffer, deps: JobDeps, progress: Progress) {
  if (document.source !== 'url') return { bytes: stored, kind: document.kind };
  const page = await safeFetch(document.sourceUrl!, {
    allowedHosts: deps.config.ingestAllowedHosts,
    maxBytes: deps.config.uploadMaxBytes,
  });
  const bytes = Buffer.from(page.bytes);
  const kind = sniffKind(bytes, new URL(page.finalUrl).pathname);
  if (!kind) throw new PermanentJobError('the page is not PDF, HTML, Markdown or text');
  await replaceSource(deps.db, document.id, bytes, page.contentType);
  await updateDocumentRow(deps.db, document.id, { kind, sizeBytes: bytes.length });
  await progress(20);
  return { bytes, kind };
}

/** Vectors from the remote embedding model, in batches, packed like prepare's offline ones. */
async function embedRemotely(chunks: Chunk[], embedder: Embedder, progress: Progress) {
  const vectors = new Float64Array(chunks.length * embedder.dimensions);
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    const batch = chunks.slice(i, i + EMBED_BATCH);
    const embedded = await embedder.embed(batch.map(embeddingInput));
    embedded.forEach((vector, j) => vectors.set(vector, (i + j) * embedder.dimensions));
    await progress(35 + Math.round((30 * (i + batch.length)) / chunks.length));
  }
  return vectors;
}

/** Deletes the chunks an earlier try stored, then inserts these, STORE_BATCH per statement. */
async function storeChunks(
  db: Db,
  document: DocumentRow,
  chunks: Chunk[],
  vectors: Float64Array,
  embedder: Embedder,
  progress: Progress,
) {
  while ((await deleteChunkBatch(db, document.id, STORE_BATCH)) > 0) await setImmediate();
  const size = embedder.dimensions;
  for (let i = 0; i < chunks.length; i += STORE_BATCH) {
    const batch = chunks.slice(i, i + STORE_BATCH).map((chunk, j) => ({
      chunkIndex: chunk.index,
      text: chunk.text,
      heading: chunk.heading ?? null,
      page: chunk.page ?? null,
      embedding: Array.from(vectors.subarray((i + j) * size, (i + j + 1) * size)),
      embeddingModel: embedder.id,
      dimensions: size,
    }));
    await insertChunkBatch(db, document, batch);
    await progress(65 + Math.round((30 * (i + batch.length)) / chunks.length));
    await setImmediate();
  }
}

/** Retrying cannot help: refused URLs, unreadable content, a 404, a page over the size limit. */
const isPermanent = (error: unknown) =>
  error instanceof PermanentJobError ||
  error instanceof ExtractionError ||
  error instanceof BlockedUrlError ||
  (error instanceof FetchFailedError && !error.retryable);

export async function ingestDocument(job: JobContext<{ documentId: string }>, deps: JobDeps) {
  const found = await selectForIngest(deps.db, job.payload.documentId);
  if (!found) return { skipped: 'the document was deleted' };
  const { document, content } = found;
  let reported = 0;
  const progress: Progress = async (percent) => {
    if (percent === reported) return;
    reported = percent;
    await job.updateProgress(percent);
    await updateDocumentRow(deps.db, document.id, { progress: percent });
  };
  try {
    await updateDocumentRow(deps.db, document.id, {
      status: 'processing',
      progress: 5,
      error: null,
    });
    await job.updateProgress(5);
    const { bytes, kind } = await contentOf(document, content, deps, progress);
    if (!kind) throw new PermanentJobError('unsupported content');
    const embedder = createEmbedder(deps.config.embeddings);
    const offline = deps.config.embeddings.provider === 'offline';
    const { prepared, threadId } = await prepareInThread({
      kind,
      bytes,
      limits: deps.config.ingestLimits,
      ...(offline ? { offlineDimensions: embedder.dimensions } : {}),
    });
    const { chunks } = prepared;
    await progress(35);
    const vectors = prepared.vectors ?? (await embedRemotely(chunks, embedder, progress));
    await storeChunks(deps.db, document, chunks, vectors, embedder, progress);
    const title = document.source === 'url' && prepared.title ? prepared.title : document.title;
    await markReady(deps.db, document.id, chunks.length, title);
    await recordEmbeddings(deps.db, deps.config.embeddings);
    deps.logger.info(
      { documentId: document.id, chunks: chunks.length, preparedInThread: threadId },
      'document ingested',
    );
    return { chunks: chunks.length };
  } catch (error) {
    // Failing for good is recorded by the job's onFailed hook (jobs.ts); a retry is noted here.
    const reason = failureReason(error);
    if (!isPermanent(error) && job.attempt < ingestJob.attempts)
      await updateDocumentRow(deps.db, document.id, {
        status: 'queued',
        error: `attempt ${job.attempt} failed (${reason}); retrying`,
      });
    throw isPermanent(error) && !(error instanceof PermanentJobError)
      ? new PermanentJobError(reason)
      : error;
  }
}
