// The ingestion job: fetch (URLs); extract, chunk and embed offline in a worker thread, within
// the per-document limits (prepare.ts); embed remotely in batches; then replace the document's
// chunks a batch at a time, yielding between batches, so that neither the CPU work nor the
// writes hold the event loop or the (embedded, single-connection) database for long. A retry
// deletes what an earlier try stored, so chunks are never duplicated. Progress is reported as
// it goes; a failure that retrying cannot fix ends the document `failed` with the reason at once.
// A sitemap URL adds its pages as documents of their own first (sitemap-pages.ts).
// A cancelled document is no longer `processing`: each progress write checks that, and the job
// then deletes its chunks and stops, leaving the status the cancel wrote.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { createEmbedder, type Embedder } from '../../llm/embeddings.js';
import { BlockedUrlError, FetchFailedError, safeFetch } from '../../lib/safe-fetch.js';
import {
  failureReason,
  PermanentJobError,
  type JobContext,
  type JobDeps,
} from '../../queue/index.js';
import { deleteAllChunks, inTimedBatches } from './batches.js';
import type { Chunk } from './chunk.js';
import { recordEmbeddings } from './embedding-settings.js';
import { ExtractionError, sniffKind, unsupportedReason } from './extract.js';
import { embeddingInput } from './prepare.js';
import { prepareInThread } from './prepare-pool.js';
import { addSitemapPages } from './sitemap-pages.js';
import {
  deleteStagedChunks,
  insertChunks,
  replaceTextParts,
  selectDocumentWithSource,
  swapStagedChunks,
  updateDocument,
  updateDocumentSource,
  updateDocumentToProcessing,
  updateDocumentToReady,
  updateDocumentWhileProcessing,
  type DocumentRow,
} from './queries.js';

const EMBED_BATCH = 64;

type Progress = (percent: number) => Promise<void>;

/**
 * The document was cancelled (POST /api/documents/:id/cancel ended it `failed`): noticed when
 * the job next writes its progress, between steps and batches, and ends the job quietly.
 */
class IngestionCancelled extends Error {}

/**
 * What a changed page's chunks are made from, recorded only once they are in: its bytes just
 * before, the rest with the status `ready`. A fetch whose ingestion failed leaves the document
 * as its chunks are, so that a refresh of the same bytes ingests them again rather than finding
 * them "unchanged" against validators of chunks that were never stored.
 */
interface FetchedSource {
  bytes: Buffer;
  contentType: string | undefined;
  changes: Pick<DocumentRow, 'kind' | 'sizeBytes' | 'etag' | 'lastModified' | 'contentHash'>;
}

/**
 * The bytes to read: as stored, or fetched now for a URL (re-checked against SSRF on every
 * hop). A refresh sends the page's validators back, and a page that answers 304, or the same
 * bytes as the chunks were made from, is `unchanged`: only when it was fetched is recorded.
 */
async function contentOf(
  document: DocumentRow,
  stored: Buffer,
  deps: JobDeps,
  progress: Progress,
  refresh: boolean,
  fromStored: boolean,
) {
  if (document.source !== 'url' || fromStored)
    return { bytes: stored, kind: document.kind, unchanged: false };
  const page = await safeFetch(document.sourceUrl!, {
    allowedHosts: deps.config.ingestAllowedHosts,
    maxBytes: deps.config.uploadMaxBytes,
    ...(refresh ? { conditional: document } : {}),
  });
  const validators = {
    etag: page.etag ?? (page.notModified ? document.etag : null),
    lastModified: page.lastModified ?? (page.notModified ? document.lastModified : null),
  };
  const bytes = Buffer.from(page.bytes);
  const contentHash = page.notModified
    ? document.contentHash
    : createHash('sha256').update(bytes).digest('hex');
  const fetchedAt = new Date();
  if (refresh && (page.notModified || contentHash === document.contentHash)) {
    await updateDocument(deps.db, document.id, { fetchedAt, ...validators });
    // 304 sends no bytes: the stored ones are the same.
    return { bytes: page.notModified ? stored : bytes, kind: document.kind, unchanged: true };
  }
  await updateDocument(deps.db, document.id, { fetchedAt });
  const kind = await sniffKind(bytes, new URL(page.finalUrl).pathname);
  if (!kind) throw new PermanentJobError(`the page is ${unsupportedReason(bytes)}`);
  await progress(20);
  const source: FetchedSource = {
    bytes,
    contentType: page.contentType,
    changes: { kind, sizeBytes: bytes.length, ...validators, contentHash },
  };
  return { bytes, kind, unchanged: false, source };
}

/** A sitemap's pages as documents of their own, its progress from 20 to 35 meanwhile. */
async function addPages(deps: JobDeps, sitemap: DocumentRow, bytes: Buffer, progress: Progress) {
  const pages = await addSitemapPages(deps, sitemap, bytes, (done, of) =>
    progress(20 + Math.round((15 * done) / of)),
  );
  deps.logger.info({ documentId: sitemap.id, ...pages }, 'sitemap pages added');
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

/**
 * Deletes the chunks an earlier try stored, then inserts these, in timed batches; `staged` (a
 * refresh): for nobody, beside the document's current chunks, until swapStagedChunks.
 */
async function storeChunks(
  db: Db,
  documentId: string,
  chunks: Chunk[],
  vectors: Float64Array,
  embedder: Embedder,
  progress: Progress,
  staged: boolean,
) {
  if (staged) await deleteStagedChunks(db, documentId);
  else await deleteAllChunks(db, documentId);
  const size = embedder.dimensions;
  let stored = 0;
  await inTimedBatches(async (rows) => {
    const batch = chunks.slice(stored, stored + rows).map((chunk) => ({
      chunkIndex: chunk.index,
      text: chunk.text,
      heading: chunk.heading ?? null,
      page: chunk.page ?? null,
      ocr: chunk.ocr ?? false,
      charStart: chunk.start,
      charEnd: chunk.end,
      anchor: chunk.anchor ?? null,
      embedding: Array.from(vectors.subarray(chunk.index * size, (chunk.index + 1) * size)),
      embeddingModel: embedder.id,
      dimensions: size,
    }));
    if (!(await insertChunks(db, documentId, batch, staged))) throw new IngestionCancelled();
    stored += batch.length;
    await progress(65 + Math.round((30 * stored) / chunks.length));
    return stored < chunks.length;
  });
}

/** Retrying cannot help: refused URLs, unreadable content, a 404, a page over the size limit. */
const isPermanent = (error: unknown) =>
  error instanceof PermanentJobError ||
  error instanceof ExtractionError ||
  error instanceof BlockedUrlError ||
  (error instanceof FetchFailedError && !error.retryable);

export async function ingestDocument(
  job: JobContext<{
    documentId: string;
    refresh?: boolean;
    stored?: boolean;
    fromSitemap?: boolean;
  }>,
  deps: JobDeps,
) {
  const refresh = job.payload.refresh === true;
  const found = await selectDocumentWithSource(deps.db, job.payload.documentId);
  if (!found) return { skipped: 'the document was deleted' };
  const { document, content } = found;
  if (!(await updateDocumentToProcessing(deps.db, document.id)))
    return { skipped: 'the document was cancelled' };
  let reported = 0;
  const progress: Progress = async (percent) => {
    if (percent === reported) return;
    reported = percent;
    await job.updateProgress(percent);
    if (!(await updateDocumentWhileProcessing(deps.db, document.id, { progress: percent })))
      throw new IngestionCancelled();
  };
  try {
    await job.updateProgress(5);
    const { bytes, kind, unchanged, source } = await contentOf(
      document,
      content,
      deps,
      progress,
      refresh,
      job.payload.stored === true,
    );
    // A sitemap adds the pages the user has not, each time it is fetched: an index's bytes can
    // stay the same while the sitemaps it lists change.
    if (kind === 'sitemap' && document.source === 'url') {
      if (job.payload.fromSitemap)
        throw new PermanentJobError(
          'a sitemap listed by another sitemap is not followed: refresh this document to add its pages',
        );
      await addPages(deps, document, bytes, progress);
    }
    if (unchanged) {
      const ready = { chunkCount: document.chunkCount, title: document.title };
      if (!(await updateDocumentToReady(deps.db, document.id, ready)))
        throw new IngestionCancelled();
      deps.logger.info({ documentId: document.id }, 'document refreshed: the page is unchanged');
      return { unchanged: true };
    }
    if (!kind) throw new PermanentJobError('unsupported content');
    const embedder = createEmbedder(deps.config.embeddings);
    const offline = deps.config.embeddings.provider === 'offline';
    const { prepared, threadId } = await prepareInThread({
      kind,
      bytes,
      fileName: document.fileName ?? document.sourceUrl ?? undefined,
      limits: deps.config.ingestLimits,
      ...(offline ? { offlineDimensions: embedder.dimensions } : {}),
    });
    const { chunks } = prepared;
    await progress(35);
    const vectors = prepared.vectors ?? (await embedRemotely(chunks, embedder, progress));
    const title = document.source === 'url' && prepared.title ? prepared.title : document.title;
    const ready = { chunkCount: chunks.length, title, ...source?.changes };
    // A refresh stores the chunks beside the old ones, then swaps them in one transaction. A
    // first ingestion stores the text first: a cancel after it deletes the chunks; /text serves
    // ready documents only.
    if (!refresh) await replaceTextParts(deps.db, document.id, prepared.text);
    await storeChunks(deps.db, document.id, chunks, vectors, embedder, progress, refresh);
    if (source) await updateDocumentSource(deps.db, document.id, source.bytes, source.contentType);
    const done = refresh
      ? await swapStagedChunks(deps.db, document, prepared.text, ready)
      : await updateDocumentToReady(deps.db, document.id, ready);
    if (!done) throw new IngestionCancelled();
    await recordEmbeddings(deps.db, deps.config.embeddings);
    deps.logger.info(
      { documentId: document.id, chunks: chunks.length, preparedInThread: threadId },
      'document ingested',
    );
    return { chunks: chunks.length };
  } catch (error) {
    if (error instanceof IngestionCancelled) {
      // Chunks stored after the cancel removed its own go too (a refresh's staged ones with them).
      await deleteAllChunks(deps.db, document.id);
      deps.logger.info({ documentId: document.id }, 'document ingestion cancelled');
      return { cancelled: true };
    }
    // Failing for good is recorded by the job's onFailed hook (jobs.ts); a retry is noted here.
    const reason = failureReason(error);
    if (!isPermanent(error) && !job.isLastAttempt)
      await updateDocumentWhileProcessing(deps.db, document.id, {
        status: 'queued',
        error: `attempt ${job.attempt} failed (${reason}); retrying`,
      });
    throw isPermanent(error) && !(error instanceof PermanentJobError)
      ? new PermanentJobError(reason)
      : error;
  }
}
