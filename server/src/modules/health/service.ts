import { pingDatabase, type Db } from '../../db/client.js';
import { schemaProblem, schemaState } from '../../db/schema-state.js';
import { withTimeout } from '../../lib/time.js';
import type { JobQueue } from '../../queue/index.js';
import type { Check, ReadyReport } from './schemas.js';

const CHECK_TIMEOUT_MS = 3_000;

async function runCheck(check: () => Promise<string | undefined>): Promise<Check> {
  try {
    const problem = await withTimeout(check(), CHECK_TIMEOUT_MS);
    return problem ? { ok: false, message: problem } : { ok: true };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export async function checkReadiness(db: Db, queue: JobQueue): Promise<ReadyReport> {
  const [database, schema, queueCheck] = await Promise.all([
    runCheck(async () => {
      await pingDatabase(db);
      return undefined;
    }),
    runCheck(async () => schemaProblem(await schemaState(db))),
    runCheck(async () => {
      await queue.ping();
      return undefined;
    }),
  ]);
  const checks = { database, schema, queue: queueCheck };
  const ready = Object.values(checks).every((c) => c.ok);
  return { status: ready ? 'ready' : 'unavailable', checks };
}
