import { execFileSync } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertFetchable,
  BlockedUrlError,
  FetchFailedError,
  safeFetch,
  type SafeFetchOptions,
} from './safe-fetch.js';

// Every client socket Node creates in this process, to prove that refused URLs never connect.
const clientSockets: string[] = [];
function onClientSocket(message: unknown) {
  const { socket } = message as { socket: Socket };
  clientSockets.push(socket.remoteAddress ?? 'pending');
}

interface TestServer {
  base: string;
  port: number;
  connections: number;
  requests: string[];
  close: () => Promise<void>;
}

async function startServer(host: string, handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  const state = { connections: 0, requests: [] as string[] };
  server.on('connection', () => state.connections++);
  server.on('request', (req: http.IncomingMessage) => state.requests.push(req.url ?? ''));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://${host}:${port}`,
    port,
    get connections() {
      return state.connections;
    },
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let main: TestServer;
let other: TestServer; // on 127.0.0.2, never allow-listed: nothing may ever reach it
const allow: SafeFetchOptions = { allowedHosts: ['127.0.0.1'] };

beforeAll(async () => {
  diagnosticsChannel.subscribe('net.client.socket', onClientSocket);
  other = await startServer('127.0.0.2', (_req, res) => res.end('should never be reached'));
  main = await startServer('127.0.0.1', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const to = url.searchParams.get('to');
    switch (url.pathname) {
      case '/page':
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end('<h1>Hello</h1>');
        return;
      case '/gzip':
        res.setHeader('content-type', 'text/plain');
        res.setHeader('content-encoding', 'gzip');
        res.end(gzipSync(Buffer.from('compressed text '.repeat(100))));
        return;
      case '/redirect':
        res.statusCode = Number(url.searchParams.get('status') ?? 302);
        res.setHeader('location', to ?? '/page');
        res.end();
        return;
      case '/loop': {
        const n = Number(url.searchParams.get('n') ?? 0);
        res.statusCode = 302;
        res.setHeader('location', `/loop?n=${n + 1}`);
        res.end();
        return;
      }
      case '/big-declared':
        res.setHeader('content-length', String(10_000));
        res.end('x'.repeat(10_000));
        return;
      case '/big-chunked':
        // No Content-Length: the size is only known while streaming.
        for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
        res.end();
        return;
      case '/gzip-bomb':
        res.setHeader('content-encoding', 'gzip');
        res.end(gzipSync(Buffer.alloc(1_000_000)));
        return;
      case '/unavailable':
        res.statusCode = 503;
        res.end();
        return;
      case '/hang':
        return; // never answers
      case '/slow-body':
        res.write('start');
        return; // never finishes
      default:
        res.statusCode = 404;
        res.end('not found');
    }
  });
});

afterAll(async () => {
  diagnosticsChannel.unsubscribe('net.client.socket', onClientSocket);
  await main.close();
  await other.close();
});

beforeEach(() => {
  clientSockets.length = 0;
});

async function blocked(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BlockedUrlError);
  return (error as Error).message;
}

async function failed(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchFailedError);
  return (error as Error).message;
}

describe('assertFetchable', () => {
  it('accepts a public IP literal without connecting', async () => {
    await assertFetchable('http://93.184.216.34/doc.html');
    await assertFetchable('https://[2606:4700:4700::1111]:8443/');
    expect(clientSockets).toEqual([]);
  });

  it.each([
    ['file:///etc/passwd', 'only http and https'],
    ['ftp://127.0.0.1/file', 'only http and https'],
    ['data:text/plain,hello', 'only http and https'],
    ['gopher://127.0.0.1:70/', 'only http and https'],
    ['javascript:alert(1)', 'only http and https'],
    ['not a url', 'not a valid URL'],
    ['http://user:pass@93.184.216.34/', 'credentials'],
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://0/', 'unspecified'],
    ['http://[::1]/', 'loopback'],
    ['http://[::]/', 'unspecified'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:a9fe:a9fe]/', 'metadata'],
    ['http://[64:ff9b::10.0.0.1]/', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
    ['http://METADATA.GOOGLE.INTERNAL./', 'metadata'],
    ['http://10.0.0.1/', 'private'],
    ['http://192.168.0.1:8080/', 'private'],
    ['http://localhost/', 'loopback'],
    ['http://api.localhost/', 'loopback'],
  ])('refuses %s', async (url, reason) => {
    expect(await blocked(assertFetchable(url))).toContain(reason);
    expect(clientSockets).toEqual([]);
  });

  it('refuses a host when any of its addresses is private', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '10.0.0.5', family: 4 as const },
    ];
    expect(await blocked(assertFetchable('http://mixed.example/', { resolve }))).toContain(
      'resolves to 10.0.0.5, a private address',
    );
  });

  it('refuses a host that does not resolve', async () => {
    const resolve = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await blocked(assertFetchable('http://nowhere.invalid/', { resolve }))).toContain(
      'could not be resolved',
    );
  });

  it('lets allow-listed hosts through, but never a metadata address', async () => {
    await assertFetchable('http://127.0.0.1:1/', allow);
    await assertFetchable('http://localhost/', { allowedHosts: ['localhost'] });
    await assertFetchable('http://[::1]/', { allowedHosts: ['[::1]'] });
    await assertFetchable('http://[::1]/', { allowedHosts: ['0:0::1'] });
    const resolve = async () => [{ address: '169.254.169.254', family: 4 as const }];
    expect(
      await blocked(
        assertFetchable('http://intranet.example/', {
          allowedHosts: ['intranet.example'],
          resolve,
        }),
      ),
    ).toContain('metadata');
    // Allow-listing 127.0.0.1 does not allow 127.0.0.2, nor names that resolve to 127.0.0.1.
    await blocked(assertFetchable('http://127.0.0.2/', allow));
    await blocked(assertFetchable('http://localhost/', allow));
  });
});

describe('safeFetch', () => {
  it('fetches from an allow-listed local server', async () => {
    const page = await safeFetch(`${main.base}/page`, allow);
    expect(new TextDecoder().decode(page.bytes)).toBe('<h1>Hello</h1>');
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.finalUrl).toBe(`${main.base}/page`);
  });

  it('decodes a gzip response', async () => {
    const page = await safeFetch(`${main.base}/gzip`, allow);
    expect(new TextDecoder().decode(page.bytes)).toBe('compressed text '.repeat(100));
  });

  it('refuses the same server without the allow-list, before connecting', async () => {
    const before = main.connections;
    expect(await blocked(safeFetch(`${main.base}/page`))).toContain('loopback');
    expect(main.connections).toBe(before);
    expect(clientSockets).toEqual([]);
  });

  it.each([
    'http://169.254.169.254/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/',
    'file:///etc/passwd',
    'ftp://127.0.0.1/',
  ])('refuses %s without connecting', async (url) => {
    await blocked(safeFetch(url));
    expect(clientSockets).toEqual([]);
  });

  it('follows redirects within the allow-list', async () => {
    const page = await safeFetch(
      `${main.base}/redirect?status=301&to=/redirect%3Fstatus%3D308`,
      allow,
    );
    expect(page.finalUrl).toBe(`${main.base}/page`);
    expect(new TextDecoder().decode(page.bytes)).toBe('<h1>Hello</h1>');
  });

  it.each([
    ['http://10.0.0.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'metadata'],
    ['http://[::1]/', 'loopback'],
    ['file:///etc/passwd', 'only http and https'],
  ])('refuses a redirect to %s without connecting to it', async (to, reason) => {
    const url = `${main.base}/redirect?to=${encodeURIComponent(to)}`;
    expect(await blocked(safeFetch(url, allow))).toContain(reason);
    expect(clientSockets).toHaveLength(1); // the allow-listed server only
  });

  it('refuses a redirect to an address that is not allow-listed (127.0.0.2)', async () => {
    const before = other.connections;
    const url = `${main.base}/redirect?to=${encodeURIComponent(`${other.base}/secret`)}`;
    expect(await blocked(safeFetch(url, allow))).toContain('127.0.0.2 is a loopback address');
    expect(other.connections).toBe(before);
    expect(other.requests).toEqual([]);
    expect(clientSockets).toHaveLength(1);
  });

  it('stops after too many redirects', async () => {
    expect(await failed(safeFetch(`${main.base}/loop`, { ...allow, maxRedirects: 3 }))).toContain(
      'too many redirects',
    );
    expect(clientSockets).toHaveLength(4);
    await expect(
      safeFetch(`${main.base}/redirect`, { ...allow, maxRedirects: 1 }),
    ).resolves.toMatchObject({ finalUrl: `${main.base}/page` });
  });

  it('refuses an oversized body declared by Content-Length', async () => {
    expect(
      await failed(safeFetch(`${main.base}/big-declared`, { ...allow, maxBytes: 5000 })),
    ).toContain('larger than 5000 bytes');
  });

  it('refuses an oversized body while streaming (no Content-Length)', async () => {
    expect(
      await failed(safeFetch(`${main.base}/big-chunked`, { ...allow, maxBytes: 5000 })),
    ).toContain('larger than 5000 bytes');
    const page = await safeFetch(`${main.base}/big-chunked`, { ...allow, maxBytes: 10_000 });
    expect(page.bytes.byteLength).toBe(10_000);
  });

  it('limits the decompressed size too', async () => {
    expect(
      await failed(safeFetch(`${main.base}/gzip-bomb`, { ...allow, maxBytes: 100_000 })),
    ).toContain('larger than 100000 bytes');
  });

  it('times out on a server that never answers', async () => {
    const started = Date.now();
    const error = await safeFetch(`${main.base}/hang`, { ...allow, timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchFailedError);
    expect(error).toMatchObject({ message: 'timed out after 300 ms', retryable: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out on a body that never ends', async () => {
    expect(
      await failed(safeFetch(`${main.base}/slow-body`, { ...allow, timeoutMs: 300 })),
    ).toContain('timed out');
  });

  it('fails with the status on a 404 (not retryable) and a 503 (retryable)', async () => {
    const notFound = await safeFetch(`${main.base}/missing`, allow).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(FetchFailedError);
    expect(notFound).toMatchObject({
      message: 'HTTP 404 Not Found',
      status: 404,
      retryable: false,
    });
    const unavailable = await safeFetch(`${main.base}/unavailable`, allow).catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ status: 503, retryable: true });
  });

  it('fails on a refused connection', async () => {
    const closed = await startServer('127.0.0.1', () => undefined);
    await closed.close();
    expect(await failed(safeFetch(`${closed.base}/`, allow))).toContain('ECONNREFUSED');
  });

  it('connects to the address it validated (no second DNS query)', async () => {
    // A rebinding resolver: the first answer is allow-listed, later ones point elsewhere.
    const answers = ['127.0.0.1', '127.0.0.2', '127.0.0.2'];
    let calls = 0;
    const resolve = async () => [{ address: answers[calls++] ?? '127.0.0.2', family: 4 as const }];
    const host = 'docs.test';
    const before = other.connections;
    const page = await safeFetch(`http://${host}:${main.port}/page`, {
      allowedHosts: [host],
      resolve,
    });
    expect(new TextDecoder().decode(page.bytes)).toBe('<h1>Hello</h1>');
    expect(calls).toBe(1);
    expect(other.connections).toBe(before);
  });

  it('sends the original host name in the Host header', async () => {
    let seenHost: string | undefined;
    const server = await startServer('127.0.0.1', (req, res) => {
      seenHost = req.headers.host;
      res.end('ok');
    });
    try {
      const resolve = async () => [{ address: '127.0.0.1', family: 4 as const }];
      await safeFetch(`http://docs.test:${server.port}/`, { allowedHosts: ['docs.test'], resolve });
      expect(seenHost).toBe(`docs.test:${server.port}`);
    } finally {
      await server.close();
    }
  });

  const hasOpenssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasOpenssl)(
    'speaks TLS with the original host name as SNI and verifies the certificate',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'safe-fetch-tls-'));
      try {
        execFileSync(
          'openssl',
          [
            ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
            ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
            ...['-subj', '/CN=docs.test', '-addext', 'subjectAltName=DNS:docs.test'],
          ],
          { stdio: 'ignore' },
        );
        const servernames: string[] = [];
        const server = https.createServer(
          {
            key: readFileSync(join(dir, 'key.pem')),
            cert: readFileSync(join(dir, 'cert.pem')),
            SNICallback: (servername, done) => {
              servernames.push(servername);
              done(null, undefined);
            },
          },
          (_req, res) => res.end('secret'),
        );
        server.on('tlsClientError', () => undefined);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const { port } = server.address() as AddressInfo;
        try {
          const resolve = async () => [{ address: '127.0.0.1', family: 4 as const }];
          const message = await failed(
            safeFetch(`https://docs.test:${port}/`, { allowedHosts: ['docs.test'], resolve }),
          );
          // The self-signed certificate is refused: TLS is verified as usual.
          expect(message).toMatch(/self[- ]signed/i);
          // The ClientHello carried the host name (SNI), not the IP address.
          expect(servernames).toEqual(['docs.test']);
        } finally {
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
