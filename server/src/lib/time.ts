export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TimeoutError extends Error {}

/** The promise's outcome, or a TimeoutError once `ms` have passed. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for the promise at most `ms`; tells whether it settled in time. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  try {
    await withTimeout(promise, ms);
    return true;
  } catch (error) {
    if (error instanceof TimeoutError) return false;
    throw error;
  }
}

/** How long a starting process waits for a server it needs (a restart, a stack coming up). */
export const START_WAIT_MS = 60_000;

/**
 * Runs `attempt` until it succeeds, a second apart, while `transient` says the server it needs is
 * only starting (each wait reported to `onWait`); any other error, or the deadline, is thrown.
 */
export async function retryWhileStarting<T>(
  attempt: () => Promise<T>,
  options: {
    transient: (error: unknown) => boolean;
    onWait: (error: unknown) => void;
    timeoutMs?: number;
  },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? START_WAIT_MS);
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!options.transient(error) || Date.now() > deadline) throw error;
      options.onWait(error);
      await sleep(1_000);
    }
  }
}
