// SIGTERM/SIGINT: stop taking work, let in-flight work finish within SHUTDOWN_TIMEOUT_MS,
// close connections, exit 0. Past the deadline, or on a second signal, exit 1 at once.
import type { Logger } from './logger.js';

export function exitOnSignals(logger: Logger, timeoutMs: number, stop: () => Promise<void>) {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, timeoutMs }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown did not finish within SHUTDOWN_TIMEOUT_MS: exiting');
      process.exit(1);
    }, timeoutMs + 1_000).unref();
    stop().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
