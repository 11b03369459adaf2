// OpenAPI 3 generated from the routes' zod schemas: JSON at /api/docs/json, UI at /api/docs,
// both public (the description of the API is no secret; the routes it lists are guarded).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { registerPublic } from './authenticate.js';

export async function registerDocs(app: FastifyInstance, version: string) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Docket API',
        version,
        description:
          'Documents, tasks and chat with citations. Errors are { "error": { "code", "message" } }.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await registerPublic(app, (scope) => scope.register(swaggerUi, { routePrefix: '/api/docs' }));
}
