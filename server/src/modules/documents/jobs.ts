// The ingestion job. However it ends for good (attempts spent, a permanent error, a process
// that died while running it too many times), its document ends `failed` with the reason,
// unless it was cancelled meanwhile (then "cancelled" stays).
import type { JobDefinition } from '../../queue/index.js';
import { updateUnsettledDocument } from './queries.js';
import { ingestPayload } from './schemas.js';

export const ingestJob: JobDefinition<typeof ingestPayload> = {
  name: 'documents.ingest',
  payload: ingestPayload,
  attempts: 3,
  backoffMs: 1_000,
  lane: 'main',
  loadHandler: async () => (await import('./ingest.js')).ingestDocument,
  onFailed: async ({ payload, reason }, { db }) => {
    await updateUnsettledDocument(db, payload.documentId, { status: 'failed', error: reason });
  },
};
