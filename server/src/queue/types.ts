// One job interface, two backends (BullMQ on Redis, or in-process on the database), with the
// same semantics: retries with exponential backoff, progress 0-100, a failed state with its reason,
// a hook called when a job fails for good, and lanes that keep kinds of jobs from starving others.
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
  /** True when a failure of this try ends the job for good (no attempt is left). */
  isLastAttempt: boolean;
  updateProgress(percent: number): Promise<void>;
}

/** What the process gives a runner for its jobs: no HTTP. */
export interface RunnerDeps {
  db: Db;
  logger: Logger;
  config: Config;
}

/**
 * What a job handler may use: the runner's, and the queue that runs the job, to enqueue the
 * jobs that follow from it (a sitemap's pages).
 */
export interface JobDeps extends RunnerDeps {
  queue: Pick<JobQueue, 'enqueue'>;
}

export type JobHandler<P> = (job: JobContext<P>, deps: JobDeps) => Promise<unknown>;

/** A job that ended for good; `reason` is readable and storable (see failureReason). */
export interface FailedJob<P> {
  id: string;
  name: string;
  payload: P;
  reason: string;
}

/**
 * Lanes keep kinds of jobs apart: each lane has slots of its own in every runner (with BullMQ,
 * a queue and a worker each), so that jobs of one lane never wait for another lane's.
 * `main` (document ingestion) has the runner's `concurrency` slots; `diagnostics` (self-tests
 * that any user may start) has one.
 */
export const JOB_LANES = ['main', 'diagnostics'] as const;
export type JobLane = (typeof JOB_LANES)[number];

export const laneSlots = (lane: JobLane, concurrency: number) =>
  lane === 'main' ? concurrency : 1;

/**
 * A job the API may enqueue by name. The handler is imported lazily, by the worker only,
 * so enqueuing never loads job code.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  attempts: number;
  backoffMs: number;
  lane: JobLane;
  loadHandler: () => Promise<JobHandler<z.infer<S>>>;
  /**
   * Called by the runner when the job ends for good: its attempts ran out, it threw
   * PermanentJobError, or the process running it died too many times. Called before the job
   * is recorded as failed, so a crash in between calls it again: it must be idempotent. Not
   * called for a job with no handler or an invalid payload.
   */
  onFailed?: (job: FailedJob<z.infer<S>>, deps: JobDeps) => Promise<void>;
}

/** Thrown by a handler when retrying cannot help: the job fails at once with this reason. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** The reason both backends give when the process running a job died too many times. */
export const DIED_TOO_OFTEN = 'the process running this job stopped too many times';

export interface JobQueue {
  backend: 'bullmq' | 'local';
  /** `id`: a new UUID chosen by the caller, to record the job before it exists. */
  enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.infer<S>,
    options?: { id?: string },
  ): Promise<{ id: string }>;
  get(id: string): Promise<JobInfo | undefined>;
  counts(): Promise<Record<JobState, number>>;
  /** Throws when the queue's backend cannot be reached. */
  ping(): Promise<void>;
  /** Starts a runner that takes this queue's jobs (in a worker, or in-process beside the API). */
  startRunner(options: RunnerOptions): Promise<JobRunner>;
  close(): Promise<void>;
}

export interface JobRunner {
  /** True while the runner can take jobs (its connections are up). */
  isHealthy(): boolean;
  /** Stops taking jobs and waits for running ones, at most `timeoutMs`; tells whether all finished. */
  close(timeoutMs: number): Promise<boolean>;
}

export interface RunnerOptions {
  /** Slots of the main lane (see JobLane). */
  concurrency: number;
  /**
   * How long a running job stays with its process without a renewal (JOB_LEASE_MS): a dead
   * process's jobs are taken again after it. DEFAULT_LEASE_MS when unset.
   */
  leaseMs?: number;
  deps: RunnerDeps;
  jobs: readonly JobDefinition[];
}

export const JOB_STATES: readonly JobState[] = [
  'waiting',
  'delayed',
  'active',
  'completed',
  'failed',
];

export const DEFAULT_LEASE_MS = 30_000;

/** How many finished jobs of one state are kept, and for how long. */
export interface KeptJobs {
  ageMs: number;
  count: number;
}

/**
 * Finished jobs are removed when another job of the same state finishes: those older than
 * `ageMs`, and all but the newest `count` (BullMQ's removeOnComplete and removeOnFail).
 */
export interface JobRetention {
  completed: KeptJobs;
  failed: KeptJobs;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Completed jobs are kept a day, failed ones a week (to read why they failed). */
export const JOB_RETENTION: JobRetention = {
  completed: { ageMs: DAY_MS, count: 1_000 },
  failed: { ageMs: 7 * DAY_MS, count: 5_000 },
};

/** Whether try number `attempt` (1 for the first) is the last of `attempts`. */
export const isLastAttempt = (attempt: number, attempts: number) => attempt >= attempts;

export const clampProgress = (percent: number) => Math.max(0, Math.min(100, Math.round(percent)));

/** Delay before retry number `attemptsMade` + 1: base, 2×base, 4×base… */
export const backoffDelay = (baseMs: number, attemptsMade: number) =>
  baseMs * 2 ** Math.max(0, attemptsMade - 1);
