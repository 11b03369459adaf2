// The chat API: parses, takes the signed-in user, asks the service and streams the
// answer as server-sent events or returns it as JSON. Turns' lifecycle lives in turns.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { keepSocketFor, openEventStream, wantsEventStream } from '../../http/event-stream.js';
import type { ChatEvent } from './events.js';
import {
  CHAT_BODY_MAX_BYTES,
  changeConversationBody,
  chatBody,
  chatErrorResponse,
  chatResponse,
  conversationExport,
  conversationIdParams,
  conversationListResponse,
  conversationResponse,
  conversationWithMessagesResponse,
  exportConversationQuery,
  listConversationsQuery,
  showBranchBody,
} from './schemas.js';
import {
  beginChat,
  changeConversation,
  exportConversation,
  getConversation,
  listConversations,
  removeConversation,
  showBranch,
} from './service.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { ChatTurns } from './turns.js';

export const chatRoutes: FastifyPluginAsyncZod<{
  db: Db;
  config: Pick<Config, 'chat'>;
  turns: ChatTurns;
}> = async (app, { db, config, turns }) => {
  const tags = ['chat'];
  const conversation = { access: { object: 'conversation' } } as const;

  app.post(
    '/api/chat',
    {
      bodyLimit: CHAT_BODY_MAX_BYTES,
      schema: {
        tags,
        summary:
          'Ask the assistant; creates or continues a conversation, edits a question or asks the last one again',
        description:
          'The user’s message is saved first. With `Accept: text/event-stream` the answer streams as ' +
          'server-sent events: `conversation`, then `attachment` (while attached documents are read), ' +
          '`text`, `tool-call` and `tool-result`, then `citations` and `done` — or `error`. Otherwise ' +
          'one JSON answer. `editMessageId` and `regenerate` keep what they replace as another branch. ' +
          'See docs/chat.md.',
        body: chatBody,
        response: {
          200: chatResponse,
          409: chatErrorResponse,
          422: chatErrorResponse,
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
      const turn = await beginChat(db, config.chat, request.actor, request.body);
      // Attachments are read, then the model answers, each within CHAT_TIMEOUT_MS.
      keepSocketFor(request, 2 * config.chat.timeoutMs + 30_000);
      const conversationId = turn.conversation.id;

      if (!wantsEventStream(request)) {
        const result = await turns.answer(request.log, turn, () => {});
        if (result.failure)
          return reply.status(result.failure.status as 409 | 422 | 500 | 502 | 503 | 504).send({
            error: {
              code: result.failure.code,
              message: result.failure.message,
              details: { conversationId, messageId: result.message?.id ?? null },
            },
          });
        return { conversationId, message: result.message! };
      }

      // A client that leaves does not stop the answer: it is finished and saved.
      const stream = openEventStream(request, reply);
      try {
        await turns.answer(request.log, turn, ({ type, ...data }: ChatEvent) =>
          stream.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`),
        );
      } finally {
        stream.end();
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
        summary: 'Rename a conversation, or pick its model',
        params: conversationIdParams,
        body: changeConversationBody,
        response: { 200: conversationResponse },
      },
      config: conversation,
    },
    async (request) =>
      changeConversation(db, config.chat, request.actor, request.params.id, request.body),
  );
  app.put(
    '/api/conversations/:id/branch',
    {
      schema: {
        tags,
        summary: 'Show another branch: the one through a message, to its newest end',
        params: conversationIdParams,
        body: showBranchBody,
        response: { 200: conversationWithMessagesResponse },
      },
      config: conversation,
    },
    async (request) => showBranch(db, request.actor, request.params.id, request.body.messageId),
  );
  app.get(
    '/api/conversations/:id/export',
    {
      schema: {
        tags,
        summary: 'Download the branch shown, citations included, as Markdown or JSON',
        params: conversationIdParams,
        querystring: exportConversationQuery,
        response: {
          200: {
            description:
              'A download (Content-Disposition: attachment) named after the conversation',
            content: {
              'text/markdown': { schema: z.string() },
              'application/json': { schema: conversationExport },
            },
          },
        },
      },
      config: conversation,
    },
    async (request, reply) => {
      const file = await exportConversation(
        db,
        request.actor,
        request.params.id,
        request.query.format,
      );
      return reply.headers(file.headers).send(file.body);
    },
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
