import { EventSourceParserStream } from 'eventsource-parser/stream';
import { api, ApiError, errorFrom, urlOf, type BodyOf } from '../api/client';
import type { ChatEvent } from '../api/types';

export const listConversations = (cursor: string | undefined, signal?: AbortSignal) =>
  api('get', '/api/conversations', { query: { cursor }, signal });

export const getConversation = (id: string, signal?: AbortSignal) =>
  api('get', '/api/conversations/{id}', { params: { id }, signal });

export const renameConversation = (id: string, title: string) =>
  api('patch', '/api/conversations/{id}', { params: { id }, body: { title } });

export const pickModel = (id: string, model: string) =>
  api('patch', '/api/conversations/{id}', { params: { id }, body: { model } });

/** Shows the branch through `messageId` (one of a message's siblings), to its newest end. */
export const showBranch = (id: string, messageId: string) =>
  api('put', '/api/conversations/{id}/branch', { params: { id }, body: { messageId } });

/** The download of the branch shown, as Markdown or JSON (Content-Disposition: attachment). */
export const exportUrl = (id: string, format: 'markdown' | 'json') =>
  urlOf('/api/conversations/{id}/export', { id }, { format });

export const deleteConversation = (id: string) =>
  api('delete', '/api/conversations/{id}', { params: { id } });

const EVENT_TYPES = new Set<string>([
  'conversation',
  'text',
  'tool-call',
  'tool-result',
  'citations',
  'attachment',
  'done',
  'error',
] satisfies ChatEvent['type'][]);

const cutOff = () =>
  new ApiError(0, 'NETWORK', 'The connection was lost before the answer was finished');

/**
 * Asks a question and reports the answer's events as they stream in (see docs/chat.md).
 * Rejects with ApiError when the server refuses the question (nothing was saved then) or the
 * connection is lost, and with the signal's reason when it is aborted.
 */
export async function streamChat(
  question: BodyOf<'/api/chat', 'post'>,
  signal: AbortSignal,
  onEvent: (event: ChatEvent) => void,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/api/chat', {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify(question),
      signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server: check your connection');
  }
  if (!response.ok || !response.body) throw await errorFrom(response);

  // An event cut off by the end of the stream (no blank line after it) is never reported.
  const events = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await events.read();
      if (done) break;
      if (!value.event || !EVENT_TYPES.has(value.event)) continue;
      const event = { ...(JSON.parse(value.data) as object), type: value.event } as ChatEvent;
      if (event.type === 'done' || event.type === 'error') finished = true;
      onEvent(event);
    }
  } catch (error) {
    if (signal.aborted) throw error;
    throw cutOff();
  }
  if (!finished) throw cutOff();
}
