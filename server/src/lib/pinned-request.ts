// One request over a connection pinned to addresses that were already validated: no second
// DNS query (so DNS rebinding cannot swap in another address), and the connected socket's remote
// address is checked again before a single byte of the request is written. TLS SNI and the Host
// header keep the original host name.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { classifyAddress, isMetadataAddress, normaliseHost } from './address-policy.js';
import type { Deadline } from './fetch-deadline.js';
import { BlockedUrlError, FetchFailedError } from './safe-fetch-errors.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** A URL whose addresses have all been validated. */
export interface Target {
  url: URL;
  /** The host without IPv6 brackets and trailing dot, lower case. */
  host: string;
  addresses: ResolvedAddress[];
  /** The host is allow-listed: private addresses are accepted (metadata addresses never). */
  allowed: boolean;
}

const USER_AGENT = 'Docket/0.1 (+https://github.com/docket; document ingestion)';

/**
 * Opens a TCP connection, given up after timeoutMs (when set) so that the next address gets its
 * turn; the deadline's signal aborts it in any case.
 */
function openSocket(
  { address, family }: ResolvedAddress,
  port: number,
  signal: AbortSignal,
  timeoutMs: number | undefined,
): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect({ host: address, port, family, signal });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            socket.destroy(new Error(`connecting to ${address} timed out after ${timeoutMs} ms`));
          }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Connects to the first of the validated addresses that accepts, re-checks the socket's remote
 * address, and only then (for https) starts TLS with the original host name as SNI. Each address
 * gets at most connectTimeoutMs, so one unreachable address does not use up the whole deadline.
 */
async function connect(target: Target, deadline: Deadline, connectTimeoutMs: number) {
  const { signal } = deadline;
  const port = Number(target.url.port) || (target.url.protocol === 'https:' ? 443 : 80);
  const validated = target.addresses.map((a) => normaliseHost(a.address));
  let lastError: Error | undefined;
  for (const address of target.addresses) {
    if (signal.aborted) throw signal.reason as Error;
    // When less time is left than that, the deadline ends the attempt (with its own message).
    const timeoutMs = connectTimeoutMs < deadline.remainingMs() ? connectTimeoutMs : undefined;
    let socket: net.Socket;
    try {
      socket = await openSocket(address, port, signal, timeoutMs);
    } catch (error) {
      lastError = error as Error;
      continue;
    }
    const remote = normaliseHost(socket.remoteAddress ?? '');
    const reason =
      !validated.includes(remote) && !validated.includes(normaliseHost(`::ffff:${remote}`))
        ? 'not the address that was validated'
        : isMetadataAddress(remote)
          ? 'a cloud metadata address'
          : target.allowed
            ? undefined
            : classifyAddress(remote);
    if (reason !== undefined) {
      socket.destroy();
      throw new BlockedUrlError(`connected to ${remote || 'an unknown address'}, ${reason}`);
    }
    if (target.url.protocol === 'http:') return socket;
    return await new Promise<tls.TLSSocket>((resolve, reject) => {
      const secure = tls.connect({
        socket,
        servername: net.isIP(target.host) ? undefined : target.host,
        ALPNProtocols: ['http/1.1'],
      });
      const onAbort = () => secure.destroy(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      secure.once('secureConnect', () => {
        signal.removeEventListener('abort', onAbort);
        resolve(secure);
      });
      secure.once('error', (error: Error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      });
    });
  }
  throw lastError ?? new Error('no address to connect to');
}

/** What a request sends besides its URL; by default, ingestion's GET of a page. */
export interface RequestParts {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export const PAGE_REQUEST: RequestParts = {
  method: 'GET',
  headers: {
    'user-agent': USER_AGENT,
    accept:
      'text/html,application/xhtml+xml,application/pdf,text/markdown,text/plain;q=0.9,*/*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
  },
};

/** Sends the request to the target and resolves with the response head (the body is the caller's). */
export function request(
  target: Target,
  deadline: Deadline,
  connectTimeoutMs: number,
  parts: RequestParts = PAGE_REQUEST,
): Promise<http.IncomingMessage> {
  const { url } = target;
  const { signal } = deadline;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const req = send(url, {
      method: parts.method,
      // No agent: a fresh socket from createConnection, never a pooled one.
      agent: undefined,
      createConnection: ((
        _opts: unknown,
        done: (error: Error | null, socket?: net.Socket) => void,
      ) => {
        connect(target, deadline, connectTimeoutMs).then(
          (socket) => done(null, socket),
          (error: unknown) => done(error as Error),
        );
        return undefined;
      }) as unknown as http.RequestOptions['createConnection'],
      headers: parts.headers,
      signal,
    });
    req.once('response', resolve);
    req.once('error', (error) => {
      if (signal.aborted) reject(signal.reason as Error);
      else if (error instanceof BlockedUrlError || error instanceof FetchFailedError) reject(error);
      else reject(new FetchFailedError(`could not fetch ${url.host}: ${error.message}`));
    });
    req.end(parts.body);
  });
}
