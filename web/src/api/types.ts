// The shapes the API answers with (see /api/docs); kept in step with server/src/modules/*/schemas.ts.
// Chat's streamed events are the server's own types: type-only, erased from the bundle.
import type { Citation, ToolCallRecord } from '../../../server/src/modules/chat/events';

export type { ChatEvent, Citation, ToolCallRecord } from '../../../server/src/modules/chat/events';

export interface User {
  id: string;
  email: string;
  name: string;
  /** Administrators also see the Users page. */
  role: 'admin' | 'user';
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
  kind:
    | 'pdf'
    | 'html'
    | 'markdown'
    | 'text'
    | 'csv'
    | 'code'
    | 'docx'
    | 'xlsx'
    | 'pptx'
    | 'epub'
    | null;
  sizeBytes: number;
  status: DocumentStatus;
  progress: number;
  error: string | null;
  chunkCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Message {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  citations: Citation[];
  toolCalls: ToolCallRecord[];
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
