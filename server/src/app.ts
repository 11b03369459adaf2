// Builds the Fastify app with no side effects: no listen, no signals. Tests use app.inject().
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { requireAuthentication } from './http/authenticate.js';
import { registerDocs } from './http/docs.js';
import { answerFrameworkError, registerErrorHandling, notFoundBody } from './http/errors.js';
import { registerJsonBody } from './http/json-body.js';
import { registerMetrics } from './http/metrics.js';
import { registerRequestLog } from './http/request-log.js';
import { registerResponseHeaders } from './http/response-headers.js';
import { isApiPath, registerWeb } from './http/web.js';
import type { Logger } from './lib/logger.js';
import { VERSION } from './lib/version.js';
import { mcpRoutes } from './mcp/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { chatRoutes } from './modules/chat/routes.js';
import { collectionRoutes } from './modules/collections/routes.js';
import { createChatTurns } from './modules/chat/turns.js';
import { authLoader } from './modules/auth/service.js';
import { diagnosticsRoutes } from './modules/diagnostics/routes.js';
import { documentRoutes } from './modules/documents/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { mcpServerRoutes } from './modules/mcp-servers/routes.js';
import { mcpClientSettings, openMcpTools } from './modules/mcp-servers/service.js';
import { openAiRoutes } from './modules/openai-api/routes.js';
import { searchRoutes } from './modules/search/routes.js';
import { searchTools } from './modules/search/tools.js';
import { settingsRoutes } from './modules/settings/routes.js';
import { taskRoutes } from './modules/tasks/routes.js';
import { taskTools } from './modules/tasks/tools.js';
import { tokenRoutes } from './modules/tokens/routes.js';
import { userRoutes } from './modules/users/routes.js';
import type { JobQueue } from './queue/index.js';

export interface AppDeps {
  config: Config;
  db: Db;
  queue: JobQueue;
  logger: Logger;
  /** Serve the built web app too (the embedded `all` role). */
  serveWeb: boolean;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** A hop count trusts that many proxies in front of us (Fastify's types take it as a function). */
function trustProxyOption(trust: Config['trustProxy']) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

export async function buildApp({
  config,
  db,
  queue,
  logger,
  serveWeb,
}: AppDeps): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface, so plugins see the default instance type.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance,
    // One line per request instead of Fastify's two (http/request-log.ts).
    disableRequestLogging: true,
    // genReqId reads x-request-id itself, so that a malformed one is replaced, not trusted.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Fastify's defaults wait forever for a slow client; bound them.
    requestTimeout: 60_000,
    connectionTimeout: 60_000,
    // JSON bodies; the upload route streams its files under its own limit.
    bodyLimit: config.jsonBodyMaxBytes,
    frameworkErrors: answerFrameworkError,
    trustProxy: trustProxyOption(config.trustProxy),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerJsonBody(app);
  registerRequestLog(app);

  registerResponseHeaders(app);

  await registerDocs(app, VERSION);
  registerMetrics(app, queue);
  // Better Auth is loaded once the server listens, so that readiness does not wait for it.
  const loadAuth = authLoader(db, config);
  app.addHook('onListen', (done) => {
    loadAuth().catch((error: unknown) =>
      app.log.error({ err: error }, 'could not load Better Auth'),
    );
    done();
  });
  requireAuthentication(app, db, loadAuth, new URL(config.publicUrl).origin);
  await app.register(healthRoutes, { db, queue });
  await app.register(authRoutes, { loadAuth, db, config });
  await app.register(tokenRoutes, { db });
  await app.register(taskRoutes, { db });
  await app.register(documentRoutes, { db, queue, config });
  await app.register(collectionRoutes, { db });
  const search = { embeddings: config.embeddings, rerank: config.rerank, logger: app.log };
  await app.register(searchRoutes, { db, search });
  // One set of tools for MCP clients and the chat agent, on the same services as the routes.
  const tools = [...taskTools, ...searchTools(search)];
  await app.register(mcpRoutes, { db, tools });
  // External MCP servers' tools join those for answers with a model (administrators add them).
  const mcpClient = mcpClientSettings(config);
  await app.register(mcpServerRoutes, { db, settings: mcpClient });
  // Answers in flight are ended and awaited when the server closes.
  const turns = createChatTurns({
    db,
    config,
    tools,
    externalTools: (logger, signal) => openMcpTools(db, mcpClient, logger, signal),
  });
  app.addHook('preClose', () => turns.close());
  await app.register(chatRoutes, { db, config, turns });
  await app.register(openAiRoutes, { prefix: '/v1', db, config, turns });
  await app.register(settingsRoutes, { db, config });
  await app.register(userRoutes, { db, loadAuth, config });
  await app.register(diagnosticsRoutes, { db, queue });

  const sendAppPage = serveWeb ? await registerWeb(app, config.webDir) : undefined;
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage = request.method === 'GET' || request.method === 'HEAD';
    if (sendAppPage && wantsPage && !isApiPath(request.url)) return sendAppPage(reply);
    return reply.status(404).send(notFoundBody(request.url));
  });
  return app;
}
