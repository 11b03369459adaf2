// Diagnostic jobs, private like every route not declared public: each user sees only their own.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import type { JobQueue } from '../../queue/index.js';
import { enqueueBody, enqueuedResponse, jobIdParams, jobResponse } from './schemas.js';
import { describeDiagnostic, startDiagnostic } from './service.js';

export const diagnosticsRoutes: FastifyPluginAsyncZod<{ db: Db; queue: JobQueue }> = async (
  app,
  { db, queue },
) => {
  app.post(
    '/api/diagnostics/jobs',
    {
      schema: {
        tags: ['diagnostics'],
        summary:
          'Enqueue a diagnostic job that a worker runs (one unfinished job per user, 429 beyond)',
        body: enqueueBody.default({}),
        response: { 202: enqueuedResponse },
      },
      config: { access: { object: 'self' } },
    },
    async (request, reply) =>
      reply.status(202).send(await startDiagnostic(db, queue, request.actor, request.body)),
  );

  app.get(
    '/api/diagnostics/jobs/:id',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'State, progress and result of one of your diagnostic jobs',
        params: jobIdParams,
        response: { 200: jobResponse },
      },
      config: { access: { object: 'diagnostic-job' } },
    },
    async (request) => describeDiagnostic(db, queue, request.actor, request.params.id),
  );
};
