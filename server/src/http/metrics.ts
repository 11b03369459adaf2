// Prometheus metrics: process defaults, HTTP request durations, and job counts by state (queue
// depth, which Kubernetes can scale workers on). They are served on a port of their own
// (METRICS_HOST:METRICS_PORT), never on the public one: what a scraper inside the cluster may
// see is not for the internet, and a separate listener needs no token to keep it so.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../lib/logger.js';
import type { JobQueue } from '../queue/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What the metrics listener serves (roles/serve.ts starts it). */
    metricsRegistry: Registry;
  }
}

/** Records request durations and job counts into a registry of the app's own. */
export function registerMetrics(app: FastifyInstance, queue: JobQueue) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'docket_' });
  const duration = new Histogram({
    name: 'docket_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'docket_jobs',
    help: 'Jobs in the queue by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await queue.counts().catch(() => undefined);
      for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
    },
  });

  // A callback hook: an async one would cost a promise on every answer.
  app.addHook('onResponse', (request, reply, done) => {
    duration.observe(
      {
        method: request.method,
        // The route pattern, not the URL, keeps label cardinality bounded.
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.decorate('metricsRegistry', registry);
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Serves GET /metrics on its own listener; anything else there is a 404. */
export async function serveMetrics(
  registry: Registry,
  where: { host: string; port: number },
  logger: Logger,
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?', 1)[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, 'could not collect metrics');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
