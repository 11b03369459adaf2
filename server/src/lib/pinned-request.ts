// One GET request over a connection pinned to addresses that were already validated: no second
// DNS query (so DNS rebinding cannot swap in another address), and the connected socket's remote
// address is checked again before a single byte of the request is written. TLS SNI and the Host
// header keep the original host name.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { classifyAddress, isMetadataAddress, normaliseHost } from './address-policy.js';
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
 * Connects to the first of the validated addresses that accepts, re-checks the socket's remote
 * address, and only then (for https) starts TLS with the original host name as SNI.
 */
async function connect(target: Target, signal: AbortSignal) {
  const port = Number(target.url.port) || (target.url.protocol === 'https:' ? 443 : 80);
  const validated = target.addresses.map((a) => normaliseHost(a.address));
  let lastError: Error | undefined;
  for (const { address, family } of target.addresses) {
    if (signal.aborted) throw signal.reason as Error;
    let socket: net.Socket;
    try {
      socket = await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ host: address, port, family, signal });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      });
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

/** Sends GET to the target and resolves with the response head (the body is the caller's). */
export function request(target: Target, signal: AbortSignal): Promise<http.IncomingMessage> {
  const { url } = target;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const req = send(url, {
      method: 'GET',
      // No agent: a fresh socket from createConnection, never a pooled one.
      agent: undefined,
      createConnection: ((
        _opts: unknown,
        done: (error: Error | null, socket?: net.Socket) => void,
      ) => {
        connect(target, signal).then(
          (socket) => done(null, socket),
          (error: unknown) => done(error as Error),
        );
        return undefined;
      }) as unknown as http.RequestOptions['createConnection'],
      headers: {
        'user-agent': USER_AGENT,
        accept:
          'text/html,application/xhtml+xml,application/pdf,text/markdown,text/plain;q=0.9,*/*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      },
      signal,
    });
    req.once('response', resolve);
    req.once('error', (error) => {
      if (signal.aborted) reject(signal.reason as Error);
      else if (error instanceof BlockedUrlError || error instanceof FetchFailedError) reject(error);
      else reject(new FetchFailedError(`could not fetch ${url.host}: ${error.message}`));
    });
    req.end();
  });
}
