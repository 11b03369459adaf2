// The ingestion job: fetch (URLs), extract text, chunk, embed in batches, and replace the
// document's chunks in one transaction. Progress is reported as it goes; a failure that
// retrying cannot fix ends the document `failed` with the reason at once.
import { createEmbedder } from '../../llm/embeddings.js';
import { BlockedUrlError, FetchFailedError, safeFetch } from '../../lib/safe-fetch.js';
import { PermanentJobError, type JobContext, type JobDeps } from '../../queue/index.js';
import { chunkSections, type Chunk } from './chunk.js';
import { recordEmbeddings } from './embedding-settings.js';
import { ExtractionError, extractText, sniffKind } from './extract.js';
import { ingestJob } from './jobs.js';
import {
  replaceChunks,
  replaceSource,
  selectForIngest,
  updateDocumentRow,
  type DocumentRow,
  type NewChunk,
} from './queries.js';

const EMBED_BATCH = 64;

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

async function embedChunks(
  chunks: Chunk[],
  deps: JobDeps,
  progress: Progress,
): Promise<NewChunk[]> {
  const embedder = createEmbedder(deps.config.embeddings);
  const embedded: NewChunk[] = [];
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    const batch = chunks.slice(i, i + EMBED_BATCH);
    const vectors = await embedder.embed(
      batch.map((c) => (c.heading ? `${c.heading}\n${c.text}` : c.text)),
    );
    batch.forEach((chunk, j) =>
      embedded.push({
        chunkIndex: chunk.index,
        text: chunk.text,
        heading: chunk.heading ?? null,
        page: chunk.page ?? null,
        embedding: vectors[j]!,
        embeddingModel: embedder.id,
        dimensions: embedder.dimensions,
      }),
    );
    await progress(35 + Math.round((60 * embedded.length) / chunks.length));
  }
  return embedded;
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
  const { document, source } = found;
  const progress: Progress = async (percent) => {
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
    const { bytes, kind } = await contentOf(document, source.content, deps, progress);
    if (!kind) throw new PermanentJobError('unsupported content');
    const extracted = await extractText(kind, bytes);
    const chunks = chunkSections(extracted.sections);
    if (chunks.length === 0) throw new PermanentJobError('no text found in the document');
    await progress(35);
    const embedded = await embedChunks(chunks, deps, progress);
    const title = document.source === 'url' && extracted.title ? extracted.title : document.title;
    await replaceChunks(deps.db, document, embedded, title);
    await recordEmbeddings(deps.db, deps.config.embeddings);
    return { chunks: embedded.length };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const final = isPermanent(error) || job.attempt >= ingestJob.attempts;
    await updateDocumentRow(deps.db, document.id, {
      status: final ? 'failed' : 'queued',
      error: final ? reason : `attempt ${job.attempt} failed (${reason}); retrying`,
    });
    throw isPermanent(error) && !(error instanceof PermanentJobError)
      ? new PermanentJobError(reason)
      : error;
  }
}
