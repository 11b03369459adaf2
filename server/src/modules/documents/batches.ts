// Statements over many chunk rows, run a batch at a time, never in one long statement or
// transaction: with PGlite every statement runs on the thread that answers HTTP and holds the
// one connection, so a request waiting behind it is answered well within 200 ms
// (npm run bench:ingest-load); with PostgreSQL, batches grow to MAX_BATCH_ROWS.
import { setImmediate } from 'node:timers/promises';
import type { Db } from '../../db/client.js';
import { deleteChunks } from './queries.js';

/** Batch sizes follow how long the last statement took, aiming at STATEMENT_TARGET_MS. */
const STATEMENT_TARGET_MS = 40;
const FIRST_BATCH_ROWS = 4;
const MAX_BATCH_ROWS = 256;

/** Runs `statement` on batches of rows until it says there are no more, yielding between them. */
export async function inTimedBatches(statement: (rows: number) => Promise<boolean>) {
  let rows = FIRST_BATCH_ROWS;
  for (;;) {
    const started = performance.now();
    if (!(await statement(rows))) return;
    const ms = performance.now() - started;
    if (ms > STATEMENT_TARGET_MS) rows = Math.max(1, Math.floor(rows / 2));
    else if (ms < STATEMENT_TARGET_MS / 2) rows = Math.min(MAX_BATCH_ROWS, rows * 2);
    await setImmediate();
  }
}

/** Deletes all of a document's chunks, in timed batches. */
export async function deleteAllChunks(db: Db, documentId: string) {
  await inTimedBatches(async (rows) => (await deleteChunks(db, documentId, rows)) > 0);
}
