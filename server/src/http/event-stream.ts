// A server-sent event stream on a hijacked reply, as chat (/api/chat) and the OpenAI-compatible
// API (/v1/chat/completions) send their answers: the headers proxies need to pass it on at
// once, a keep-alive comment now and then, and writes that stop quietly once the client left.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_SECURITY_HEADERS } from './response-headers.js';

/** A comment line now and then keeps proxies and idle timeouts from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

export interface EventStream {
  /** Writes raw SSE text (`event: …\ndata: …\n\n`), unless the client has gone. */
  write(text: string): void;
  /** Aborted when the client goes away before the stream ends. */
  readonly clientGone: AbortSignal;
  end(): void;
}

/** Whether a request asks for server-sent events. */
export const wantsEventStream = (request: FastifyRequest) =>
  (request.headers.accept ?? '').includes('text/event-stream');

/** Lets a long answer outlive the server's idle socket timeout. */
export function keepSocketFor(request: FastifyRequest, ms: number) {
  const socket = request.raw.socket as { setTimeout?: (ms: number) => void } | undefined;
  if (typeof socket?.setTimeout === 'function') socket.setTimeout(ms);
}

export function openEventStream(request: FastifyRequest, reply: FastifyReply): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
    // The app's onRequest headers are not sent for a hijacked reply: the same ones, by hand.
    'x-request-id': request.id,
    ...API_SECURITY_HEADERS,
  });
  raw.flushHeaders();
  const gone = new AbortController();
  // A client that leaves is no error.
  raw.on('error', () => {});
  raw.on('close', () => {
    if (!raw.writableEnded) gone.abort();
  });
  const open = () => !raw.destroyed && !raw.writableEnded;
  const keepAlive = setInterval(() => {
    if (open()) raw.write(': keep-alive\n\n');
  }, KEEP_ALIVE_MS);
  return {
    write: (text) => {
      if (open()) raw.write(text);
    },
    clientGone: gone.signal,
    end() {
      clearInterval(keepAlive);
      if (open()) raw.end();
    },
  };
}
