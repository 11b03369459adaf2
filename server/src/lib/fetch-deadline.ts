// One deadline for a whole fetch (resolving, connecting, redirects and the body): it aborts a
// signal with a retryable FetchFailedError when the time is up.
import { FetchFailedError } from './safe-fetch-errors.js';

export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;
  private readonly unlink: () => void = () => {};

  /** `linked`: another signal (a caller's) that ends the fetch too, for its own reason. */
  constructor(
    readonly timeoutMs: number,
    linked?: AbortSignal,
  ) {
    this.endsAt = Date.now() + timeoutMs;
    this.timer = setTimeout(() => {
      this.controller.abort(new FetchFailedError(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    if (!linked) return;
    const follow = () => this.controller.abort(linked.reason);
    if (linked.aborted) follow();
    linked.addEventListener('abort', follow, { once: true });
    this.unlink = () => linked.removeEventListener('abort', follow);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Milliseconds until the deadline, 0 once it has passed. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  race<T>(promise: Promise<T>): Promise<T> {
    const { signal } = this;
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: Error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }
}
