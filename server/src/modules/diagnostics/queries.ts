import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { diagnosticRuns } from './tables.js';

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
