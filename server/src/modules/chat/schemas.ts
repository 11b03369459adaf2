import { z } from 'zod';
import { cursor, id, idParams, line, text } from '../../lib/input.js';
import type { ConversationRow, MessageRow } from './queries.js';

const MESSAGE_MAX_CHARS = 20_000;

/** The largest JSON a chat request needs: every character of a message escaped (\uXXXX). */
export const CHAT_BODY_MAX_BYTES = MESSAGE_MAX_CHARS * 6 + 1024;

export const chatBody = z.strictObject({
  message: text
    .trim()
    .min(1, 'the message is empty')
    .max(MESSAGE_MAX_CHARS, `a message has at most ${MESSAGE_MAX_CHARS} characters`),
  conversationId: id.optional(),
  /** Answer from this collection's documents only (by default: every document you may read). */
  collectionId: id.optional(),
});
export type ChatInput = z.infer<typeof chatBody>;

export const citation = z.object({
  index: z.number(),
  documentId: z.string(),
  chunkId: z.string(),
  title: z.string(),
  page: z.number().optional(),
  heading: z.string().optional(),
  text: z.string(),
  ocr: z.boolean().optional(),
  charStart: z.number().optional(),
  charEnd: z.number().optional(),
  anchor: z.string().optional(),
  supported: z.boolean().optional(),
  support: z.number().optional(),
  withheld: z.literal(true).optional(),
});

export const toolCall = z.object({
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  output: z.unknown().optional(),
  error: z.string().optional(),
});

export const messageResponse = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  citations: z.array(citation),
  toolCalls: z.array(toolCall),
  status: z.enum(['complete', 'error']),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageResponse>;

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    citations: row.citations,
    toolCalls: row.toolCalls,
    status: row.status,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}

export const chatResponse = z.object({
  conversationId: z.string(),
  message: messageResponse,
});

/** A failed answer (502, 503, 504): the conversation and the user's message stay saved. */
export const chatErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.object({ conversationId: z.string(), messageId: z.string().nullable() }).optional(),
  }),
});

export const conversationResponse = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConversationView = z.infer<typeof conversationResponse>;

export function toConversationView(row: ConversationRow): ConversationView {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const conversationWithMessagesResponse = conversationResponse.extend({
  messages: z.array(messageResponse),
});
export type ConversationWithMessagesView = z.infer<typeof conversationWithMessagesResponse>;

export const conversationListResponse = z.object({
  items: z.array(conversationResponse),
  nextCursor: z.string().nullable(),
});

export const listConversationsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursor.optional(),
});
export type ListConversations = z.infer<typeof listConversationsQuery>;

export const conversationIdParams = idParams;

export const renameConversationBody = z.strictObject({
  title: line.min(1, 'a title cannot be empty').max(200),
});
