// What the chat page tests share: a conversation's messages, the routes every chat page reads,
// and the page rendered at an address as the app's route does.
import { Route } from 'wouter';
import type { Citation, Conversation, ConversationWithMessages, Message } from '../src/api/types';
import { ChatPage } from '../src/chat/ChatPage';
import { json, type Routes } from './fakeApi';
import { renderPage } from './render';

export const ID = '00000000-0000-4000-8000-00000000c001';
export const QUESTION = 'What does the keeper polish on Tuesdays?';
export const CITATION: Citation = {
  index: 1,
  documentId: 'd1',
  chunkId: 'k1',
  title: 'lighthouse notes',
  text: 'The keeper polishes the brass lens with walnut oil every Tuesday.',
};
export const AT = '2026-05-01T10:00:00.000Z';

export const message = (
  role: Message['role'],
  content: string,
  changes: Partial<Message> = {},
): Message => ({
  id: `${role}-${content.length}`,
  role,
  content,
  citations: [],
  toolCalls: [],
  status: 'complete',
  error: null,
  createdAt: AT,
  attachments: [],
  model: null,
  parentId: null,
  siblingIds: [],
  ...changes,
});

export const conversation = (title: string, messages: Message[]): ConversationWithMessages => ({
  id: ID,
  title,
  createdAt: AT,
  updatedAt: AT,
  model: null,
  messages,
});

export const listed = (...items: Conversation[]) => json({ items, nextCursor: null });

/** The routes every chat page reads: settings (offline), the conversation list, no collections. */
export const pageRoutes = (list: () => Conversation[], chat: object = {}): Routes => ({
  'GET /api/settings': () =>
    json({
      version: '0.1.0',
      chat: { provider: 'offline', models: [], defaultModel: 'offline', ...chat },
      embeddings: {},
      uploadMaxBytes: 1,
    }),
  'GET /api/conversations': () => listed(...list()),
  'GET /api/collections': () => json({ items: [], nextCursor: null }),
});

export const answer = message('assistant', 'Walnut oil, on the brass lens [1].', {
  citations: [CITATION],
});

/** The chat page at `path`, following the address as the app's route does. */
export const renderChat = (path: string) =>
  renderPage(<Route path="/chat/:id?">{({ id }) => <ChatPage conversationId={id} />}</Route>, {
    path,
  });
