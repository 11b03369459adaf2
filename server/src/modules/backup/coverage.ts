// Which tables a backup holds, and which it leaves out and why. Every table of the database must
// be in one of the two lists: a new table that is in neither makes the backup fail, so nobody
// can add data that backups silently lose (docs/operations.md lists the same decisions).
import { sql, type SQL } from 'drizzle-orm';
import { BackupError } from './format.js';

/** Backed-up tables, each with the rows it keeps (all, unless a condition says otherwise). */
export const BACKED_UP: Readonly<Record<string, SQL | undefined>> = {
  users: undefined,
  accounts: undefined,
  // Sessions and verifications that are still valid: people stay signed in after a move.
  sessions: sql`expires_at > now()`,
  verifications: sql`expires_at > now()`,
  api_tokens: undefined,
  tasks: undefined,
  conversations: undefined,
  messages: undefined,
  documents: undefined,
  document_sources: undefined,
  document_source_parts: undefined,
  document_text_parts: undefined,
  document_chunks: undefined,
  collections: undefined,
  collection_documents: undefined,
  collection_members: undefined,
  embedding_settings: undefined,
  server_settings: undefined,
  // Invitations that can still be used: links handed out keep working after a move.
  invites: sql`expires_at > now()`,
  diagnostic_runs: undefined,
  // The secrets in it are sealed with a key from AUTH_SECRET: restore with the same one.
  mcp_servers: undefined,
  // An unfinished self-test belongs to a queue that the restored database will not have.
  diagnostic_jobs: sql`finished_at is not null`,
};

/** Tables left out, and why. */
export const EXCLUDED: Readonly<Record<string, string>> = {
  local_jobs:
    'the in-process queue: jobs of the process that ran then (unfinished documents are failed on restore instead)',
  auth_rate_limits: 'counters of the last minute of sign-in attempts',
  chat_requests: 'counters of the last minute of chat answers (CHAT_RATE_LIMIT_PER_MINUTE)',
};

/** The backed-up tables among `tables`, in their order; throws if one is in neither list. */
export function tablesToBackUp(tables: string[]): string[] {
  const unknown = tables.filter((name) => !(name in BACKED_UP) && !(name in EXCLUDED));
  if (unknown.length > 0)
    throw new BackupError(
      `table(s) ${unknown.join(', ')} neither backed up nor excluded: ` +
        'add each to BACKED_UP or EXCLUDED in server/src/modules/backup/coverage.ts',
    );
  return tables.filter((name) => name in BACKED_UP);
}
