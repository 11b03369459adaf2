import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.js';
import { SIGNUP_MODES } from './modes.js';

/**
 * One row: the settings an administrator changes while the server runs. A column left null
 * takes its default from the environment (ALLOW_SIGNUP for the sign-up mode).
 */
export const serverSettings = pgTable('server_settings', {
  id: integer('id').primaryKey().default(1),
  signupMode: text('signup_mode', { enum: SIGNUP_MODES }),
  updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
