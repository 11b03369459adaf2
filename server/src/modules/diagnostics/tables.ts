import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';

/** One row per completed diagnostic job: proves which process ran it, and how many times. */
export const diagnosticRuns = pgTable('diagnostic_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  jobId: text('job_id').notNull(),
  processedBy: text('processed_by').notNull(),
  attempt: integer('attempt').notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Who started each diagnostic job (only they may read it), written before the job is enqueued.
 * A user has at most one unfinished job: the unique index refuses a second one atomically.
 */
export const diagnosticJobs = pgTable(
  'diagnostic_jobs',
  {
    jobId: uuid('job_id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('diagnostic_jobs_one_unfinished_idx')
      .on(t.userId)
      .where(sql`${t.finishedAt} is null`),
  ],
);
