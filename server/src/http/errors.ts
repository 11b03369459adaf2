// Every error leaves as JSON: { "error": { "code", "message" } }, with the right status.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError)
      return reply.status(error.statusCode).send(body(error.code, error.message));
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.flatMap((v) => {
        const at =
          `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`.replace(
            /\.$/,
            '',
          );
        // An unknown field is reported on its parent: name the field itself.
        const unknown =
          v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
        if (unknown)
          return unknown.map((key) => ({ field: `${at}.${key}`, message: 'unknown field' }));
        return [{ field: at, message: v.message ?? 'invalid' }];
      });
      const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
      return reply
        .status(400)
        .send(body('VALIDATION_ERROR', `invalid request: ${summary}`, details));
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .status(status)
        .send(body('INTERNAL_ERROR', 'something went wrong; see the server log'));
    }
    return reply.status(status).send(body(error.code ?? 'BAD_REQUEST', error.message));
  });
}

export function notFoundBody(url: string) {
  return body('NOT_FOUND', `no route for ${url.split('?')[0]}`);
}
