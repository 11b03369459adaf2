// The diagnostic job runs in a lane of its own: however many users start one, ingestion keeps
// its slots. However it ends, its user may start another (see service.ts).
import type { JobDefinition } from '../../queue/index.js';
import { updateJobFinishedAt } from './queries.js';
import { diagnosticPayload } from './schemas.js';

export const diagnosticJob: JobDefinition<typeof diagnosticPayload> = {
  name: 'diagnostics.run',
  payload: diagnosticPayload,
  attempts: 5,
  backoffMs: 500,
  lane: 'diagnostics',
  loadHandler: async () => (await import('./service.js')).runDiagnostic,
  onFailed: async ({ id }, { db }) => updateJobFinishedAt(db, id),
};
