// SSRF-safe fetching of user-supplied URLs. Every hop (the first URL and each redirect) is
// checked: http(s) only, no credentials, and every address the host resolves to must be public.
// The connection is then made to one of exactly those validated addresses (no second DNS query,
// so DNS rebinding cannot swap in another address), and the connected socket's remote address is
// checked again before a single byte of the request is written. TLS SNI and the Host header keep
// the original host name.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';

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

const permanent = { retryable: false };

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface SafeFetchOptions {
  /** Exact host names or IP literals that bypass the private-address check (tests, intranets). */
  allowedHosts?: readonly string[];
  /** For the whole fetch, redirects included. Default 15000. */
  timeoutMs?: number;
  /** Default 25 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Resolves a host name to all its addresses; defaults to the system resolver. For tests. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export interface FetchedPage {
  finalUrl: string;
  contentType: string | undefined;
  bytes: Uint8Array;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'Docket/0.1 (+https://github.com/docket; document ingestion)';

// ---------------------------------------------------------------------------------------------
// Address classification

type Bytes = readonly number[];

interface Range {
  bytes: Bytes;
  bits: number;
  reason: string;
}

function v4(cidr: string, reason: string): Range {
  const [address = '', bits = '32'] = cidr.split('/');
  return { bytes: parseIPv4(address) ?? [], bits: Number(bits), reason };
}

function v6(cidr: string, reason: string): Range {
  const [address = '', bits = '128'] = cidr.split('/');
  return { bytes: parseIPv6(address) ?? [], bits: Number(bits), reason };
}

// Cloud metadata endpoints are refused even for an allow-listed host name (a name on the
// allow-list that resolves to one of these is an attack, never an intranet).
const METADATA_V4 = [
  v4('169.254.169.254/32', 'a cloud metadata address'),
  v4('169.254.170.2/32', 'a cloud metadata address'), // AWS ECS task metadata
  v4('100.100.100.200/32', 'a cloud metadata address'), // Alibaba Cloud
];
const METADATA_V6 = [v6('fd00:ec2::254/128', 'a cloud metadata address')];
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

const BLOCKED_V4: Range[] = [
  ...METADATA_V4,
  v4('0.0.0.0/32', 'an unspecified address'),
  v4('0.0.0.0/8', 'a "this network" address'),
  v4('10.0.0.0/8', 'a private address'),
  v4('100.64.0.0/10', 'a shared (CGNAT) address'),
  v4('127.0.0.0/8', 'a loopback address'),
  v4('169.254.0.0/16', 'a link-local address'),
  v4('172.16.0.0/12', 'a private address'),
  v4('192.0.0.0/24', 'a reserved address'),
  v4('192.0.2.0/24', 'a documentation address'),
  v4('192.88.99.0/24', 'a reserved address'),
  v4('192.168.0.0/16', 'a private address'),
  v4('198.18.0.0/15', 'a benchmarking address'),
  v4('198.51.100.0/24', 'a documentation address'),
  v4('203.0.113.0/24', 'a documentation address'),
  v4('224.0.0.0/4', 'a multicast address'),
  v4('255.255.255.255/32', 'the broadcast address'),
  v4('240.0.0.0/4', 'a reserved address'),
];

const BLOCKED_V6: Range[] = [
  ...METADATA_V6,
  v6('::/128', 'an unspecified address'),
  v6('::1/128', 'a loopback address'),
  v6('100::/64', 'a discard-only address'),
  v6('2001::/32', 'a Teredo address'),
  v6('2001:2::/48', 'a benchmarking address'),
  v6('2001:db8::/32', 'a documentation address'),
  v6('2001:10::/28', 'a reserved (ORCHID) address'),
  v6('2001:20::/28', 'a reserved (ORCHIDv2) address'),
  v6('3fff::/20', 'a documentation address'),
  v6('5f00::/16', 'a reserved (SRv6) address'),
  v6('fc00::/7', 'a private (unique local) address'),
  v6('fe80::/10', 'a link-local address'),
  v6('fec0::/10', 'a site-local address'),
  v6('ff00::/8', 'a multicast address'),
];

function inRange(bytes: Bytes, range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function parseIPv4(address: string): number[] | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

function parseIPv6(input: string): number[] | undefined {
  let address = input.replace(/^\[|\]$/g, '');
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const lastColon = address.lastIndexOf(':');
  if (lastColon >= 0 && address.includes('.', lastColon)) {
    const tail = parseIPv4(address.slice(lastColon + 1));
    if (!tail) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = tail;
    address = `${address.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const hextets = [...head, ...Array<string>(missing).fill('0'), ...tail];
  const bytes: number[] = [];
  for (const hextet of hextets) {
    if (!/^[0-9a-f]{1,4}$/i.test(hextet)) return undefined;
    const value = parseInt(hextet, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

function classifyIPv4(bytes: Bytes): string | undefined {
  return BLOCKED_V4.find((range) => inRange(bytes, range))?.reason;
}

/**
 * Why an IP address must not be fetched ('a loopback address', …), or undefined when it is a
 * public unicast address. IPv6 forms that embed an IPv4 address (IPv4-mapped, IPv4-compatible,
 * NAT64, 6to4) are judged by the embedded address. Anything that is not an IP address is refused.
 */
export function classifyAddress(address: string): string | undefined {
  const bytes4 = parseIPv4(address);
  if (bytes4) return classifyIPv4(bytes4);
  const bytes = parseIPv6(address);
  if (!bytes) return 'not an IP address';
  const embedded = (offset: number) => bytes.slice(offset, offset + 4);
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (IPv4-translated)
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return classifyIPv4(embedded(12));
  }
  if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) {
    return classifyIPv4(embedded(12));
  }
  // ::a.b.c.d (deprecated IPv4-compatible), but not :: and ::1 which are classified below.
  if (zeros(0, 12) && !zeros(12, 15)) return classifyIPv4(embedded(12)) ?? 'a reserved address';
  // 64:ff9b::/96 (NAT64, well-known prefix): judged by the IPv4 address it reaches.
  if (inRange(bytes, v6('64:ff9b::/96', ''))) return classifyIPv4(embedded(12));
  // 64:ff9b:1::/48 is for local NAT64 deployments only.
  if (inRange(bytes, v6('64:ff9b:1::/48', ''))) return 'a local-use NAT64 address';
  // 2002::/16 (6to4) embeds the IPv4 address in bytes 2..5.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return classifyIPv4(embedded(2));
  const blocked = BLOCKED_V6.find((range) => inRange(bytes, range));
  if (blocked) return blocked.reason;
  // Only global unicast (2000::/3) is public.
  if ((bytes[0] ?? 0) >> 5 !== 1) return 'a reserved address';
  return undefined;
}

function isMetadataAddress(address: string): boolean {
  const bytes4 = parseIPv4(address);
  if (bytes4) return METADATA_V4.some((range) => inRange(bytes4, range));
  const bytes = parseIPv6(address);
  if (!bytes) return false;
  if (METADATA_V6.some((range) => inRange(bytes, range))) return true;
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const nat64 = inRange(bytes, v6('64:ff9b::/96', ''));
  return (mapped || nat64) && METADATA_V4.some((range) => inRange(bytes.slice(12), range));
}

// ---------------------------------------------------------------------------------------------
// URL validation

interface Target {
  url: URL;
  /** The host without IPv6 brackets and trailing dot, lower case. */
  host: string;
  addresses: ResolvedAddress[];
}

/** Lower case, no brackets, no trailing dot; IP literals in the URL parser's canonical form. */
function normaliseHost(host: string): string {
  let value = host.trim().toLowerCase().replace(/\.$/, '');
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  if (net.isIP(value) === 6) value = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  return value;
}

async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const results = await dnsLookup(hostname, { all: true, verbatim: true });
  return results.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

async function validate(
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
  return { url, host, addresses };
}

// ---------------------------------------------------------------------------------------------
// Deadline for the whole fetch

class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly timeoutMs: number) {
    this.timer = setTimeout(() => {
      this.controller.abort(new FetchFailedError(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
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
  }
}

// ---------------------------------------------------------------------------------------------
// Connecting to a validated address

/**
 * Connects to the first of the validated addresses that accepts, re-checks the socket's remote
 * address, and only then (for https) starts TLS with the original host name as SNI.
 */
async function connect(target: Target, options: SafeFetchOptions, signal: AbortSignal) {
  const port = Number(target.url.port) || (target.url.protocol === 'https:' ? 443 : 80);
  const allowed = target.addresses.map((a) => normaliseHost(a.address));
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
    const isAllowedHost = (options.allowedHosts ?? []).some(
      (h) => normaliseHost(h) === target.host,
    );
    const reason =
      !allowed.includes(remote) && !allowed.includes(normaliseHost(`::ffff:${remote}`))
        ? 'not the address that was validated'
        : isMetadataAddress(remote)
          ? 'a cloud metadata address'
          : isAllowedHost
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

// ---------------------------------------------------------------------------------------------
// Fetching

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
  const deadline = new Deadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    let current: string | URL = url;
    for (let redirects = 0; ; redirects++) {
      const target = await validate(current, options, deadline);
      const response = await request(target, options, deadline.signal);
      const status = response.statusCode ?? 0;
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
      return { finalUrl: target.url.href, contentType, bytes };
    }
  } finally {
    deadline.dispose();
  }
}

function request(
  target: Target,
  options: SafeFetchOptions,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
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
        connect(target, options, signal).then(
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

async function readBody(
  response: http.IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const tooLarge = () =>
    new FetchFailedError(`the response is larger than ${maxBytes} bytes`, permanent);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let stream: Readable = response;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = response.pipe(zlib.createInflate());
  else if (encoding === 'br') stream = response.pipe(zlib.createBrotliDecompress());
  else if (encoding !== 'identity' && encoding !== '') {
    response.destroy();
    throw new FetchFailedError(`unsupported content encoding ${encoding}`, permanent);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(error);
        response.destroy();
        stream.destroy();
      };
      const onAbort = () => fail(signal.reason as Error);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) return fail(tooLarge());
        chunks.push(chunk);
      });
      stream.once('end', () => {
        if (!response.complete) {
          fail(new FetchFailedError('the connection closed before the whole response arrived'));
          return;
        }
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      const onError = (error: Error) => {
        fail(
          error instanceof FetchFailedError
            ? error
            : new FetchFailedError(`could not read the response: ${error.message}`),
        );
      };
      stream.once('error', onError);
      if (stream !== response) response.once('error', onError);
      response.once('aborted', () => onError(new Error('the connection was closed')));
    });
  } catch (error) {
    if (signal.aborted && !(error instanceof FetchFailedError)) throw signal.reason as Error;
    throw error;
  }
  const buffer = Buffer.concat(chunks, total);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
