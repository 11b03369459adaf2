// The two ways a safe fetch fails: the URL is refused, or fetching it did not work.

/** The URL is refused (the reason is in the message). */
export class BlockedUrlError extends Error {
  override name = 'BlockedUrlError';
}

/** The fetch failed: network error, timeout, too large, bad status (the reason is in the message). */
export class FetchFailedError extends Error {
  override name = 'FetchFailedError';
  /**
   * Whether trying again later may succeed: network errors, timeouts, HTTP 408, 429 and 5xx are;
   * other statuses, too large, too many redirects and undecodable content are not.
   */
  readonly retryable: boolean;
  /** The HTTP status, when the failure is a status. */
  readonly status: number | undefined;

  constructor(message: string, options: { retryable?: boolean; status?: number } = {}) {
    super(message);
    this.status = options.status;
    this.retryable =
      options.retryable ??
      (options.status === undefined ||
        options.status === 408 ||
        options.status === 429 ||
        options.status >= 500);
  }
}

/** For failures that trying again cannot fix. */
export const permanent = { retryable: false };
