import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Jobs of the in-process queue, kept in the database so that a restart loses none. */
export const localJobs = pgTable(
  'local_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull(),
    state: text('state', { enum: ['waiting', 'active', 'completed', 'failed'] })
      .notNull()
      .default('waiting'),
    attemptsMade: integer('attempts_made').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    backoffMs: integer('backoff_ms').notNull(),
    progress: integer('progress').notNull().default(0),
    result: jsonb('result'),
    failedReason: text('failed_reason'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // In the order jobs are claimed: a claim reads the first few entries, whatever the
    // planner's statistics say (PGlite never analyses tables by itself).
    index('local_jobs_runnable_idx')
      .on(t.runAt, t.createdAt)
      .where(sql`${t.state} in ('waiting', 'active')`),
  ],
);
