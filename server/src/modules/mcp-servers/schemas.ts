import { z } from 'zod';
import { idParams, line } from '../../lib/input.js';
import type { McpServerRow } from './queries.js';

const name = line.regex(
  /^[a-z][a-z0-9-]{0,23}$/,
  'lower-case letters, digits and dashes, starting with a letter, at most 24 characters',
);

/** Syntax only: where the host resolves to is checked on every connection (SSRF rules). */
const url = line.max(2000).refine((value) => {
  try {
    const parsed = new URL(value);
    return (
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
      !parsed.username &&
      !parsed.password
    );
  } catch {
    return false;
  }
}, 'expected an http(s) URL without user:password@ (send a secret instead)');

const secret = line.min(1).max(4096);

export const createMcpServerBody = z.strictObject({
  /** Its tools' prefix: `<name>__<tool>`. */
  name,
  url,
  /** Sent as `Authorization: Bearer …`; stored sealed, never shown again. */
  secret: secret.optional(),
  enabled: z.boolean().default(true),
});
export type NewMcpServer = z.infer<typeof createMcpServerBody>;

export const changeMcpServerBody = z
  .strictObject({
    name: name.optional(),
    url: url.optional(),
    /** null removes it. */
    secret: secret.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one change');
export type McpServerChanges = z.infer<typeof changeMcpServerBody>;

export const mcpServerIdParams = idParams;

export const mcpServerResponse = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  /** Whether a secret is stored; the secret itself is never answered. */
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type McpServerView = z.infer<typeof mcpServerResponse>;

export function toMcpServerView(row: McpServerRow): McpServerView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    hasSecret: row.sealedSecret !== null,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const mcpServerListResponse = z.object({ items: z.array(mcpServerResponse) });

export const mcpServerToolsResponse = z.object({
  tools: z.array(
    z.object({
      /** As the chat agent is offered it: `<server>__<tool>`. */
      name: z.string(),
      /** As the server calls it. */
      tool: z.string(),
      description: z.string(),
    }),
  ),
});
