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
import type { ChatConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { getDocument } from '../documents/service.js';
import { runAgent, suggestTitle, type AgentDeps, type ChatFailure } from './agent.js';
import { readAttachments } from './attachments.js';
import { documentsShownBy, withholdUnreadable } from './citations.js';
import { branchTo, childrenOf, newestLeafFrom, shownBranch } from './branches.js';
import type { Attachment, ChatEvent } from './events.js';
import { conversationMarkdown, exportHeaders } from './export.js';
import { conversationModel, requestedModel, type ChosenModel } from './models.js';
import {
  countChatRequestsLastMinute,
  deleteConversation,
  insertChatRequest,
  insertConversation,
  insertMessage,
  selectConversation,
  selectConversations,
  selectMessages,
  updateConversation,
  updateConversationCurrentMessage,
  updateConversationTitle,
  type ConversationRow,
  type MessageRow,
} from './queries.js';
import {
  toConversationView,
  toMessageView,
  type ChatInput,
  type ConversationChanges,
  type ConversationWithMessagesView,
  type ExportFormat,
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

/**
 * The conversation with the messages of the branch it shows, each with its siblings; the
 * passages the reader can no longer read withheld.
 */
async function withShownBranch(
  db: Db,
  actor: Actor,
  row: ConversationRow,
): Promise<ConversationWithMessagesView> {
  const messages = await selectMessages(db, ownerFor(actor, 'read'), row.id);
  const branch = shownBranch(messages, row.currentMessageId).map((m) =>
    toMessageView(
      m,
      childrenOf(messages, m.parentId)
        .filter((sibling) => sibling.role === m.role)
        .map((sibling) => sibling.id),
    ),
  );
  const readable = await readableAmong(db, actor, branch.flatMap(documentsShownBy));
  return {
    ...toConversationView(row),
    messages: branch.map((message) => withholdUnreadable(message, readable)),
  };
}

export async function getConversation(db: Db, actor: Actor, id: string) {
  return withShownBranch(db, actor, await ownedConversation(db, ownerFor(actor, 'read'), id));
}

/** The branch a conversation shows, as a file to download. */
export async function exportConversation(db: Db, actor: Actor, id: string, format: ExportFormat) {
  const conversation = await getConversation(db, actor, id);
  const exportedAt = new Date();
  const body =
    format === 'markdown'
      ? conversationMarkdown(conversation, exportedAt)
      : JSON.stringify(
          { format: 'docket.conversation.v1', exportedAt: exportedAt.toISOString(), conversation },
          null,
          2,
        );
  return { headers: exportHeaders(conversation.title, format), body };
}

export async function changeConversation(
  db: Db,
  chat: ChatConfig,
  actor: Actor,
  id: string,
  changes: ConversationChanges,
) {
  const userId = ownerFor(actor, 'write');
  if (changes.model !== undefined) requestedModel(chat, changes.model);
  const row = isUuid(id) ? await updateConversation(db, userId, id, changes) : undefined;
  if (!row) throw notFound('conversation');
  return toConversationView(row);
}

/** Shows the branch through a message of the conversation, to its newest end. */
export async function showBranch(db: Db, actor: Actor, id: string, messageId: string) {
  const userId = ownerFor(actor, 'write');
  const row = await ownedConversation(db, userId, id);
  const leaf = newestLeafFrom(await selectMessages(db, userId, row.id), messageId);
  if (!leaf) throw notFound('message');
  const shown = await updateConversation(db, userId, row.id, { currentMessageId: leaf.id });
  return withShownBranch(db, actor, shown ?? row);
}

export async function removeConversation(db: Db, actor: Actor, id: string): Promise<void> {
  const userId = ownerFor(actor, 'write');
  if (!isUuid(id) || !(await deleteConversation(db, userId, id))) throw notFound('conversation');
}

/**
 * Counts an answer against the per-minute limit, or refuses it (429). Counted in the database
 * from the answers the user started (chat and the OpenAI-compatible API alike), it holds across
 * API processes and restarts. Two requests at the very same moment may both pass: acceptable
 * for a guard on model spend, which is what this is (not a quota).
 */
export async function admitChatRequest(db: Db, userId: string, perMinute: number) {
  if ((await countChatRequestsLastMinute(db, userId)) >= perMinute)
    throw new AppError(
      429,
      'RATE_LIMITED',
      `at most ${perMinute} chat messages a minute (CHAT_RATE_LIMIT_PER_MINUTE); try again in a moment`,
    );
  await insertChatRequest(db, userId);
}

export interface ChatTurn {
  userId: string;
  /** Whom the agent reads documents for: the caller, within the turn's collection if given. */
  actor: Actor;
  /** The conversation starts with this turn: its title comes from this exchange. */
  first: boolean;
  conversation: ConversationRow;
  userMessage: MessageRow;
  model: ChosenModel;
  history: { role: 'user' | 'assistant'; content: string }[];
}

/** Documents the caller may read, as a question's attachments; 404 for any other. */
async function attachmentsOf(db: Db, actor: Actor, ids: readonly string[]): Promise<Attachment[]> {
  const unique = [...new Set(ids)];
  return Promise.all(
    unique.map(async (documentId) => ({
      documentId,
      title: (await getDocument(db, actor, documentId)).title,
    })),
  );
}

/** What is asked and where it goes in the tree: a new question, an edit, or the last one again. */
async function questionOf(
  db: Db,
  actor: Actor,
  input: ChatInput,
  conversation: ConversationRow | undefined,
  earlier: MessageRow[],
): Promise<{ content: string; attachments: Attachment[]; parentId: string | null }> {
  const attached = () => attachmentsOf(db, actor, input.attachments ?? []);
  if (input.regenerate) {
    const shown = shownBranch(earlier, conversation?.currentMessageId ?? null);
    const last = shown.findLast((m) => m.role === 'user');
    if (!last)
      throw new AppError(409, 'NOTHING_TO_REGENERATE', 'this conversation has no question yet');
    return { content: last.content, attachments: last.attachments, parentId: last.parentId };
  }
  if (input.editMessageId) {
    const edited = earlier.find((m) => m.id === input.editMessageId && m.role === 'user');
    if (!edited) throw notFound('message');
    return {
      content: input.message!,
      attachments: input.attachments ? await attached() : edited.attachments,
      parentId: edited.parentId,
    };
  }
  const shown = shownBranch(earlier, conversation?.currentMessageId ?? null);
  return {
    content: input.message!,
    attachments: await attached(),
    parentId: shown.at(-1)?.id ?? null,
  };
}

/**
 * Checks the conversation, the model, the attachments and the rate limit, then saves the
 * user's message: all before any answer starts, so that these failures are plain HTTP errors.
 */
export async function beginChat(
  db: Db,
  chat: ChatConfig,
  actor: Actor,
  input: ChatInput,
): Promise<ChatTurn> {
  const userId = ownerFor(actor, 'read');
  if (input.collectionId) await requireVisibleCollections(db, actor, [input.collectionId]);
  const existing = input.conversationId
    ? await ownedConversation(db, userId, input.conversationId)
    : undefined;
  const model =
    input.model !== undefined
      ? requestedModel(chat, input.model)
      : conversationModel(chat, existing?.model ?? null);
  const saved = existing ? await selectMessages(db, userId, existing.id) : [];
  // The model is not given again what the caller can no longer read.
  const readable = await readableAmong(db, actor, saved.flatMap(documentsShownBy));
  const earlier = saved.map((message) => withholdUnreadable(message, readable));
  const question = await questionOf(db, actor, input, existing, earlier);
  await admitChatRequest(db, userId, chat.rateLimitPerMinute);
  const conversation =
    existing ??
    (await insertConversation(db, {
      userId,
      title: titleFrom(question.content),
      model: input.model ?? null,
    }));
  const userMessage = await insertMessage(db, {
    conversationId: conversation.id,
    userId,
    parentId: question.parentId,
    role: 'user',
    content: question.content,
    attachments: question.attachments,
  });
  await updateConversation(db, userId, conversation.id, {
    touch: true,
    currentMessageId: userMessage.id,
    ...(input.model !== undefined && existing ? { model: input.model } : {}),
  });
  return {
    userId,
    actor: input.collectionId ? narrowedTo(actor, input.collectionId) : actor,
    first: !existing,
    conversation,
    userMessage,
    model,
    // Answers that failed are left out: the model sees what the user saw completed.
    history: branchTo(earlier, question.parentId)
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

const INTERNAL_FAILURE: ChatFailure = {
  code: 'INTERNAL_ERROR',
  status: 500,
  message: 'something went wrong; see the server log',
};

/**
 * Waits for the question's attachments, runs the agent for the saved user message and saves
 * its answer, reporting events as they come. It never throws: a failure is an `error` event
 * and the answer is saved with status error (with whatever text came before it).
 */
export async function answerChat(
  deps: AgentDeps,
  turn: ChatTurn,
  emit: (event: ChatEvent) => void,
): Promise<ChatAnswer> {
  const { db, logger } = deps;
  const conversationId = turn.conversation.id;
  const question = turn.userMessage;
  emit({ type: 'conversation', conversationId, userMessageId: question.id });
  let outcome;
  try {
    const unread = await readAttachments(deps, turn.actor, question.attachments, emit);
    outcome = unread
      ? { content: '', citations: [], toolCalls: [], failure: unread }
      : await runAgent(deps, {
          actor: turn.actor,
          message: question.content,
          history: turn.history,
          model: turn.model.config,
          documentIds: question.attachments.map((a) => a.documentId),
          emit,
        });
  } catch (error) {
    logger.error({ err: error }, 'chat: the agent failed');
    outcome = { content: '', citations: [], toolCalls: [], failure: INTERNAL_FAILURE };
  }
  let saved: MessageRow;
  try {
    saved = await insertMessage(db, {
      conversationId,
      userId: turn.userId,
      parentId: question.id,
      role: 'assistant',
      content: outcome.content,
      citations: outcome.citations,
      toolCalls: outcome.toolCalls,
      model: turn.model.id,
      status: outcome.failure ? 'error' : 'complete',
      error: outcome.failure?.message ?? null,
      // After the user's message even within the same millisecond, so the order is kept.
      createdAt: new Date(Math.max(Date.now(), question.createdAt.getTime() + 1)),
    });
    await updateConversationCurrentMessage(db, turn.userId, conversationId, question.id, saved.id);
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
  const model = turn.model.config;
  if (!turn.first || !answer.message || answer.failure || !model) return;
  try {
    const title = await suggestTitle(deps, model, turn.userMessage.content, answer.message.content);
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
