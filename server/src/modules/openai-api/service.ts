// Docket behind OpenAI's Chat Completions API, for clients that speak it (Open WebUI, LibreChat,
// editors, the `openai` SDKs): the models are the ones Docket offers, a request's last message
// is the question and the ones before it its history, and the answer is Docket's own — searched
// in the user's documents, its citations listed at the end of its text and given as `citations`.
// Nothing is saved: the client keeps the conversation, as it does with OpenAI.
import { randomUUID } from 'node:crypto';
import type { ChatConfig } from '../../config.js';
import { AppError, invalidInput } from '../../lib/errors.js';
import type { AgentInput } from '../chat/agent.js';
import type { Citation } from '../chat/events.js';
import { sourceLine } from '../chat/export.js';
import { findModel, offeredModels, type ChosenModel } from '../chat/models.js';
import { MESSAGE_MAX_CHARS } from '../chat/schemas.js';
import type { ChatCompletionInput, ChatCompletionMessage, OpenAiError } from './schemas.js';

/** Earlier messages given to the model, as chat gives them. */
const HISTORY_MESSAGES = 20;

/** A fixed creation time for the models: they are settings, not objects made at some moment. */
const MODELS_CREATED = 0;

export function listModels(chat: ChatConfig) {
  return {
    object: 'list' as const,
    data: offeredModels(chat).map((m) => ({
      id: m.id,
      object: 'model' as const,
      created: MODELS_CREATED,
      owned_by: 'docket',
      name: m.label,
    })),
  };
}

/** A message's text, or undefined when it has parts that are not text (images, audio…). */
function textOf(message: ChatCompletionMessage): string | undefined {
  const { content } = message;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  const texts = content.map((part) =>
    part.type === 'text' && typeof part.text === 'string' ? part.text : undefined,
  );
  return texts.every((t) => t !== undefined) ? texts.join('\n') : undefined;
}

export interface CompletionRequest {
  model: ChosenModel;
  input: Omit<AgentInput, 'emit' | 'actor'>;
}

/** The question, its history and the client's instructions; 400 or 404 for what Docket cannot answer. */
export function readCompletionRequest(
  chat: ChatConfig,
  body: ChatCompletionInput,
): CompletionRequest {
  const id = body.model ?? chat.defaultModel;
  const model = findModel(chat, id);
  if (!model)
    throw new AppError(
      404,
      'MODEL_NOT_FOUND',
      `The model "${id}" does not exist on this server; GET /v1/models lists the models`,
      [{ field: 'body.model', message: 'not an offered model' }],
    );
  const texts = body.messages.map((message, index) => {
    const text = textOf(message);
    if (text === undefined)
      throw invalidInput(
        `body.messages.${index}.content`,
        'Docket answers text: only text parts are accepted',
      );
    return { role: message.role, text };
  });
  const question = texts.at(-1)!;
  if (question.role !== 'user' || question.text.trim() === '')
    throw invalidInput('body.messages', 'the last message must be the user’s question');
  if (question.text.length > MESSAGE_MAX_CHARS)
    throw invalidInput('body.messages', `a question has at most ${MESSAGE_MAX_CHARS} characters`);
  const earlier = texts.slice(0, -1);
  const instructions = earlier
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => m.text.slice(0, MESSAGE_MAX_CHARS))
    .join('\n\n');
  return {
    model,
    input: {
      message: question.text,
      model: model.config,
      history: earlier
        .flatMap((m) =>
          (m.role === 'user' || m.role === 'assistant') && m.text.length > 0
            ? [{ role: m.role, content: m.text.slice(0, MESSAGE_MAX_CHARS) }]
            : [],
        )
        .slice(-HISTORY_MESSAGES),
      ...(instructions ? { instructions } : {}),
    },
  };
}

/** The numbered source list appended to an answer's text, for clients that show only text. */
export function sourcesText(citations: readonly Citation[]): string {
  if (citations.length === 0) return '';
  return `\n\nSources:\n${citations.map(sourceLine).join('\n')}`;
}

/** What every completion and chunk of one answer shares. */
export function completionHead(model: ChosenModel) {
  return {
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: model.id,
  };
}

export function completionResponse(
  head: ReturnType<typeof completionHead>,
  content: string,
  citations: Citation[],
) {
  return {
    ...head,
    object: 'chat.completion' as const,
    choices: [
      {
        index: 0,
        message: { role: 'assistant' as const, content, refusal: null, citations },
        finish_reason: 'stop' as const,
      },
    ],
    citations,
  };
}

/** One `data:` line of a streamed answer, in OpenAI's chunk format. */
export function completionChunk(
  head: ReturnType<typeof completionHead>,
  delta: { role?: 'assistant'; content?: string },
  end?: { citations: Citation[] },
): string {
  const chunk = {
    ...head,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: end ? 'stop' : null }],
    ...(end ? { citations: end.citations } : {}),
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

const TYPES: Record<number, string> = {
  401: 'authentication_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** Docket's error (`{"error":{"code","message","details"}}`) in OpenAI's shape, for its clients. */
export function toOpenAiError(
  status: number,
  error: { code: string; message: string; details?: unknown },
): OpenAiError {
  const field = Array.isArray(error.details)
    ? (error.details[0] as { field?: unknown } | undefined)?.field
    : undefined;
  return {
    error: {
      message: error.message,
      type: TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
      code: error.code.toLowerCase(),
      param: typeof field === 'string' ? field.replace(/^body\./, '') : null,
    },
  };
}
