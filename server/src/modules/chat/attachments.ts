// A question's attached documents are read by the usual ingestion (a job), which may still be
// running when the question comes: the answer waits for them, telling the client how far each
// has got, for at most CHAT_TIMEOUT_MS. Then it answers from them, or says plainly that a
// document is still being read or could not be read (the question stays saved: ask again).
import type { Actor } from '../../access/actor.js';
import { AppError } from '../../lib/errors.js';
import { getDocument } from '../documents/service.js';
import { SHUTDOWN_FAILURE, type AgentDeps, type ChatFailure } from './agent.js';
import type { Attachment, AttachmentProgress, ChatEvent } from './events.js';

/** How often a document's status is read while waiting. */
const POLL_MS = 250;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

/** How far a document has got, and why it failed if it did. */
async function progressOf(
  deps: Pick<AgentDeps, 'db'>,
  actor: Actor,
  attachment: Attachment,
): Promise<{ state: AttachmentProgress; error: string | null }> {
  try {
    const { status, progress, error } = await getDocument(deps.db, actor, attachment.documentId);
    return { state: { ...attachment, status, progress }, error };
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 404)
      return { state: { ...attachment, status: 'failed', progress: 0 }, error: 'it was deleted' };
    throw error;
  }
}

const unreadable = (a: AttachmentProgress, error: string | null): ChatFailure => ({
  code: 'ATTACHMENT_FAILED',
  status: 422,
  message: `“${a.title}” could not be read: ${error ?? 'unknown reason'}`,
});

const stillReading = (a: AttachmentProgress): ChatFailure => ({
  code: 'ATTACHMENT_NOT_READY',
  status: 409,
  message: `“${a.title}” is still being read (${a.status}, ${a.progress} %); ask again once it is ready`,
});

/**
 * Waits until every attachment is ready; undefined then, or the failure to answer with. Each
 * change of a document's status or progress is an `attachment` event.
 */
export async function readAttachments(
  deps: Pick<AgentDeps, 'db' | 'chat' | 'shutdown'>,
  actor: Actor,
  attachments: readonly Attachment[],
  emit: (event: ChatEvent) => void,
): Promise<ChatFailure | undefined> {
  if (attachments.length === 0) return undefined;
  const waited = AbortSignal.any([AbortSignal.timeout(deps.chat.timeoutMs), deps.shutdown]);
  const told = new Map<string, string>();
  for (;;) {
    const read = await Promise.all(attachments.map((a) => progressOf(deps, actor, a)));
    for (const { state } of read) {
      const key = `${state.status} ${state.progress}`;
      if (told.get(state.documentId) === key) continue;
      told.set(state.documentId, key);
      emit({ type: 'attachment', attachment: state });
    }
    const failed = read.find((r) => r.state.status === 'failed');
    if (failed) return unreadable(failed.state, failed.error);
    const unread = read.find((r) => r.state.status !== 'ready')?.state;
    if (!unread) return undefined;
    if (deps.shutdown.aborted) return SHUTDOWN_FAILURE;
    if (waited.aborted) return stillReading(unread);
    await sleep(POLL_MS, waited);
  }
}
