// External MCP servers: administrators register them (a Streamable HTTP URL, an optional bearer
// secret, stored sealed), and every answer with a model connects to the enabled ones and offers
// their tools to the agent as `<server>__<tool>`. Every connection goes through the SSRF rules
// (lib/pinned-fetch.ts); a server that cannot be reached is left out of that answer, logged.
import type { FastifyBaseLogger } from 'fastify';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/ids.js';
import { BlockedUrlError } from '../../lib/safe-fetch.js';
import { secretBox, type SecretBox } from '../../lib/secret-box.js';
import type { ExternalTool, ExternalTools } from '../../lib/tool.js';
import type { McpConnection } from '../../mcp/client.js';
import {
  deleteMcpServer,
  insertMcpServer,
  selectEnabledMcpServers,
  selectMcpServer,
  selectMcpServers,
  updateMcpServer,
  type McpServerRow,
} from './queries.js';
import {
  toMcpServerView,
  type McpServerChanges,
  type McpServerView,
  type NewMcpServer,
} from './schemas.js';

/** What connecting to an external MCP server needs from the configuration. */
export interface McpClientSettings {
  box: SecretBox;
  allowedHosts: readonly string[];
  /** For connecting, listing tools, and each call. */
  timeoutMs: number;
}

export const mcpClientSettings = (
  config: Pick<Config, 'authSecret' | 'mcpAllowedHosts' | 'chat'>,
): McpClientSettings => ({
  box: secretBox(config.authSecret, 'mcp server secrets'),
  allowedHosts: config.mcpAllowedHosts,
  timeoutMs: Math.min(config.chat.timeoutMs, 30_000),
});

/** A tool result longer than this is cut before the model sees it. */
const MAX_RESULT_CHARS = 20_000;
/** The AI SDK's and providers' limit on a tool's name. */
const MAX_TOOL_NAME = 64;

let client: Promise<typeof import('../../mcp/client.js')> | undefined;
const loadClient = () => (client ??= import('../../mcp/client.js'));

async function ownedServer(db: Db, id: string) {
  const row = isUuid(id) ? await selectMcpServer(db, id) : undefined;
  if (!row) throw notFound('MCP server');
  return row;
}

async function assertNameFree(db: Db, name: string, except?: string) {
  const taken = (await selectMcpServers(db)).some((s) => s.name === name && s.id !== except);
  if (taken)
    throw new AppError(409, 'NAME_TAKEN', `an MCP server is already named "${name}"`, [
      { field: 'body.name', message: 'already taken' },
    ]);
}

export async function listMcpServers(db: Db) {
  return { items: (await selectMcpServers(db)).map(toMcpServerView) };
}

export async function addMcpServer(
  db: Db,
  settings: McpClientSettings,
  input: NewMcpServer,
): Promise<McpServerView> {
  await assertNameFree(db, input.name);
  const row = await insertMcpServer(db, {
    name: input.name,
    url: input.url,
    sealedSecret: input.secret === undefined ? null : settings.box.seal(input.secret),
    enabled: input.enabled,
  });
  return toMcpServerView(row);
}

export async function changeMcpServer(
  db: Db,
  settings: McpClientSettings,
  id: string,
  changes: McpServerChanges,
): Promise<McpServerView> {
  const row = await ownedServer(db, id);
  if (changes.name !== undefined) await assertNameFree(db, changes.name, row.id);
  const { secret, ...others } = changes;
  const updated = await updateMcpServer(db, row.id, {
    ...others,
    ...(secret === undefined
      ? {}
      : { sealedSecret: secret === null ? null : settings.box.seal(secret) }),
  });
  if (!updated) throw notFound('MCP server');
  return toMcpServerView(updated);
}

export async function removeMcpServer(db: Db, id: string): Promise<void> {
  if (!isUuid(id) || !(await deleteMcpServer(db, id))) throw notFound('MCP server');
}

/** `<server>__<tool>`, in the characters tool names may have; undefined when too long. */
function prefixed(server: string, tool: string): string | undefined {
  const name = `${server}__${tool.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return name.length <= MAX_TOOL_NAME ? name : undefined;
}

class UnreadableSecretError extends Error {}

async function connect(
  server: McpServerRow,
  settings: McpClientSettings,
  signal: AbortSignal,
): Promise<McpConnection> {
  const secret = server.sealedSecret === null ? undefined : settings.box.open(server.sealedSecret);
  if (server.sealedSecret !== null && secret === undefined)
    throw new UnreadableSecretError(
      `the secret of the MCP server "${server.name}" cannot be read (was AUTH_SECRET changed?): enter it again`,
    );
  const { connectMcp } = await loadClient();
  return connectMcp(
    { url: server.url, secret },
    { allowedHosts: settings.allowedHosts, timeoutMs: settings.timeoutMs },
    AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutMs)]),
  );
}

/** The refusal or failure of a connection, found in the error or its causes. */
function blockedIn(error: unknown): BlockedUrlError | undefined {
  for (let at = error; at instanceof Error; at = at.cause)
    if (at instanceof BlockedUrlError) return at;
  return undefined;
}

/** A connection's failure in a line; the MCP SDK's HTTP errors carry their status as `code`. */
function messageOf(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const status = (error as { code?: unknown } | null)?.code;
  if (typeof status !== 'number' || status < 400 || status > 599) return message;
  const hint = status === 401 || status === 403 ? ': check its secret' : '';
  return `HTTP ${status}${hint} (${message})`;
}

/** Connects to a registered server and lists its tools as the agent would be offered them. */
export async function checkMcpServer(db: Db, settings: McpClientSettings, id: string) {
  const server = await ownedServer(db, id);
  let connection: McpConnection;
  try {
    connection = await connect(server, settings, AbortSignal.timeout(settings.timeoutMs));
  } catch (error) {
    const blocked = blockedIn(error);
    if (blocked)
      throw new AppError(
        400,
        'URL_NOT_ALLOWED',
        `${blocked.message} (a private host must be listed in MCP_ALLOWED_HOSTS)`,
      );
    if (error instanceof UnreadableSecretError)
      throw new AppError(409, 'SECRET_UNREADABLE', error.message);
    throw new AppError(502, 'MCP_UNREACHABLE', `could not use the MCP server: ${messageOf(error)}`);
  }
  try {
    return {
      tools: connection.tools.flatMap((tool) => {
        const name = prefixed(server.name, tool.name);
        return name ? [{ name, tool: tool.name, description: tool.description }] : [];
      }),
    };
  } finally {
    await connection.close().catch(() => {});
  }
}

const textOf = (result: CallToolResult) =>
  result.content
    .map((part) => (part.type === 'text' ? part.text : `[${part.type}]`))
    .join('\n')
    .slice(0, MAX_RESULT_CHARS);

/** A tool's result as the model gets it; a result marked as an error is a failed call. */
function outputOf(result: CallToolResult): unknown {
  if (result.isError) throw new Error(textOf(result) || 'the tool failed');
  const structured = result.structuredContent;
  if (structured && JSON.stringify(structured).length <= MAX_RESULT_CHARS) return structured;
  return { text: textOf(result) };
}

/**
 * The enabled servers' tools for one answer, each server connected once; `signal` ends the
 * connections with the answer. Servers that cannot be reached are left out and logged.
 */
export async function openMcpTools(
  db: Db,
  settings: McpClientSettings,
  logger: Pick<FastifyBaseLogger, 'warn'>,
  signal: AbortSignal,
): Promise<ExternalTools> {
  const servers = await selectEnabledMcpServers(db);
  const connections = await Promise.all(
    servers.map(async (server) => {
      try {
        return { server, connection: await connect(server, settings, signal) };
      } catch (error) {
        logger.warn(
          { server: server.name, detail: messageOf(error) },
          'chat: an MCP server is left out of this answer',
        );
        return undefined;
      }
    }),
  );
  const tools: ExternalTool[] = [];
  for (const { server, connection } of connections.filter((c) => c !== undefined))
    for (const tool of connection.tools) {
      const name = prefixed(server.name, tool.name);
      if (!name || tools.some((t) => t.name === name)) {
        logger.warn({ server: server.name, tool: tool.name }, 'chat: an MCP tool name is unusable');
        continue;
      }
      tools.push({
        name,
        description:
          `${tool.description} (a tool of the external MCP server "${server.name}")`.trim(),
        inputSchema: tool.inputSchema,
        run: async (input, callSignal) =>
          outputOf(await connection.call(tool.name, input, callSignal)),
      });
    }
  return {
    tools,
    close: async () => {
      await Promise.allSettled(connections.map((c) => c?.connection.close() ?? Promise.resolve()));
    },
  };
}
