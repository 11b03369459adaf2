// A small pool of worker threads that prepare documents (extract, chunk, embed offline) for the
// ingestion job, so that a hostile or huge document never blocks the process's event loop (in
// the embedded `all` role, the HTTP server's). Opened on first use, its threads leave after a
// while idle; the roles that run jobs close it on shutdown (closePreparePool).
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { ExtractionError } from './extracted.js';
import type { PrepareTask } from './prepare.js';
import type { ThreadResult } from './prepare-thread.js';

/** One thread on two cores (the other stays with HTTP and the database), two from three up. */
const THREADS = Math.max(1, Math.min(2, availableParallelism() - 1));
const IDLE_TIMEOUT_MS = 30_000;
/** A thread that runs out of memory dies alone (the job fails and retries); the process lives. */
const THREAD_HEAP_MB = 1024;

let pool: Piscina<PrepareTask, ThreadResult> | undefined;

/**
 * The thread's file sits next to this module, with this module's extension: `.js` under dist/
 * (production), `.ts` when the sources run directly (vitest, tsx). A worker thread does not
 * share its parent's module loader, so for `.ts` it gets tsx's loader (a dev dependency, never
 * needed by dist/) through --import, resolved from here rather than from the working directory.
 */
function threadOptions() {
  const here = import.meta.url;
  const extension = here.endsWith('.ts') ? '.ts' : '.js';
  const execArgv =
    extension === '.ts' ? ['--import', pathToFileURL(createRequire(here).resolve('tsx')).href] : [];
  return { filename: new URL(`./prepare-thread${extension}`, here).href, execArgv };
}

function openPool() {
  return new Piscina<PrepareTask, ThreadResult>({
    ...threadOptions(),
    minThreads: 0,
    maxThreads: THREADS,
    idleTimeout: IDLE_TIMEOUT_MS,
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
  });
}

/** Prepares the document in a worker thread; the thread's id tells where it ran. */
export async function prepareInThread(task: PrepareTask) {
  pool ??= openPool();
  const result = await pool.run(task);
  if ('unreadable' in result) throw new ExtractionError(result.unreadable);
  return result;
}

/** Ends the threads (a running preparation is abandoned: its job is taken again). */
export async function closePreparePool(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.destroy();
}
