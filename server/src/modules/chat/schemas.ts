import { z } from 'zod';
import { cursor, id, idParams, line, text } from '../../lib/input.js';
import type { ConversationRow, MessageRow } from './queries.js';

export const MESSAGE_MAX_CHARS = 20_000;

/**
 * The largest JSON a chat request needs: every character of a message escaped (\uXXXX), and
 * room for its other fields (a model's id, attachments' ids).
 */
export const CHAT_BODY_MAX_BYTES = MESSAGE_MAX_CHARS * 6 + 4096;

/** At most this many documents may be attached to one question. */
export const MAX_ATTACHMENTS = 10;

const messageText = text
  .trim()
  .min(1, 'the message is empty')
  .max(MESSAGE_MAX_CHARS, `a message has at most ${MESSAGE_MAX_CHARS} characters`);

/** An offered model's id (GET /api/settings lists them). */
export const modelField = line.min(1).max(200);

/**
 * A question: new, or an edit of an earlier one (`editMessageId`), or the last one asked again
 * (`regenerate`). Edits and regenerations keep what they replace, as another branch.
 */
export const chatBody = z
  .strictObject({
    message: messageText.optional(),
    conversationId: id.optional(),
    /** Answer from this collection's documents only (by default: every document you may read). */
    collectionId: id.optional(),
    /** An offered model's id; it becomes the conversation's model. */
    model: modelField.optional(),
    /** Documents (the user's own) to answer from, and only from: e.g. a file just uploaded. */
    attachments: z
      .array(id)
      .max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} attachments`)
      .optional(),
    /** Ask this earlier question of the conversation again, in the words of `message`. */
    editMessageId: id.optional(),
    /** Ask the conversation's last question again, for another answer. */
    regenerate: z.literal(true).optional(),
  })
  .superRefine((body, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (body.regenerate) {
      if (body.message !== undefined)
        problem('message', 'regenerate asks the last question again: send no message');
      if (body.editMessageId !== undefined) problem('editMessageId', 'either edit or regenerate');
      if (body.attachments !== undefined)
        problem('attachments', 'regenerate keeps the question’s attachments');
    } else if (body.message === undefined) problem('message', 'the message is empty');
    if ((body.regenerate || body.editMessageId) && !body.conversationId)
      problem('conversationId', 'required to edit or regenerate');
  });
export type ChatInput = z.infer<typeof chatBody>;

export const attachment = z.object({ documentId: z.string(), title: z.string() });

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
  /** The message before it in its branch; null for a first question. */
  parentId: z.string().nullable(),
  /**
   * The messages in its place in other branches, itself included, oldest first: a question
   * edited or asked again twice has three. Show one with PUT /api/conversations/:id/branch.
   */
  siblingIds: z.array(z.string()),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  attachments: z.array(attachment),
  citations: z.array(citation),
  toolCalls: z.array(toolCall),
  /** The model that wrote an answer (an offered model's id); null for questions and older answers. */
  model: z.string().nullable(),
  status: z.enum(['complete', 'error']),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageResponse>;

export function toMessageView(row: MessageRow, siblingIds: string[] = [row.id]): MessageView {
  return {
    id: row.id,
    parentId: row.parentId,
    siblingIds,
    role: row.role,
    content: row.content,
    attachments: row.attachments,
    citations: row.citations,
    toolCalls: row.toolCalls,
    model: row.model,
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
  /** The model it picked (an offered model's id); null: the server's default. */
  model: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConversationView = z.infer<typeof conversationResponse>;

export function toConversationView(row: ConversationRow): ConversationView {
  return {
    id: row.id,
    title: row.title,
    model: row.model,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A conversation with the messages of the branch it shows, oldest first. */
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

export const changeConversationBody = z
  .strictObject({
    title: line.min(1, 'a title cannot be empty').max(200).optional(),
    model: modelField.optional(),
  })
  .refine(
    (body) => body.title !== undefined || body.model !== undefined,
    'give a title or a model',
  );
export type ConversationChanges = z.infer<typeof changeConversationBody>;

export const showBranchBody = z.strictObject({
  /** Any message of the conversation: the branch through it is shown, to its newest end. */
  messageId: id,
});

export const exportConversationQuery = z.strictObject({
  format: z.enum(['markdown', 'json']).default('markdown'),
});
export type ExportFormat = z.infer<typeof exportConversationQuery>['format'];

/** JSON export: the conversation's shown branch, its citations and tool calls in full. */
export const conversationExport = z.object({
  format: z.literal('docket.conversation.v1'),
  exportedAt: z.string(),
  conversation: conversationWithMessagesResponse,
});
