// Administrators' routes for external MCP servers (docs/mcp.md#mcp-client): admin-only by the
// route's own config, like every administration route.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import {
  changeMcpServerBody,
  createMcpServerBody,
  mcpServerIdParams,
  mcpServerListResponse,
  mcpServerResponse,
  mcpServerToolsResponse,
} from './schemas.js';
import {
  addMcpServer,
  changeMcpServer,
  checkMcpServer,
  listMcpServers,
  removeMcpServer,
  type McpClientSettings,
} from './service.js';

export const mcpServerRoutes: FastifyPluginAsyncZod<{
  db: Db;
  settings: McpClientSettings;
}> = async (app, { db, settings }) => {
  const tags = ['administration'];
  const config = { admin: true } as const;

  app.get(
    '/api/admin/mcp-servers',
    {
      config,
      schema: {
        tags,
        summary: 'The external MCP servers whose tools the assistant may use (no secrets)',
        response: { 200: mcpServerListResponse },
      },
    },
    async () => listMcpServers(db),
  );
  app.post(
    '/api/admin/mcp-servers',
    {
      config,
      schema: {
        tags,
        summary:
          'Register an external MCP server (Streamable HTTP); its tools join the assistant’s',
        body: createMcpServerBody,
        response: { 201: mcpServerResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addMcpServer(db, settings, request.body)),
  );
  app.patch(
    '/api/admin/mcp-servers/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Rename, move, switch off or on an MCP server, or change its secret (null: none)',
        params: mcpServerIdParams,
        body: changeMcpServerBody,
        response: { 200: mcpServerResponse },
      },
    },
    async (request) => changeMcpServer(db, settings, request.params.id, request.body),
  );
  app.delete(
    '/api/admin/mcp-servers/:id',
    {
      config,
      schema: { tags, summary: 'Forget an MCP server', params: mcpServerIdParams },
    },
    async (request, reply) => {
      await removeMcpServer(db, request.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/admin/mcp-servers/:id/tools',
    {
      config,
      schema: {
        tags,
        summary: 'Connect to an MCP server now and list its tools as the assistant gets them',
        params: mcpServerIdParams,
        response: { 200: mcpServerToolsResponse },
      },
    },
    async (request) => checkMcpServer(db, settings, request.params.id),
  );
};
