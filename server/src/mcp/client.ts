// The MCP client: Streamable HTTP to an external MCP server, through a fetch that applies the
// SSRF rules to every request (lib/pinned-fetch.ts). Loaded by the first answer or check that
// needs it (the SDK is about 24 MB resident), never at start.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { pinnedFetch, type PinnedFetchOptions } from '../lib/pinned-fetch.js';
import { VERSION } from '../lib/version.js';

export interface RemoteTool {
  name: string;
  description: string;
  /** A JSON Schema of an object, as the server declared it. */
  inputSchema: Record<string, unknown>;
}

export interface McpConnection {
  tools: RemoteTool[];
  call(name: string, input: unknown, signal: AbortSignal): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface McpTarget {
  url: string;
  /** Sent as `Authorization: Bearer …`. */
  secret: string | undefined;
}

/** Connects (initialize), lists the server's tools, and keeps the session for calls. */
export async function connectMcp(
  target: McpTarget,
  options: Omit<PinnedFetchOptions, 'userAgent'>,
  signal: AbortSignal,
): Promise<McpConnection> {
  const client = new Client({ name: 'docket', version: VERSION });
  const transport = new StreamableHTTPClientTransport(new URL(target.url), {
    fetch: pinnedFetch({ ...options, userAgent: `Docket/${VERSION} (MCP client)` }),
    requestInit: target.secret ? { headers: { authorization: `Bearer ${target.secret}` } } : {},
    // Reconnecting a dropped event stream is not worth it within one answer.
    reconnectionOptions: {
      maxReconnectionDelay: 1000,
      initialReconnectionDelay: 1000,
      reconnectionDelayGrowFactor: 1,
      maxRetries: 0,
    },
  });
  const timeout = options.timeoutMs;
  try {
    await client.connect(transport, { signal, timeout });
    const tools: RemoteTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, { signal, timeout });
      for (const tool of page.tools)
        tools.push({
          name: tool.name,
          description: tool.description ?? tool.title ?? '',
          inputSchema: tool.inputSchema,
        });
      cursor = page.nextCursor;
    } while (cursor && tools.length < 1000);
    return {
      tools,
      call: async (name, input, callSignal) =>
        (await client.callTool(
          { name, arguments: (input ?? {}) as Record<string, unknown> },
          undefined,
          { signal: callSignal, timeout },
        )) as CallToolResult,
      close: () => client.close(),
    };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}
