// The HTTP roles. `all` (embedded) also migrates, runs the jobs and serves the web app;
// `api` does none of those: the migrate role and worker containers do.
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { applyMigrations } from '../db/migrate.js';
import { allJobs } from '../jobs.js';
import { closePreparePool } from '../modules/documents/prepare-pool.js';
import { serveMetrics, type MetricsServer } from '../http/metrics.js';
import { startHeartbeat } from '../lib/heartbeat.js';
import type { Logger } from '../lib/logger.js';
import { exitOnSignals } from '../lib/lifecycle.js';
import { settlesWithin } from '../lib/time.js';
import { openQueue, type JobRunner } from '../queue/index.js';
import { runAfterMigrations, runStartupChecks, startPeriodicWork } from '../startup.js';
import { openRuntime } from './runtime.js';

interface ServeOptions {
  role: 'all' | 'api';
  migrate: boolean;
  runJobs: boolean;
  serveWeb: boolean;
}

/** Milliseconds each step of start-up took, for the ready line: where a slow start went. */
function startupTimer() {
  // performance.now() counts from the process's start: what came before is loading code.
  const steps: Record<string, number> = { code: Math.round(performance.now()) };
  return {
    steps,
    time: async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const since = performance.now();
      try {
        return await work();
      } finally {
        steps[name] = Math.round(performance.now() - since);
      }
    },
  };
}

async function serve(config: Config, options: ServeOptions) {
  const { steps, time } = startupTimer();
  const { logger, database } = await time('open', () => openRuntime(config, options.role));
  if (options.migrate)
    await time('migrate', async () => {
      await applyMigrations(database, logger);
      await runAfterMigrations({ db: database.db, config, logger });
    });
  await time('checks', () => runStartupChecks({ db: database.db, config }));
  const queue = await time('queue', () => openQueue(config, database.db, logger));
  const runner: JobRunner | undefined = options.runJobs
    ? await time('runner', () =>
        queue.startRunner({
          concurrency: config.workerConcurrency,
          leaseMs: config.jobLeaseMs,
          jobs: allJobs,
          deps: { db: database.db, logger, config },
        }),
      )
    : undefined;
  const stopPeriodicWork = runner
    ? startPeriodicWork({ db: database.db, config, logger, queue })
    : () => undefined;
  const app = await time('app', () =>
    buildApp({ config, db: database.db, queue, logger, serveWeb: options.serveWeb }),
  );
  await time('listen', () => app.listen({ host: config.host, port: config.port }));
  const metrics = await startMetrics(app.metricsRegistry, config, logger);
  const stopHeartbeat = startHeartbeat(
    config.heartbeatFile,
    { role: options.role, port: config.port },
    () => runner?.isHealthy() ?? true,
    (error) => logger.warn({ err: error }, 'could not write heartbeat'),
  );
  logger.info(
    { url: config.publicUrl, startupMs: { ...steps, total: Math.round(performance.now()) } },
    `Docket is ready: open ${config.publicUrl}`,
  );

  exitOnSignals(logger, config.shutdownTimeoutMs, async () => {
    stopHeartbeat();
    stopPeriodicWork();
    await metrics?.close();
    // Stop listening and finish in-flight requests while running jobs finish too.
    const [requestsDone, jobsDone] = await Promise.all([
      settlesWithin(app.close(), config.shutdownTimeoutMs),
      runner?.close(config.shutdownTimeoutMs) ?? true,
    ]);
    if (!requestsDone || !jobsDone)
      logger.warn(
        { requestsDone, jobsDone },
        'some work did not finish in time; jobs will be taken again',
      );
    await closePreparePool();
    await queue.close();
    await database.close();
  });
}

/** Metrics are optional: a busy port is reported, and the API serves on without them. */
async function startMetrics(
  registry: Parameters<typeof serveMetrics>[0],
  config: Config,
  logger: Logger,
): Promise<MetricsServer | undefined> {
  if (config.metrics.port === 0) return undefined;
  try {
    const server = await serveMetrics(registry, config.metrics, logger);
    logger.info(config.metrics, 'metrics served at /metrics');
    return server;
  } catch (error) {
    logger.warn(
      { err: error, ...config.metrics },
      'metrics not served: could not listen at METRICS_HOST:METRICS_PORT (change them, or set METRICS_PORT=0 to turn metrics off)',
    );
    return undefined;
  }
}

export const serveAll = (config: Config) =>
  serve(config, { role: 'all', migrate: true, runJobs: true, serveWeb: true });

export const serveApi = (config: Config) =>
  serve(config, { role: 'api', migrate: false, runJobs: false, serveWeb: false });
