import type { JobDefinition } from '../../queue/index.js';
import { diagnosticPayload } from './schemas.js';

export const diagnosticJob: JobDefinition<typeof diagnosticPayload> = {
  name: 'diagnostics.run',
  payload: diagnosticPayload,
  attempts: 5,
  backoffMs: 500,
  loadHandler: async () => (await import('./service.js')).runDiagnostic,
};
