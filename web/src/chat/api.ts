import { ApiError, errorFrom, query, request, type Page } from '../api/client';
import type { ChatEvent, Conversation, ConversationWithMessages } from '../api/types';
import { createSseParser } from './sse';

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export const listConversations = (cursor?: string) =>
  request<Page<Conversation>>(`/api/conversations${query({ cursor })}`);

export const getConversation = (id: string, signal?: AbortSignal) =>
  request<ConversationWithMessages>(conversationPath(id), { signal });

export const renameConversation = (id: string, title: string) =>
  request<Conversation>(conversationPath(id), { method: 'PATCH', body: { title } });

export const deleteConversation = (id: string) =>
  request<void>(conversationPath(id), { method: 'DELETE' });

const EVENT_TYPES = new Set<string>([
  'conversation',
  'text',
  'tool-call',
  'tool-result',
  'citations',
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
  message: string,
  conversationId: string | undefined,
  signal: AbortSignal,
  onEvent: (event: ChatEvent) => void,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/api/chat', {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ message, conversationId }),
      signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server: check your connection');
  }
  if (!response.ok || !response.body) throw await errorFrom(response);

  let finished = false;
  const parser = createSseParser(({ event, data }) => {
    if (!EVENT_TYPES.has(event)) return;
    const chatEvent = { ...(JSON.parse(data) as object), type: event } as ChatEvent;
    if (chatEvent.type === 'done' || chatEvent.type === 'error') finished = true;
    onEvent(chatEvent);
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(value);
    }
  } catch (error) {
    if (signal.aborted) throw error;
    throw cutOff();
  }
  if (!finished) throw cutOff();
}
