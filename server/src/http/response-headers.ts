// Headers every answer of the API carries: its request id (the caller's, or the one genReqId
// made; it is in the answer's log line too), and the security headers a JSON API needs. Set
// once when the request arrives, by a hook that returns no promise: errors, 401s and 404s carry
// them too, and no onSend pass runs for every answer. Fastify answers a URL it cannot decode
// before any hook (frameworkErrors), so errors.ts sets them there with the same function.
import type { FastifyInstance, FastifyReply } from 'fastify';

export const API_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

export function setResponseHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers(API_SECURITY_HEADERS).header('x-request-id', reply.request.id);
}

export function registerResponseHeaders(app: FastifyInstance) {
  app.addHook('onRequest', (_request, reply, done) => {
    setResponseHeaders(reply);
    done();
  });
}
