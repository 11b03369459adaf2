// A module's start-up hook: what it needs done when a role starts, run by the roles through
// the list in startup.ts, so that a role never imports a module to prepare or check its data.
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { JobQueue } from '../queue/index.js';
import type { Logger } from './logger.js';

export interface StartupContext {
  db: Db;
  config: Config;
}

/** Work after the migrations may take a while: it says what it does. */
export interface AfterMigrationsContext extends StartupContext {
  logger: Logger;
}

/** What a module's periodic work needs in a process that takes jobs. */
export interface PeriodicContext extends AfterMigrationsContext {
  queue: JobQueue;
}

export interface StartupHook {
  /** After the migrations (migrate and all roles): schema and data that follow the configuration. */
  afterMigrations?(context: AfterMigrationsContext): Promise<void>;
  /** Before a role serves or takes jobs: throws if the stored data cannot serve this config. */
  check?(context: StartupContext): Promise<void>;
  /** In the processes that take jobs, once they do: starts periodic work; returns its stop. */
  whileTakingJobs?(context: PeriodicContext): () => void;
}
