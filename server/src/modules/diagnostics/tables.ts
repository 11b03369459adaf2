import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One row per completed diagnostic job: proves which process ran it, and how many times. */
export const diagnosticRuns = pgTable('diagnostic_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  jobId: text('job_id').notNull(),
  processedBy: text('processed_by').notNull(),
  attempt: integer('attempt').notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
});
