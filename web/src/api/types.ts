// The shapes the API answers with (see /api/docs); kept in step with server/src/modules/*/schemas.ts.

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Task {
  id: string;
  title: string;
  notes: string;
  status: 'open' | 'done';
  priority: 'low' | 'normal' | 'high';
  dueDate: string | null;
  tags: string[];
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed';

export interface DocumentItem {
  id: string;
  title: string;
  source: 'upload' | 'url' | 'text';
  sourceUrl: string | null;
  fileName: string | null;
  kind: 'pdf' | 'html' | 'markdown' | 'text' | null;
  sizeBytes: number;
  status: DocumentStatus;
  progress: number;
  error: string | null;
  chunkCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Citation {
  index: number;
  documentId: string;
  chunkId: string;
  title: string;
  page?: number;
  heading?: string;
  text: string;
}

export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
  output?: unknown;
  error?: string;
}

export interface Message {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  citations: Citation[];
  toolCalls: ToolCall[];
  status: 'complete' | 'error';
  error: string | null;
  createdAt: string;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationWithMessages extends Conversation {
  messages: Message[];
}

/** One server-sent event of a chat answer, in order (see docs/chat.md). */
export type ChatEvent =
  | { type: 'conversation'; conversationId: string; userMessageId: string }
  | { type: 'text'; text: string }
  | { type: 'tool-call'; id: string; name: string; input: unknown }
  | { type: 'tool-result'; id: string; name: string; output?: unknown; error?: string }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'done'; conversationId: string; messageId: string }
  | {
      type: 'error';
      code: string;
      message: string;
      conversationId: string;
      messageId: string | null;
    };

export interface ApiToken {
  id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart; never the secret. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface Settings {
  version: string;
  chat: {
    provider: 'offline' | 'openai';
    model: string | null;
    endpoint: string | null;
    maxSteps: number;
  };
  embeddings: {
    provider: 'offline' | 'openai';
    model: string;
    dimensions: number;
    endpoint: string | null;
  };
  uploadMaxBytes: number;
}
