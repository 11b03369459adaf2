// The worker role: takes jobs from Redis and runs them. It loads no HTTP code and never migrates.
import type { Config } from '../config.js';
import { allJobs } from '../jobs.js';
import { SchemaError, schemaNewerProblem, schemaState } from '../db/schema-state.js';
import { closePreparePool } from '../modules/documents/prepare-pool.js';
import { startHeartbeat } from '../lib/heartbeat.js';
import { exitOnSignals } from '../lib/lifecycle.js';
import { openQueue } from '../queue/index.js';
import { runStartupChecks, startPeriodicWork } from '../startup.js';
import { openRuntime } from './runtime.js';

export async function runWorker(config: Config) {
  const { logger, database } = await openRuntime(config, 'worker');
  // A worker older than its database would write rows in a shape the schema has left behind.
  const newer = schemaNewerProblem(await schemaState(database.db));
  if (newer) {
    await database.close();
    throw new SchemaError(newer);
  }
  await runStartupChecks({ db: database.db, config });
  const queue = await openQueue(config, database.db, logger);
  const runner = await queue.startRunner({
    concurrency: config.workerConcurrency,
    leaseMs: config.jobLeaseMs,
    jobs: allJobs,
    deps: { db: database.db, logger, config },
  });
  const stopHeartbeat = startHeartbeat(
    config.heartbeatFile,
    { role: 'worker' },
    () => runner.isHealthy(),
    (error) => logger.warn({ err: error }, 'could not write heartbeat'),
  );
  const stopPeriodicWork = startPeriodicWork({ db: database.db, config, logger, queue });
  logger.info({ concurrency: config.workerConcurrency }, 'worker is taking jobs');

  exitOnSignals(logger, config.shutdownTimeoutMs, async () => {
    stopHeartbeat();
    stopPeriodicWork();
    const finished = await runner.close(config.shutdownTimeoutMs);
    if (!finished) logger.warn('running jobs did not finish in time; they will be taken again');
    await closePreparePool();
    await queue.close();
    await database.close();
  });
}
