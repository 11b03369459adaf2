// The chat API: parses, takes the signed-in user, asks the service and streams the
// answer as server-sent events or returns it as JSON. Turns' lifecycle lives in turns.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ChatEvent } from './events.js';
import {
  CHAT_BODY_MAX_BYTES,
  chatBody,
  chatErrorResponse,
  chatResponse,
  conversationIdParams,
  conversationListResponse,
  conversationResponse,
  conversationWithMessagesResponse,
  listConversationsQuery,
  renameConversationBody,
} from './schemas.js';
import {
  beginChat,
  getConversation,
  listConversations,
  removeConversation,
  renameConversation,
} from './service.js';
import { createChatTurns, type ChatTurnsDeps } from './turns.js';

/** A comment line now and then keeps proxies and idle timeouts from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

export const chatRoutes: FastifyPluginAsyncZod<ChatTurnsDeps> = async (
  app,
  { db, config, tools },
) => {
  const tags = ['chat'];
  const conversation = { access: { object: 'conversation' } } as const;
  const turns = createChatTurns({ db, config, tools });
  app.addHook('preClose', () => turns.close());

  app.post(
    '/api/chat',
    {
      bodyLimit: CHAT_BODY_MAX_BYTES,
      schema: {
        tags,
        summary: 'Ask the assistant; creates or continues a conversation',
        description:
          'The user’s message is saved first. With `Accept: text/event-stream` the answer streams as ' +
          'server-sent events: `conversation`, then `text`, `tool-call` and `tool-result`, then ' +
          '`citations` and `done` — or `error`. Otherwise one JSON answer. See docs/chat.md.',
        body: chatBody,
        response: {
          200: chatResponse,
          500: chatErrorResponse,
          502: chatErrorResponse,
          503: chatErrorResponse,
          504: chatErrorResponse,
        },
      },
      // Asking reads: a `read` token may ask, and its agent gets only the tools that read.
      config: { access: { object: 'self', scope: 'read' } },
    },
    async (request, reply) => {
      const turn = await beginChat(db, request.actor, request.body, config.chat.rateLimitPerMinute);
      // A long answer must not be cut by the server's idle socket timeout.
      const socket = request.raw.socket as { setTimeout?: (ms: number) => void } | undefined;
      if (typeof socket?.setTimeout === 'function')
        socket.setTimeout(config.chat.timeoutMs + 30_000);
      const conversationId = turn.conversation.id;

      if (!(request.headers.accept ?? '').includes('text/event-stream')) {
        const result = await turns.answer(request.log, turn, () => {});
        if (result.failure)
          return reply.status(result.failure.status as 500 | 502 | 503 | 504).send({
            error: {
              code: result.failure.code,
              message: result.failure.message,
              details: { conversationId, messageId: result.message?.id ?? null },
            },
          });
        return { conversationId, message: result.message! };
      }

      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
        // The app's onSend hook does not run for a hijacked reply: the same headers, by hand.
        'x-request-id': request.id,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin-when-cross-origin',
        'x-frame-options': 'DENY',
      });
      raw.flushHeaders();
      // A client that leaves is no error: the answer goes on and is saved.
      raw.on('error', () => {});
      const open = () => !raw.destroyed && !raw.writableEnded;
      const send = ({ type, ...data }: ChatEvent) => {
        if (open()) raw.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const keepAlive = setInterval(() => {
        if (open()) raw.write(': keep-alive\n\n');
      }, KEEP_ALIVE_MS);
      try {
        await turns.answer(request.log, turn, send);
      } finally {
        clearInterval(keepAlive);
        if (open()) raw.end();
      }
    },
  );

  app.get(
    '/api/conversations',
    {
      schema: {
        tags,
        summary: 'Your conversations, most recently active first',
        querystring: listConversationsQuery,
        response: { 200: conversationListResponse },
      },
      config: { access: { object: 'self' } },
    },
    async (request) => listConversations(db, request.actor, request.query),
  );
  app.get(
    '/api/conversations/:id',
    {
      schema: {
        tags,
        summary: 'One conversation with its messages',
        params: conversationIdParams,
        response: { 200: conversationWithMessagesResponse },
      },
      config: conversation,
    },
    async (request) => getConversation(db, request.actor, request.params.id),
  );
  app.patch(
    '/api/conversations/:id',
    {
      schema: {
        tags,
        summary: 'Rename a conversation',
        params: conversationIdParams,
        body: renameConversationBody,
        response: { 200: conversationResponse },
      },
      config: conversation,
    },
    async (request) => renameConversation(db, request.actor, request.params.id, request.body.title),
  );
  app.delete(
    '/api/conversations/:id',
    {
      schema: {
        tags,
        summary: 'Delete a conversation and its messages',
        params: conversationIdParams,
      },
      config: conversation,
    },
    async (request, reply) => {
      await removeConversation(db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
};
