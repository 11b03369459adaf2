// Conversations and chat turns, always read and written for their owner (access/owned.ts):
// another user's conversation is "not found", exactly as a missing one. A turn saves the user's
// message first, then runs the agent, then saves the answer (complete, or with its error). A
// token with only the `read` scope may ask (its conversation is the record of what it read),
// with no tool that changes anything; renaming and deleting need `write`. Saved citations are
// re-checked each time a conversation is read (citations.ts, withholdUnreadable).
import type { Actor } from '../../access/actor.js';
import { narrowedTo, requireVisibleCollections } from '../../access/collections.js';
import { readableAmong } from '../../access/documents.js';
import { ownerFor } from '../../access/owned.js';
import type { Db } from '../../db/client.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { runAgent, suggestTitle, type AgentDeps, type ChatFailure } from './agent.js';
import { documentsShownBy, withholdUnreadable } from './citations.js';
import type { ChatEvent } from './events.js';
import {
  countUserMessagesLastMinute,
  deleteConversation,
  insertConversation,
  insertMessage,
  selectConversation,
  selectConversations,
  selectMessages,
  updateConversation,
  updateConversationTitle,
  type ConversationRow,
  type MessageRow,
} from './queries.js';
import {
  toConversationView,
  toMessageView,
  type ChatInput,
  type ListConversations,
  type MessageView,
} from './schemas.js';

/** Earlier messages given to the model with each turn. */
const HISTORY_MESSAGES = 20;

/** A title from the first message's words: at most 8 words and 80 characters. */
export function titleFrom(message: string): string {
  const words = message.replace(/\s+/g, ' ').trim().split(' ');
  let title = words.slice(0, 8).join(' ');
  if (title.length > 80) title = `${title.slice(0, 79).replace(/\s+\S*$/, '')}…`;
  else if (words.length > 8) title = `${title}…`;
  return title || 'New conversation';
}

async function ownedConversation(db: Db, userId: string, id: string) {
  const row = isUuid(id) ? await selectConversation(db, userId, id) : undefined;
  if (!row) throw notFound('conversation');
  return row;
}

export async function listConversations(db: Db, actor: Actor, query: ListConversations) {
  const rows = await selectConversations(db, ownerFor(actor, 'read'), {
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  // The cursor is the (updated_at, id) of the page's last conversation.
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(toConversationView),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ createdAt: last.updatedAt, id: last.id })
        : null,
  };
}

/** With its messages, whose passages the reader can no longer read withheld. */
export async function getConversation(db: Db, actor: Actor, id: string) {
  const userId = ownerFor(actor, 'read');
  const row = await ownedConversation(db, userId, id);
  const messages = (await selectMessages(db, userId, row.id)).map(toMessageView);
  const readable = await readableAmong(db, actor, messages.flatMap(documentsShownBy));
  return {
    ...toConversationView(row),
    messages: messages.map((message) => withholdUnreadable(message, readable)),
  };
}

export async function renameConversation(db: Db, actor: Actor, id: string, title: string) {
  const userId = ownerFor(actor, 'write');
  const row = isUuid(id) ? await updateConversation(db, userId, id, { title }) : undefined;
  if (!row) throw notFound('conversation');
  return toConversationView(row);
}

export async function removeConversation(db: Db, actor: Actor, id: string): Promise<void> {
  const userId = ownerFor(actor, 'write');
  if (!isUuid(id) || !(await deleteConversation(db, userId, id))) throw notFound('conversation');
}

export interface ChatTurn {
  userId: string;
  /** Whom the agent reads documents for: the caller, within the turn's collection if given. */
  actor: Actor;
  /** The conversation starts with this turn: its title comes from this exchange. */
  first: boolean;
  conversation: ConversationRow;
  userMessage: MessageRow;
  history: { role: 'user' | 'assistant'; content: string }[];
}

/**
 * Checks the rate limit and the conversation, then saves the user's message: all before any
 * answer starts, so that these failures are plain HTTP errors.
 */
export async function beginChat(
  db: Db,
  actor: Actor,
  input: ChatInput,
  rateLimitPerMinute: number,
): Promise<ChatTurn> {
  const userId = ownerFor(actor, 'read');
  // The limit is counted in the database, from the user's own saved messages of the last
  // minute: it holds across API processes and restarts, with no state of its own. Two requests
  // at the very same moment may both pass, and deleting a conversation forgets its messages:
  // acceptable for a guard on model spend, which is what this is (not a quota).
  if ((await countUserMessagesLastMinute(db, userId)) >= rateLimitPerMinute)
    throw new AppError(
      429,
      'RATE_LIMITED',
      `at most ${rateLimitPerMinute} chat messages a minute (CHAT_RATE_LIMIT_PER_MINUTE); try again in a moment`,
    );
  if (input.collectionId) await requireVisibleCollections(db, actor, [input.collectionId]);
  const conversation = input.conversationId
    ? await ownedConversation(db, userId, input.conversationId)
    : await insertConversation(db, { userId, title: titleFrom(input.message) });
  const saved = input.conversationId ? await selectMessages(db, userId, conversation.id) : [];
  // The model is not given again what the caller can no longer read.
  const readable = await readableAmong(db, actor, saved.flatMap(documentsShownBy));
  const earlier = saved.map((message) => withholdUnreadable(message, readable));
  const userMessage = await insertMessage(db, {
    conversationId: conversation.id,
    userId,
    role: 'user',
    content: input.message,
  });
  await updateConversation(db, userId, conversation.id, { touch: true });
  return {
    userId,
    actor: input.collectionId ? narrowedTo(actor, input.collectionId) : actor,
    first: !input.conversationId,
    conversation,
    userMessage,
    // Answers that failed are left out: the model sees what the user saw completed.
    history: earlier
      .filter((m) => m.status === 'complete' && m.content.length > 0)
      .slice(-HISTORY_MESSAGES)
      .map((m) => ({ role: m.role, content: withToolNote(m) })),
  };
}

const brief = (value: unknown, max = 400) => {
  const json = JSON.stringify(value) ?? 'null';
  return json.length > max ? `${json.slice(0, max)}…` : json;
};

/**
 * An earlier answer as the model sees it again: its text, and a short note of the tools it
 * called, so that a follow-up ("mark it done") can refer to what they returned (task ids).
 * Passages found by search are not repeated: they are numbered afresh with each question.
 */
function withToolNote(message: MessageRow): string {
  if (message.role !== 'assistant' || message.toolCalls.length === 0) return message.content;
  const calls = message.toolCalls.map((call) => {
    const result =
      call.error !== undefined
        ? `error: ${call.error}`
        : call.name === 'search_documents'
          ? 'passages (not repeated)'
          : brief(call.output);
    return `${call.name}(${brief(call.input, 200)}) → ${result}`;
  });
  return `${message.content}\n\n[Tools called for this answer: ${calls.join('; ')}]`;
}

export interface ChatAnswer {
  message: MessageView | null;
  failure?: ChatFailure;
}

/**
 * Runs the agent for a saved user message and saves its answer, reporting events as they
 * come. It never throws: a failure is an `error` event and the answer is saved with status
 * error (with whatever text came before it).
 */
export async function answerChat(
  deps: AgentDeps,
  turn: ChatTurn,
  emit: (event: ChatEvent) => void,
): Promise<ChatAnswer> {
  const { db, logger } = deps;
  const conversationId = turn.conversation.id;
  emit({ type: 'conversation', conversationId, userMessageId: turn.userMessage.id });
  let outcome;
  try {
    outcome = await runAgent(deps, {
      actor: turn.actor,
      message: turn.userMessage.content,
      history: turn.history,
      emit,
    });
  } catch (error) {
    logger.error({ err: error }, 'chat: the agent failed');
    outcome = {
      content: '',
      citations: [],
      toolCalls: [],
      failure: {
        code: 'INTERNAL_ERROR',
        status: 500,
        message: 'something went wrong; see the server log',
      },
    };
  }
  let saved: MessageRow;
  try {
    saved = await insertMessage(db, {
      conversationId,
      userId: turn.userId,
      role: 'assistant',
      content: outcome.content,
      citations: outcome.citations,
      toolCalls: outcome.toolCalls,
      status: outcome.failure ? 'error' : 'complete',
      error: outcome.failure?.message ?? null,
      // After the user's message even within the same millisecond, so the order is kept.
      createdAt: new Date(Math.max(Date.now(), turn.userMessage.createdAt.getTime() + 1)),
    });
    await updateConversation(db, turn.userId, conversationId, { touch: true });
  } catch (error) {
    // The conversation may have been deleted meanwhile.
    logger.error({ err: error }, 'chat: could not save the answer');
    const failure = {
      code: 'NOT_SAVED',
      status: 500,
      message: 'the answer could not be saved; was the conversation deleted?',
    };
    emit({
      type: 'error',
      code: failure.code,
      message: failure.message,
      conversationId,
      messageId: null,
    });
    return { message: null, failure };
  }
  if (outcome.failure) {
    emit({
      type: 'error',
      code: outcome.failure.code,
      message: outcome.failure.message,
      conversationId,
      messageId: saved.id,
    });
    return { message: toMessageView(saved), failure: outcome.failure };
  }
  emit({ type: 'citations', citations: outcome.citations });
  emit({ type: 'done', conversationId, messageId: saved.id });
  return { message: toMessageView(saved) };
}

/**
 * With a model, the first exchange gets a title written by the model, in place of the one
 * from the first words (unless the user renamed the conversation meanwhile). Never throws.
 */
export async function titleFromFirstExchange(
  deps: AgentDeps,
  turn: ChatTurn,
  answer: ChatAnswer,
): Promise<void> {
  if (!turn.first || !answer.message || answer.failure || deps.chat.provider === 'offline') return;
  try {
    const title = await suggestTitle(deps, turn.userMessage.content, answer.message.content);
    if (title)
      await updateConversationTitle(
        deps.db,
        turn.userId,
        turn.conversation.id,
        turn.conversation.title,
        title,
      );
  } catch (error) {
    deps.logger.warn({ err: error }, 'chat: no title from the model; the first words stay');
  }
}
