// The in-process backend's statements on local_jobs. Each one does as much as it can: on
// PGlite a statement costs about the same whatever it does, so a job costs a share of an insert
// (enqueues made together, write-batch.ts) and a share of one claim that also records how the
// lane's previous jobs ended.
import { and, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { localJobs } from './tables.js';
import type { JobRetention } from './types.js';

export type LocalJobRow = typeof localJobs.$inferSelect;
export type NewLocalJob = typeof localJobs.$inferInsert;
export type FinishedState = 'completed' | 'failed';

/** How a try ended, as it is recorded: a result, a failure for good, or a retry later. */
export type Outcome = { id: string } & (
  | { state: 'completed'; result: unknown }
  | { state: 'failed'; reason: string }
  | { state: 'waiting'; reason: string; retryInMs: number }
);

/**
 * Inserts jobs (due now) in one statement, keeping their order: rows inserted together share
 * now(), so each is created at least a microsecond after the last job due at that same time.
 * PGlite's clock has milliseconds only: without it, jobs enqueued one after another within a
 * millisecond were due at the same instant and could start in either order.
 */
export async function insertJobs(db: Db, jobs: NewLocalJob[]) {
  const last = sql`(select max(due.created_at) from ${localJobs} due where due.run_at = now())`;
  await db.insert(localJobs).values(
    jobs.map((job, i) => ({
      ...job,
      createdAt: sql`greatest(clock_timestamp(), ${last} + interval '${sql.raw(String(i + 1))} microseconds')`,
    })),
  );
}

/**
 * Records the outcomes of tries (of jobs still active: a job taken again after its lease ran
 * out is left to its new runner). Completed jobs get progress 100 and their result, finished
 * ones `finished_at`, retried ones a later `run_at`; the last failure's reason is kept.
 */
function recordSql(outcomes: Outcome[]): SQL {
  const rows = outcomes.map((o) => ({
    id: o.id,
    state: o.state,
    result: o.state === 'completed' ? (o.result ?? null) : null,
    failed_reason: o.state === 'completed' ? null : o.reason,
    retry_in_ms: o.state === 'waiting' ? o.retryInMs : null,
  }));
  return sql`
    update local_jobs as j
       set state = o.state,
           progress = case when o.state = 'completed' then 100 else j.progress end,
           result = case when o.state = 'completed' then o.result else j.result end,
           failed_reason = coalesce(o.failed_reason, j.failed_reason),
           run_at = case when o.state = 'waiting'
                         then now() + make_interval(secs => o.retry_in_ms / 1000.0) else j.run_at end,
           finished_at = case when o.state = 'waiting' then null else now() end,
           locked_until = null
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           as o(id uuid, state text, result jsonb, failed_reason text, retry_in_ms int)
     where j.id = o.id and j.state = 'active'
       -- the ids again, as a list: the planner then looks each up by its key
       and j.id in (${sql.join(
         outcomes.map((o) => sql`${o.id}::uuid`),
         sql`, `,
       )})
    returning j.id`;
}

export async function recordOutcomes(db: Db, outcomes: Outcome[]) {
  await db.execute(recordSql(outcomes));
}

/** A sortable text of when a job was due, to the microsecond: run_at, then created_at. */
const dueOrder = sql<string>`to_char(${localJobs.runAt}, 'YYYYMMDDHH24MISSUS') || to_char(${localJobs.createdAt}, 'YYYYMMDDHH24MISSUS')`;

/**
 * Records `outcomes` and takes up to `limit` runnable jobs of `names`, oldest first, leased to
 * this process for `leaseMs`: one statement.
 */
export async function recordAndClaim(
  db: Db,
  outcomes: Outcome[],
  names: string[],
  limit: number,
  leaseMs: number,
): Promise<LocalJobRow[]> {
  const recorded = db.$with('recorded', { id: sql<string>`id` }).as(recordSql(outcomes));
  const runnable = db
    .select({ id: localJobs.id })
    .from(localJobs)
    .where(
      and(
        inArray(localJobs.name, names),
        sql`((${localJobs.state} = 'waiting' and ${localJobs.runAt} <= now())
              or (${localJobs.state} = 'active' and ${localJobs.lockedUntil} < now()))`,
        // A job of ours whose lease ran out is being recorded: not taken again by us.
        outcomes.length > 0 ? sql`${localJobs.id} not in (select id from ${recorded})` : undefined,
      ),
    )
    .orderBy(localJobs.runAt, localJobs.createdAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await (outcomes.length > 0 ? db.with(recorded) : db)
    .update(localJobs)
    .set({
      state: 'active',
      attemptsMade: sql`${localJobs.attemptsMade} + 1`,
      lockedUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
    })
    .where(inArray(localJobs.id, runnable))
    .returning({ ...getTableColumns(localJobs), due: dueOrder });
  // RETURNING keeps no order: they start in the order they were due. Compared in the
  // database's microseconds: jobs enqueued together differ by less than a JS millisecond.
  return rows
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
    .map(({ due: _due, ...row }) => row);
}

/** Removes the lane's finished jobs of `state` that the retention no longer keeps (BullMQ
 * keeps them per queue, which is per lane). */
export async function pruneFinished(
  db: Db,
  names: string[],
  state: FinishedState,
  retention: JobRetention,
) {
  const { ageMs, count } = retention[state];
  await db.execute(sql`
    delete from local_jobs
     where state = ${state} and name in ${names}
       and (finished_at < now() - make_interval(secs => ${ageMs / 1000})
            or id in (select id from local_jobs where state = ${state} and name in ${names}
                       order by finished_at desc, created_at desc offset ${count}))`);
}
