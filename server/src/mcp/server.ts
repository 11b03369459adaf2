// The MCP server: each tool is one of the shared tool definitions the token's scopes allow,
// run for the token's user.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../lib/errors.js';
import type { Tool, ToolContext } from '../lib/tool.js';
import { VERSION } from '../lib/version.js';

function resultOf(value: unknown): CallToolResult {
  const structured =
    value && typeof value === 'object' ? (value as Record<string, unknown>) : { value };
  return {
    content: [{ type: 'text', text: JSON.stringify(value) }],
    structuredContent: structured,
  };
}

function errorOf(error: unknown): CallToolResult {
  // Expected failures (not found, invalid input) are told to the client; others are not detailed.
  const message = error instanceof AppError ? error.message : 'the tool failed; see the server log';
  return { isError: true, content: [{ type: 'text', text: message }] };
}

export function buildMcpServer(
  tools: readonly Tool[],
  context: ToolContext,
  onError: (e: unknown) => void,
) {
  const server = new McpServer({ name: 'docket', version: VERSION });
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        description: tool.description,
        inputSchema: tool.input,
        // Clients may run a read-only tool without asking; the matrix test reads this too.
        annotations: { readOnlyHint: tool.scope === 'read' },
      },
      async (input) => {
        try {
          return resultOf(await tool.run(context, input));
        } catch (error) {
          if (!(error instanceof AppError)) onError(error);
          return errorOf(error);
        }
      },
    );
  }
  return server;
}
