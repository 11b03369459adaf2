// Every error leaves as JSON: { "error": { "code", "message" } }, with the right status.
import { errorCodes, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';
import { setResponseHeaders } from './response-headers.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

/** A zod issue as the validator reports it; a union's carries each option's own issues. */
interface Issue {
  code: string;
  message?: string;
  path?: PropertyKey[];
  keys?: string[];
  errors?: Issue[][];
}

/** Each problem with the field it is in, as `body.tags.0`. */
function problemsOf(issue: Issue, at: PropertyKey[]): { field: string; message: string }[] {
  const path = [...at, ...(issue.path ?? [])];
  const field = path.map(String).join('.');
  // An unknown field is reported on its parent: name the field itself.
  if (issue.code === 'unrecognized_keys' && issue.keys)
    return issue.keys.map((key) => ({ field: `${field}.${key}`, message: 'unknown field' }));
  // No option of a union fits: tell what is wrong with the one that came closest.
  const closest = issue.errors?.toSorted((a, b) => a.length - b.length)[0];
  if (issue.code === 'invalid_union' && closest?.length)
    return closest.flatMap((inner) => problemsOf(inner, path));
  return [{ field, message: issue.message ?? 'invalid' }];
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    // A body too large is not read to its end: the connection closes instead of draining it.
    if (error.statusCode === 413) reply.header('connection', 'close');
    if (error instanceof AppError)
      return reply.status(error.statusCode).send(body(error.code, error.message, error.details));
    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = error.validationContext ?? 'body';
      const details = error.validation.flatMap((v) =>
        problemsOf({ code: v.keyword, message: v.message, ...v.params }, [
          context,
          ...v.instancePath.split('/').filter(Boolean),
        ]),
      );
      const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
      return reply
        .status(400)
        .send(body('VALIDATION_ERROR', `invalid request: ${summary}`, details));
    }
    if (error instanceof errorCodes.FST_ERR_CTP_BODY_TOO_LARGE)
      return reply
        .status(413)
        .send(
          body(
            'PAYLOAD_TOO_LARGE',
            `the request body is larger than this route's limit of ${request.routeOptions.bodyLimit} bytes`,
          ),
        );
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

/** Requests Fastify refuses before any route runs (a malformed URL): the same JSON shape. */
export function answerFrameworkError(
  error: FastifyError,
  _request: unknown,
  reply: FastifyReply,
): void {
  void setResponseHeaders(reply)
    .status(error.statusCode ?? 400)
    .send(body(error.code, error.message));
}
