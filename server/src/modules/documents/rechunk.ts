// Documents ingested before Docket kept their text and each chunk's place in it have no
// `/text` (TEXT_NOT_KEPT) and citations without positions. `docket documents rechunk` queues
// them to be read again from the bytes Docket stored (a URL's as fetched then, not fetched
// anew), as a refresh is: the new chunks are swapped in at once, the old ones searched until then.
import type { Db } from '../../db/client.js';
import type { JobQueue } from '../../queue/index.js';
import { ingestJob } from './jobs.js';
import { updateDocumentsWithoutPlacesToQueued } from './queries.js';

/** Queues every such document, for any owner; how many. */
export async function rechunkDocumentsWithoutPlaces(db: Db, queue: JobQueue): Promise<number> {
  const ids = await updateDocumentsWithoutPlacesToQueued(db);
  for (const documentId of ids)
    await queue.enqueue(ingestJob, { documentId, refresh: true, stored: true });
  return ids.length;
}
