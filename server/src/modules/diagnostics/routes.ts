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
        summary: 'Enqueue a diagnostic job that a worker runs',
        body: enqueueBody.default({}),
        response: { 202: enqueuedResponse },
      },
    },
    async (request, reply) => reply.status(202).send(await startDiagnostic(queue, request.body)),
  );

  app.get(
    '/api/diagnostics/jobs/:id',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'State, progress and result of a diagnostic job',
        params: jobIdParams,
        response: { 200: jobResponse },
      },
    },
    async (request) => describeDiagnostic(queue, db, request.params.id),
  );
};
