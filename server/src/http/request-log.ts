// One log line per request, written when it is answered: Fastify's default is two (on arrival
// and on completion), which at the default level doubled what every request costs in logging.
// app.ts turns Fastify's off. The line has what both had: request id, method, URL, caller's address, status and duration.
import type { FastifyInstance } from 'fastify';

export function registerRequestLog(app: FastifyInstance) {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        // Fastify's serializer for `req`: method, URL, host, caller's address and port.
        req: request,
        res: { statusCode: reply.statusCode },
        responseTime: reply.elapsedTime,
      },
      'request completed',
    );
    done();
  });
}
