// Chat helpers shared by the chat tests: documents ready to search, questions as JSON or as
// server-sent events read as they come, conversations read back.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { ConversationWithMessagesView } from '../../src/modules/chat/schemas.js';
import { call, type TestUser } from './app.js';

export interface SseEvent {
  type: string;
  data: Record<string, unknown>;
  at: number;
}

/** Pasted text, ready to search (the documents tests' helper). */
export { addText } from './documents.js';

export async function chatJson(app: FastifyInstance, user: TestUser, payload: object) {
  return call(app, user, {
    method: 'POST',
    url: '/api/chat',
    headers: { accept: 'application/json' },
    payload,
  });
}

/** POST /api/chat over real HTTP, reading server-sent events as they come. */
export async function chatStream(
  base: string,
  user: TestUser,
  payload: object,
  leaveWhen?: (event: SseEvent) => boolean,
) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { ...user.auth, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(payload),
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) continue;
        const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as SseEvent['data'];
        const event = { type, data, at: Date.now() };
        events.push(event);
        if (leaveWhen?.(event)) {
          controller.abort();
          return { response, events };
        }
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return { response, events };
}

export async function conversation(app: FastifyInstance, user: TestUser, id: string) {
  const response = await call(app, user, { url: `/api/conversations/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ConversationWithMessagesView>();
}

export async function listen(app: FastifyInstance) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}
