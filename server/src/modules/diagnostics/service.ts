// A self-test for operators: a job that the API enqueues and a worker runs, recording which
// process ran it. It shows the whole path (API → queue → worker → database) works.
import { hostname } from 'node:os';
import type { Db } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import { sleep } from '../../lib/time.js';
import type { JobContext, JobDeps, JobQueue } from '../../queue/index.js';
import { diagnosticJob } from './jobs.js';
import { countRuns, insertRun } from './queries.js';
import type { DiagnosticPayload } from './schemas.js';

const STEPS = 10;

export async function runDiagnostic(job: JobContext<DiagnosticPayload>, { db }: JobDeps) {
  for (let step = 1; step <= STEPS; step += 1) {
    await sleep(job.payload.durationMs / STEPS);
    await job.updateProgress((step / STEPS) * 100);
  }
  if (job.attempt <= job.payload.failAttempts)
    throw new Error(`failing attempt ${job.attempt} of ${job.payload.failAttempts} on purpose`);
  const processedBy = hostname();
  await insertRun(db, { jobId: job.id, processedBy, attempt: job.attempt });
  return { processedBy };
}

export async function startDiagnostic(queue: JobQueue, payload: Partial<DiagnosticPayload>) {
  const { id } = await queue.enqueue(diagnosticJob, diagnosticJob.payload.parse(payload));
  return { id, state: 'waiting' as const };
}

export async function describeDiagnostic(queue: JobQueue, db: Db, id: string) {
  const job = await queue.get(id);
  if (!job || job.name !== diagnosticJob.name) throw notFound('diagnostic job');
  const result = job.result as { processedBy?: string } | undefined;
  return {
    id: job.id,
    state: job.state,
    progress: job.progress,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason,
    processedBy: result?.processedBy,
    completions: await countRuns(db, job.id),
  };
}
