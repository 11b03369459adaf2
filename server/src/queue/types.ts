// One job interface, two backends (BullMQ on Redis, or in-process on the database), with the
// same semantics: retries with exponential backoff, progress 0-100, a failed state with its reason.
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../lib/logger.js';

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  progress: number;
  attemptsMade: number;
  result: unknown;
  failedReason: string | undefined;
}

export interface JobContext<P> {
  id: string;
  name: string;
  payload: P;
  /** 1 for the first try. */
  attempt: number;
  updateProgress(percent: number): Promise<void>;
}

/** What a job handler may use: no HTTP, no queue of its own. */
export interface JobDeps {
  db: Db;
  logger: Logger;
  config: Config;
}

export type JobHandler<P> = (job: JobContext<P>, deps: JobDeps) => Promise<unknown>;

/**
 * A job the API may enqueue by name. The handler is imported lazily, by the worker only,
 * so enqueuing never loads job code.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  attempts: number;
  backoffMs: number;
  loadHandler: () => Promise<JobHandler<z.infer<S>>>;
}

/** Thrown by a handler when retrying cannot help: the job fails at once with this reason. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface JobQueue {
  backend: 'bullmq' | 'local';
  enqueue<S extends z.ZodType>(job: JobDefinition<S>, payload: z.infer<S>): Promise<{ id: string }>;
  get(id: string): Promise<JobInfo | undefined>;
  counts(): Promise<Record<JobState, number>>;
  /** Throws when the queue's backend cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface JobRunner {
  /** True while the runner can take jobs (its connections are up). */
  isHealthy(): boolean;
  /** Stops taking jobs and waits for running ones, at most `timeoutMs`; tells whether all finished. */
  close(timeoutMs: number): Promise<boolean>;
}

export interface RunnerOptions {
  concurrency: number;
  deps: JobDeps;
  jobs: readonly JobDefinition[];
}

export const JOB_STATES: readonly JobState[] = [
  'waiting',
  'delayed',
  'active',
  'completed',
  'failed',
];

export const clampProgress = (percent: number) => Math.max(0, Math.min(100, Math.round(percent)));

/** Delay before retry number `attemptsMade` + 1: base, 2×base, 4×base… */
export const backoffDelay = (baseMs: number, attemptsMade: number) =>
  baseMs * 2 ** Math.max(0, attemptsMade - 1);
