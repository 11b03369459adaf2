// OpenAPI 3 generated from the routes' zod schemas: JSON at /api/docs/json, UI at /api/docs,
// both public (the description of the API is no secret; the routes it lists are guarded). Each
// operation carries its route's access declaration as `x-access` (access/routes.ts).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { describeAccess } from '../access/routes.js';
import { registerPublic } from './authenticate.js';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

function withAccess(input: TransformInput) {
  const output = jsonSchemaTransform(input);
  if (!output.schema || output.schema.hide) return output;
  return { ...output, schema: { ...output.schema, 'x-access': describeAccess(input.route) } };
}

export async function registerDocs(app: FastifyInstance, version: string) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Docket API',
        version,
        description:
          'Documents, tasks and chat with citations. Errors are { "error": { "code", "message" } }. ' +
          'Under /v1, an OpenAI-compatible API (models, chat completions) for other chat clients, ' +
          'with OpenAI\'s error shape { "error": { "message", "type", "code", "param" } } ' +
          '(docs/openai-api.md). Every route but the public ones needs a session or an API token ' +
          '(Authorization: Bearer …); administration routes need an administrator.',
      },
    },
    transform: withAccess,
  });
  await registerPublic(app, (scope) => scope.register(swaggerUi, { routePrefix: '/api/docs' }));
}
