// Names for what the API answers, each taken from the generated OpenAPI types (schema.d.ts,
// `npm run api:types`): nothing here is copied from the server by hand. Chat's streamed
// events are not in the document (it describes JSON answers): they are the server's own
// types, type-only, erased from the bundle.
import type { ResponseOf } from './client';

export type {
  AttachmentProgress,
  ChatEvent,
  Citation,
  ToolCallRecord,
} from '../../../server/src/modules/chat/events';

/** Better Auth's session user: its routes are not in the OpenAPI document. */
export interface User {
  id: string;
  email: string;
  name: string;
  /** Administrators also see the Users page. */
  role: 'admin' | 'user';
}

export type Task = ResponseOf<'/api/tasks/{id}', 'get'>;

export type DocumentItem = ResponseOf<'/api/documents/{id}', 'get'>;
export type DocumentStatus = DocumentItem['status'];

export type ConversationWithMessages = ResponseOf<'/api/conversations/{id}', 'get'>;
export type Conversation = ResponseOf<'/api/conversations', 'get'>['items'][number];
export type Message = ConversationWithMessages['messages'][number];

export type ApiToken = ResponseOf<'/api/tokens', 'get'>['items'][number];
/** The answer is the only time the token itself is ever shown. */
export type CreatedToken = ResponseOf<'/api/tokens', 'post'>;

export type Settings = ResponseOf<'/api/settings', 'get'>;

/** An account, as the Users page lists it (administrators only). */
export type Account = ResponseOf<'/api/users', 'get'>['items'][number];
export type Role = Account['role'];
export type Invite = ResponseOf<'/api/users/invites', 'get'>['items'][number];
/** The answer is the only time the invitation's link is ever shown. */
export type CreatedInvite = ResponseOf<'/api/users/invites', 'post'>;

/** What an administrator changes while the server runs: who may sign up. */
export type ServerSettings = ResponseOf<'/api/settings/server', 'get'>;
export type SignupMode = ServerSettings['signupMode'];
export type ChatModel = Settings['chat']['models'][number];

export type McpServer = ResponseOf<'/api/admin/mcp-servers', 'get'>['items'][number];

/** A collection you own or are a member of, with your `role` in it. */
export type Collection = ResponseOf<'/api/collections/{id}', 'get'>;
export type CollectionRole = Collection['role'];
export type Member = ResponseOf<'/api/collections/{id}/members', 'get'>['items'][number];
export type MemberRole = Member['role'];
