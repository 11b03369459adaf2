// SSRF-safe fetching of user-supplied URLs. Every hop (the first URL and each redirect) is
// checked: http(s) only, no credentials, and every address the host resolves to must be public
// (address-policy.ts). The request then goes to exactly those addresses (pinned-request.ts), and
// the body is read within a size limit (response-body.ts), all under one deadline.
import { lookup as dnsLookup } from 'node:dns/promises';
import net from 'node:net';
import {
  classifyAddress,
  isMetadataAddress,
  METADATA_HOSTS,
  normaliseHost,
} from './address-policy.js';
import { Deadline } from './fetch-deadline.js';
import { PAGE_REQUEST, request, type ResolvedAddress, type Target } from './pinned-request.js';
import { readBody } from './response-body.js';
import { BlockedUrlError, FetchFailedError, permanent } from './safe-fetch-errors.js';

export type { ResolvedAddress } from './pinned-request.js';
export { BlockedUrlError, FetchFailedError } from './safe-fetch-errors.js';

export interface SafeFetchOptions {
  /** Exact host names or IP literals that bypass the private-address check (tests, intranets). */
  allowedHosts?: readonly string[];
  /** For the whole fetch, redirects included. Default 15000. */
  timeoutMs?: number;
  /** For connecting to one address, before the next one is tried. Default 5000. */
  connectTimeoutMs?: number;
  /** Default 25 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * What an earlier fetch of the same URL answered: sent as If-None-Match and If-Modified-Since,
   * so that an unchanged page answers 304 without its body (FetchedPage.notModified).
   */
  conditional?: { etag?: string | null; lastModified?: string | null };
  /** Resolves a host name to all its addresses; defaults to the system resolver. For tests. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export interface FetchedPage {
  finalUrl: string;
  contentType: string | undefined;
  bytes: Uint8Array;
  /** The validators to send next time (options.conditional). */
  etag: string | undefined;
  lastModified: string | undefined;
  /** 304: the page is as it was at the conditional fetch; `bytes` is empty. */
  notModified: boolean;
}

/** The conditional request's headers. */
function conditionalHeaders(conditional: SafeFetchOptions['conditional']) {
  const headers: Record<string, string> = {};
  if (conditional?.etag) headers['if-none-match'] = conditional.etag;
  if (conditional?.lastModified) headers['if-modified-since'] = conditional.lastModified;
  return headers;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const results = await dnsLookup(hostname, { all: true, verbatim: true });
  return results.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/** Checks one URL (the first or a redirect) and resolves its host; BlockedUrlError when refused. */
export async function validate(
  raw: string | URL,
  options: SafeFetchOptions,
  deadline: Deadline,
): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BlockedUrlError('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BlockedUrlError(`only http and https URLs can be fetched, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new BlockedUrlError('URLs with credentials (user:password@) are refused');
  }
  const host = normaliseHost(url.hostname);
  if (!host) throw new BlockedUrlError('the URL has no host');
  const allowed = (options.allowedHosts ?? []).some((entry) => normaliseHost(entry) === host);

  if (METADATA_HOSTS.has(host)) throw new BlockedUrlError(`${host} is a cloud metadata host`);
  if (!allowed && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw new BlockedUrlError(`${host} is a loopback host`);
  }

  let addresses: ResolvedAddress[];
  const family = net.isIP(host);
  if (family !== 0) {
    addresses = [{ address: host, family: family === 6 ? 6 : 4 }];
  } else {
    const resolve = options.resolve ?? systemResolve;
    try {
      addresses = await deadline.race(resolve(host));
    } catch (error) {
      if (error instanceof FetchFailedError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'EAI_NONAME') {
        throw new BlockedUrlError(`the host ${host} could not be resolved`);
      }
      throw new FetchFailedError(`could not resolve ${host}: ${(error as Error).message}`);
    }
    if (addresses.length === 0) {
      throw new BlockedUrlError(`the host ${host} could not be resolved`);
    }
  }

  for (const { address } of addresses) {
    if (isMetadataAddress(address)) {
      throw new BlockedUrlError(`${host} resolves to ${address}, a cloud metadata address`);
    }
    if (allowed) continue;
    const reason = classifyAddress(address);
    if (reason !== undefined) {
      throw new BlockedUrlError(
        address === host ? `${host} is ${reason}` : `${host} resolves to ${address}, ${reason}`,
      );
    }
  }
  return { url, host, addresses, allowed };
}

/** Validates a URL without fetching it: scheme, credentials, and that its host resolves to public addresses. */
export async function assertFetchable(url: string, options: SafeFetchOptions = {}): Promise<void> {
  const deadline = new Deadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    await validate(url, options, deadline);
  } finally {
    deadline.dispose();
  }
}

/** Fetches a URL with GET, following redirects, refusing anything non-public at every hop. */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<FetchedPage> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const deadline = new Deadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    let current: string | URL = url;
    for (let redirects = 0; ; redirects++) {
      const target = await validate(current, options, deadline);
      const response = await request(target, deadline, connectTimeoutMs, {
        ...PAGE_REQUEST,
        headers: { ...PAGE_REQUEST.headers, ...conditionalHeaders(options.conditional) },
      });
      const status = response.statusCode ?? 0;
      const validators = {
        etag: response.headers.etag,
        lastModified: response.headers['last-modified'],
      };
      if (status === 304 && options.conditional) {
        response.resume();
        response.destroy();
        return {
          finalUrl: target.url.href,
          contentType: undefined,
          bytes: new Uint8Array(0),
          ...validators,
          notModified: true,
        };
      }
      if (REDIRECT_STATUSES.has(status)) {
        response.resume();
        response.destroy();
        const location = response.headers.location;
        if (!location)
          throw new FetchFailedError(`HTTP ${status} redirect without a Location`, permanent);
        if (redirects >= maxRedirects) {
          throw new FetchFailedError(`too many redirects (more than ${maxRedirects})`, permanent);
        }
        try {
          current = new URL(location, target.url);
        } catch {
          throw new FetchFailedError(`HTTP ${status} redirect to an invalid URL`, permanent);
        }
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        response.destroy();
        throw new FetchFailedError(
          `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`,
          { status },
        );
      }
      const bytes = await readBody(response, maxBytes, deadline.signal);
      const contentType = response.headers['content-type'];
      return { finalUrl: target.url.href, contentType, bytes, ...validators, notModified: false };
    }
  } finally {
    deadline.dispose();
  }
}
