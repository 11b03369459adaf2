// The OpenAI-compatible API's requests and answers, as OpenAI's clients send and read them
// (Chat Completions and Models), plus Docket's citations. Fields Docket does not use
// (temperature, max_tokens, user…) are accepted and ignored, as clients send them unasked.
import { z } from 'zod';
import { text } from '../../lib/input.js';
import { citation } from '../chat/schemas.js';

const textPart = z.object({ type: z.literal('text'), text });
const otherPart = z.looseObject({ type: z.string() });

export const chatCompletionMessage = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([text, z.array(z.union([textPart, otherPart])), z.null()]).optional(),
});
export type ChatCompletionMessage = z.infer<typeof chatCompletionMessage>;

export const chatCompletionBody = z.looseObject({
  /** An offered model's id (GET /v1/models); unset: the server's default. */
  model: z.string().min(1).max(200).optional(),
  messages: z.array(chatCompletionMessage).min(1, 'give at least one message').max(1000),
  stream: z.boolean().optional(),
});
export type ChatCompletionInput = z.infer<typeof chatCompletionBody>;

export const modelObject = z.object({
  id: z.string(),
  object: z.literal('model'),
  created: z.number(),
  owned_by: z.string(),
  /** Docket's label for it (Open WebUI shows `name` where present). */
  name: z.string(),
});

export const modelListResponse = z.object({
  object: z.literal('list'),
  data: z.array(modelObject),
});

const citations = z
  .array(citation)
  .describe('The passages the answer cites as [n], also listed at the end of its text');

export const chatCompletionResponse = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number(),
      message: z.object({
        role: z.literal('assistant'),
        content: z.string(),
        refusal: z.null(),
        citations,
      }),
      finish_reason: z.literal('stop'),
    }),
  ),
  citations,
});

/** OpenAI's error shape, which its clients read: `{"error":{"message","type","code"}}`. */
export const openAiErrorResponse = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    code: z.string().nullable(),
    param: z.string().nullable(),
  }),
});
export type OpenAiError = z.infer<typeof openAiErrorResponse>;
