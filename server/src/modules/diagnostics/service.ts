// A self-test: a job that the API enqueues and a worker runs, recording which process ran it.
// It shows the whole path (API → queue → worker → database) works. Any signed-in user may start
// one, so each job belongs to its user (others get 404) and a user has one unfinished job at a
// time (429); the jobs run in the diagnostics lane, whose one slot ingestion never waits for.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../access/actor.js';
import { ownerFor } from '../../access/owned.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { sleep } from '../../lib/time.js';
import type { JobContext, JobDeps, JobQueue } from '../../queue/index.js';
import { diagnosticJob } from './jobs.js';
import {
  countRuns,
  deleteJob,
  insertJob,
  insertRun,
  selectJob,
  selectUnfinishedJob,
  updateJobFinishedAt,
  updateJobFinishedAtIfOlder,
} from './queries.js';
import { toJobView, type DiagnosticPayload } from './schemas.js';

const STEPS = 10;
/** A recorded job the queue does not know after this long was never enqueued (a crash). */
const NEVER_ENQUEUED_MS = 60_000;

export async function runDiagnostic(job: JobContext<DiagnosticPayload>, { db }: JobDeps) {
  for (let step = 1; step <= STEPS; step += 1) {
    await sleep(job.payload.durationMs / STEPS);
    await job.updateProgress((step / STEPS) * 100);
  }
  if (job.attempt <= job.payload.failAttempts)
    throw new Error(`failing attempt ${job.attempt} of ${job.payload.failAttempts} on purpose`);
  const processedBy = hostname();
  await insertRun(db, { jobId: job.id, processedBy, attempt: job.attempt });
  await updateJobFinishedAt(db, job.id);
  return { processedBy };
}

/** Releases the user's unfinished job if it did finish (or was never enqueued) after all. */
async function releaseStaleJob(db: Db, queue: JobQueue, userId: string) {
  const unfinished = await selectUnfinishedJob(db, userId);
  if (!unfinished) return;
  const info = await queue.get(unfinished.jobId);
  if (!info) await updateJobFinishedAtIfOlder(db, unfinished.jobId, NEVER_ENQUEUED_MS);
  else if (info.state === 'completed' || info.state === 'failed')
    await updateJobFinishedAt(db, unfinished.jobId);
}

const stillRunning = () =>
  new AppError(
    429,
    'DIAGNOSTIC_RUNNING',
    'you already have a diagnostic job that has not finished: start another once it has',
  );

export async function startDiagnostic(
  db: Db,
  queue: JobQueue,
  actor: Actor,
  payload: Partial<DiagnosticPayload>,
) {
  const userId = ownerFor(actor, 'write');
  const id = randomUUID();
  if (!(await insertJob(db, userId, id))) {
    await releaseStaleJob(db, queue, userId);
    if (!(await insertJob(db, userId, id))) throw stillRunning();
  }
  try {
    await queue.enqueue(diagnosticJob, diagnosticJob.payload.parse(payload), { id });
  } catch (error) {
    await deleteJob(db, id);
    throw error;
  }
  return { id, state: 'waiting' as const };
}

export async function describeDiagnostic(db: Db, queue: JobQueue, actor: Actor, id: string) {
  const owned = isUuid(id) ? await selectJob(db, ownerFor(actor, 'read'), id) : undefined;
  const job = owned && (await queue.get(id));
  if (!job || job.name !== diagnosticJob.name) throw notFound('diagnostic job');
  return toJobView(job, await countRuns(db, job.id));
}
