// The OpenAI-compatible API under /v1, private like every route (the same API tokens as /api).
// Its answers, errors included (401s from the authentication hook, validation errors, 404s for
// paths it lacks), are in OpenAI's shapes, which is what its clients read.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { ErrorBody } from '../../http/errors.js';
import { notFoundBody } from '../../http/errors.js';
import { keepSocketFor, openEventStream } from '../../http/event-stream.js';
import { admitChatRequest } from '../chat/service.js';
import type { ChatTurns } from '../chat/turns.js';
import {
  chatCompletionBody,
  chatCompletionResponse,
  modelListResponse,
  openAiErrorResponse,
} from './schemas.js';
import {
  completionChunk,
  completionHead,
  completionResponse,
  listModels,
  readCompletionRequest,
  sourcesText,
  toOpenAiError,
} from './service.js';

/** Docket's error shape; OpenAI's has a `type` besides. */
const isDocketError = (payload: unknown): payload is ErrorBody => {
  const error = (payload as Partial<ErrorBody> | null)?.error;
  return typeof error?.code === 'string' && !('type' in error);
};

export const openAiRoutes: FastifyPluginAsyncZod<{
  db: Db;
  config: Pick<Config, 'chat'>;
  turns: ChatTurns;
}> = async (app, { db, config, turns }) => {
  const tags = ['openai'];
  const errors = Object.fromEntries(
    [400, 401, 404, 429, 500, 502, 503, 504].map((status) => [status, openAiErrorResponse]),
  ) as Record<400 | 401 | 404 | 429 | 500 | 502 | 503 | 504, typeof openAiErrorResponse>;

  // Every error of this scope, wherever it was answered, in OpenAI's shape.
  app.addHook('preSerialization', async (_request, reply, payload) =>
    reply.statusCode >= 400 && isDocketError(payload)
      ? toOpenAiError(reply.statusCode, payload.error)
      : payload,
  );
  app.setNotFoundHandler(async (request, reply) =>
    reply.status(404).send(notFoundBody(request.url)),
  );

  app.get(
    '/models',
    {
      schema: {
        tags,
        summary: 'OpenAI-compatible: the models Docket offers (the offline one included)',
        response: { 200: modelListResponse, 401: openAiErrorResponse },
      },
      config: { access: { object: 'self' } },
    },
    async () => listModels(config.chat),
  );

  app.post(
    '/chat/completions',
    {
      schema: {
        tags,
        summary:
          'OpenAI-compatible: Docket’s answer from your documents, citations listed in the text and in `citations`',
        description:
          'The last message is the question, the ones before it its history; system messages are ' +
          'the user’s instructions. With `stream: true`, chunks as server-sent events ending ' +
          '`data: [DONE]`; the last chunk carries `citations`. Nothing is saved. See docs/openai-api.md.',
        body: chatCompletionBody,
        response: { 200: chatCompletionResponse, ...errors },
      },
      // Asking reads, as POST /api/chat: a `read` token may ask (the agent then only reads).
      config: { access: { object: 'self', scope: 'read' } },
    },
    async (request, reply) => {
      const { model, input } = readCompletionRequest(config.chat, request.body);
      await admitChatRequest(db, request.actor.userId, config.chat.rateLimitPerMinute);
      keepSocketFor(request, config.chat.timeoutMs + 30_000);
      const head = completionHead(model);
      const question = { ...input, actor: request.actor };

      if (request.body.stream !== true) {
        const cancel = new AbortController();
        // The response closing before it is written: the client left.
        reply.raw.on('close', () => {
          if (!reply.raw.writableEnded) cancel.abort();
        });
        const outcome = await turns.answerUnsaved(
          request.log,
          { ...question, emit: () => {} },
          cancel.signal,
        );
        if (outcome.failure)
          return reply
            .status(outcome.failure.status as 500)
            .send(toOpenAiError(outcome.failure.status, outcome.failure));
        return completionResponse(
          head,
          outcome.content + sourcesText(outcome.citations),
          outcome.citations,
        );
      }

      // A client that leaves ends the answer: nothing would keep it.
      const stream = openEventStream(request, reply);
      try {
        stream.write(completionChunk(head, { role: 'assistant', content: '' }));
        const outcome = await turns.answerUnsaved(
          request.log,
          {
            ...question,
            emit: (event) => {
              if (event.type === 'text')
                stream.write(completionChunk(head, { content: event.text }));
            },
          },
          stream.clientGone,
        );
        if (outcome.failure) {
          const { error } = toOpenAiError(outcome.failure.status, outcome.failure);
          stream.write(`data: ${JSON.stringify({ error })}\n\n`);
          return;
        }
        const sources = sourcesText(outcome.citations);
        if (sources) stream.write(completionChunk(head, { content: sources }));
        stream.write(completionChunk(head, {}, { citations: outcome.citations }));
        stream.write('data: [DONE]\n\n');
      } finally {
        stream.end();
      }
    },
  );
};
