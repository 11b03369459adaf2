// The tools an actor is offered (MCP's tool list, the chat agent's): those its credential's
// scopes allow, so a `read` token never sees a tool that changes something. The services behind
// the tools check the same scopes again (owned.ts, documents.ts), for a call made regardless.
import type { Tool } from '../lib/tool.js';
import { hasScope, type Actor } from './actor.js';

export const toolsFor = (actor: Actor, tools: readonly Tool[]): Tool[] =>
  tools.filter((tool) => hasScope(actor, tool.scope));
