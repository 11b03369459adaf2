import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import { PUBLIC_ROUTE } from '../../http/authenticate.js';
import type { JobQueue } from '../../queue/index.js';
import { liveResponse, readyResponse } from './schemas.js';
import { checkReadiness } from './service.js';

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db; queue: JobQueue }> = async (
  app,
  { db, queue },
) => {
  app.get(
    '/api/health/live',
    {
      schema: { tags: ['health'], summary: 'The process is up', response: { 200: liveResponse } },
      logLevel: 'warn',
      config: PUBLIC_ROUTE,
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Database reachable, schema current, job queue reachable',
        response: { 200: readyResponse, 503: readyResponse },
      },
      logLevel: 'warn',
      config: PUBLIC_ROUTE,
    },
    async (_request, reply) => {
      const report = await checkReadiness(db, queue);
      return reply.status(report.status === 'ready' ? 200 : 503).send(report);
    },
  );
};
