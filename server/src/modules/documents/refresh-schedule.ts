// Scheduled refreshes (URL_REFRESH_HOURS): every process that takes jobs looks once a minute
// for URL documents fetched longer ago than that, claims a few in one statement (SKIP LOCKED, and
// the claim is written by that statement: another process, or the next look, skips them) and
// enqueues their refresh. The database decides, so it works the same with BullMQ and with the
// in-process queue, with one worker or many, and a process that dies after claiming loses only
// that round: the documents are due again an interval later.
import type { PeriodicContext } from '../../lib/startup.js';
import { ingestJob } from './jobs.js';
import { updateDueRefreshesToClaimed } from './queries.js';

const LOOK_EVERY_MS = 60_000;
const CLAIM_AT_MOST = 20;

export function startRefreshSchedule({ db, queue, config, logger }: PeriodicContext) {
  const hours = config.urlRefreshHours;
  if (hours === 0) return () => undefined;
  let running: Promise<void> | undefined;
  const look = async () => {
    const due = await updateDueRefreshesToClaimed(db, hours, CLAIM_AT_MOST);
    for (const documentId of due) await queue.enqueue(ingestJob, { documentId, refresh: true });
    if (due.length > 0) logger.info({ documents: due.length }, 'scheduled refreshes enqueued');
  };
  const timer = setInterval(() => {
    running ??= look()
      .catch((error: unknown) => logger.warn({ err: error }, 'could not enqueue refreshes'))
      .finally(() => (running = undefined));
  }, LOOK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
