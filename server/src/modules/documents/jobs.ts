import type { JobDefinition } from '../../queue/index.js';
import { ingestPayload } from './schemas.js';

export const ingestJob: JobDefinition<typeof ingestPayload> = {
  name: 'documents.ingest',
  payload: ingestPayload,
  attempts: 3,
  backoffMs: 1_000,
  loadHandler: async () => (await import('./ingest.js')).ingestDocument,
};
