import { and, count, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { diagnosticJobs, diagnosticRuns } from './tables.js';

export async function insertRun(
  db: Db,
  run: { jobId: string; processedBy: string; attempt: number },
) {
  await db.insert(diagnosticRuns).values(run);
}

export async function countRuns(db: Db, jobId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(diagnosticRuns)
    .where(eq(diagnosticRuns.jobId, jobId));
  return row?.n ?? 0;
}

/** Records the user's new job unless they have an unfinished one; whether it was recorded. */
export async function insertJob(db: Db, userId: string, jobId: string): Promise<boolean> {
  const inserted = await db
    .insert(diagnosticJobs)
    .values({ jobId, userId })
    .onConflictDoNothing()
    .returning({ jobId: diagnosticJobs.jobId });
  return inserted.length > 0;
}

export async function deleteJob(db: Db, jobId: string) {
  await db.delete(diagnosticJobs).where(eq(diagnosticJobs.jobId, jobId));
}

export async function selectUnfinishedJob(db: Db, userId: string) {
  const [row] = await db
    .select()
    .from(diagnosticJobs)
    .where(and(eq(diagnosticJobs.userId, userId), isNull(diagnosticJobs.finishedAt)));
  return row;
}

export async function selectJob(db: Db, userId: string, jobId: string) {
  const [row] = await db
    .select()
    .from(diagnosticJobs)
    .where(and(eq(diagnosticJobs.jobId, jobId), eq(diagnosticJobs.userId, userId)));
  return row;
}

export async function updateJobFinishedAt(db: Db, jobId: string) {
  await db
    .update(diagnosticJobs)
    .set({ finishedAt: new Date() })
    .where(and(eq(diagnosticJobs.jobId, jobId), isNull(diagnosticJobs.finishedAt)));
}

/** For a job the queue does not know: released once it is older than `ms` (never enqueued). */
export async function updateJobFinishedAtIfOlder(db: Db, jobId: string, ms: number) {
  await db
    .update(diagnosticJobs)
    .set({ finishedAt: new Date() })
    .where(
      and(
        eq(diagnosticJobs.jobId, jobId),
        isNull(diagnosticJobs.finishedAt),
        lt(diagnosticJobs.createdAt, new Date(Date.now() - ms)),
      ),
    );
}
