// A tool: one operation on a user's data with a zod input schema. The same definitions serve
// the MCP server and the chat agent, and call the same services as the REST routes. A tool says
// whether it only reads or changes something, as a route's method does: a token with the `read`
// scope is offered only the tools that read (access/tools.ts).
import type { z } from 'zod';
import type { Actor, Scope } from '../access/actor.js';
import type { Db } from '../db/client.js';

export interface ToolContext {
  db: Db;
  actor: Actor;
  /** Where tools that search look (a chat question's attachments); none: all the actor may read. */
  scope?: { documentIds: readonly string[] };
}

export interface Tool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  /** What the caller's credential must hold to be offered and to run the tool. */
  scope: Scope;
  input: S;
  run(context: ToolContext, input: z.infer<S>): Promise<unknown>;
}

/** Keeps each tool's input type while collecting tools of different shapes in one list. */
export const defineTool = <S extends z.ZodObject>(tool: Tool<S>): Tool => tool;

/**
 * A tool of an external MCP server, offered to the chat agent beside Docket's own: its input
 * schema is the server's JSON Schema, and what it returns is untrusted data.
 */
export interface ExternalTool {
  /** Prefixed with its server's name: `<server>__<tool>`. */
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  run(input: unknown, signal: AbortSignal): Promise<unknown>;
}

/** The external tools of one answer, and how to let their connections go when it ends. */
export interface ExternalTools {
  tools: ExternalTool[];
  close(): Promise<void>;
}
