// Streamable HTTP at /api/mcp, stateless: every POST gets its own server for its user. The MCP
// SDK (about 24 MB resident with its dependencies) is loaded by the first MCP request, not at
// start: most servers never get one.
import type { FastifyPluginAsync } from 'fastify';
import { toolsFor } from '../access/tools.js';
import type { Db } from '../db/client.js';
import type { Tool } from '../lib/tool.js';

let sdk:
  | Promise<
      [
        typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
        typeof import('./server.js'),
      ]
    >
  | undefined;
const loadMcp = () =>
  (sdk ??= Promise.all([
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('./server.js'),
  ]));

export const mcpRoutes: FastifyPluginAsync<{ db: Db; tools: readonly Tool[] }> = async (
  app,
  { db, tools },
) => {
  app.post(
    '/api/mcp',
    {
      schema: { tags: ['mcp'], summary: 'Model Context Protocol (Streamable HTTP)' },
      // Every message is a POST: listing and reading tools only needs `read`; each tool that
      // changes something needs `write`, and a `read` token is not offered it (access/tools.ts).
      config: { access: { object: 'self', scope: 'read' } },
    },
    async (request, reply) => {
      const [{ StreamableHTTPServerTransport }, { buildMcpServer }] = await loadMcp();
      const { actor } = request;
      const server = buildMcpServer(toolsFor(actor, tools), { db, actor }, (error) =>
        request.log.error({ err: error }, 'MCP tool failed'),
      );
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      reply.hijack();
      await transport.handleRequest(request.raw, reply.raw, request.body);
    },
  );

  const notAllowed = {
    error: { code: 'METHOD_NOT_ALLOWED', message: 'this MCP server is stateless: use POST' },
  };
  const stateless = { schema: { hide: true }, config: { access: { object: 'self' } } } as const;
  app.get('/api/mcp', stateless, async (_request, reply) => reply.status(405).send(notAllowed));
  app.delete('/api/mcp', stateless, async (_request, reply) => reply.status(405).send(notAllowed));
};
