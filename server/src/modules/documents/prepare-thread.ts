// The worker thread's entry (the pool in prepare-pool.ts loads it): prepares a document off the
// HTTP event loop. An error crosses the thread boundary as a plain Error, losing its class, so a
// reason meant for the user (ExtractionError: unreadable, over a limit) comes back as a value.
import { threadId } from 'node:worker_threads';
import { ExtractionError } from './extracted.js';
import { prepareDocument, type Prepared, type PrepareTask } from './prepare.js';

// pdf.js inflates a compressed stream whole, before reading it, when DecompressionStream exists
// (a 700 KB PDF can hold a content stream of 200 MB); without it, it inflates as it reads, so the
// character limit stops such a stream early and memory stays bounded. Only pdf.js runs here.
Reflect.deleteProperty(globalThis, 'DecompressionStream');

export type ThreadResult = { prepared: Prepared; threadId: number } | { unreadable: string };

export default async function prepareInThisThread(task: PrepareTask): Promise<ThreadResult> {
  try {
    return { prepared: await prepareDocument(task), threadId };
  } catch (error) {
    if (error instanceof ExtractionError) return { unreadable: error.message };
    throw error;
  }
}
