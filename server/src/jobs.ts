// Every job the workers can run. Definitions are light; handlers load on first use.
import { diagnosticJob } from './modules/diagnostics/jobs.js';
import { ingestJob } from './modules/documents/jobs.js';
import type { JobDefinition } from './queue/index.js';

export const allJobs: readonly JobDefinition[] = [diagnosticJob, ingestJob];
