import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchFailedError, safeFetch, type SafeFetchOptions } from './safe-fetch.js';

// An address that never accepts, on loopback only: a socket listening on 127.0.0.3 in a thread
// that blocks right after listen(), so nothing is ever accepted. Once its accept queue is full
// the kernel drops further SYNs, and a connect hangs as it would to a host that is down.
const UNREACHABLE = '127.0.0.3';
const listenerSource = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const server = net.createServer();
server.once('error', (error) => parentPort.postMessage({ error: error.message }));
server.listen({ host: workerData.host, port: workerData.port, backlog: 1 }, () => {
  parentPort.postMessage({ listening: true });
  Atomics.wait(new Int32Array(workerData.wake), 0, 0, 60000);
  server.close();
});
`;

let server: http.Server;
let port: number;
let listener: Worker;
const wake = new SharedArrayBuffer(4);
const fillers: net.Socket[] = [];

/** Connects until a connection stays pending: then the accept queue is full. */
async function fillAcceptQueue(): Promise<void> {
  for (let i = 0; i < 8; i++) {
    const socket = net.connect({ host: UNREACHABLE, port });
    socket.on('error', () => undefined);
    fillers.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) return;
  }
  throw new Error(`the accept queue of ${UNREACHABLE}:${port} never filled`);
}

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  listener = new Worker(listenerSource, {
    eval: true,
    workerData: { host: UNREACHABLE, port, wake },
  });
  const message = await new Promise<{ error?: string }>((resolve) =>
    listener.once('message', resolve),
  );
  if (message.error) throw new Error(`listening on ${UNREACHABLE}:${port}: ${message.error}`);
  await fillAcceptQueue();
});

afterAll(async () => {
  for (const socket of fillers) socket.destroy();
  const exited = new Promise((resolve) => listener.once('exit', resolve));
  Atomics.notify(new Int32Array(wake), 0);
  await exited;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function options(addresses: string[], extra: SafeFetchOptions): SafeFetchOptions {
  return {
    allowedHosts: ['docs.test'],
    resolve: async () => addresses.map((address) => ({ address, family: 4 as const })),
    ...extra,
  };
}

describe('connecting, address by address', () => {
  it('moves on to the next address when one does not accept within connectTimeoutMs', async () => {
    const started = Date.now();
    const page = await safeFetch(
      `http://docs.test:${port}/`,
      options([UNREACHABLE, '127.0.0.1'], { connectTimeoutMs: 200, timeoutMs: 5000 }),
    );
    const elapsed = Date.now() - started;
    expect(new TextDecoder().decode(page.bytes)).toBe('ok');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2000);
  });

  it('fails, retryable, when no address accepts in time, well before the deadline', async () => {
    const started = Date.now();
    const error = await safeFetch(
      `http://docs.test:${port}/`,
      options([UNREACHABLE], { connectTimeoutMs: 200, timeoutMs: 5000 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchFailedError);
    expect(error).toMatchObject({
      message: `could not fetch docs.test:${port}: connecting to ${UNREACHABLE} timed out after 200 ms`,
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('gives one address 5 s by default', async () => {
    const started = Date.now();
    const page = await safeFetch(
      `http://docs.test:${port}/`,
      options([UNREACHABLE, '127.0.0.1'], { timeoutMs: 15_000 }),
    );
    const elapsed = Date.now() - started;
    expect(new TextDecoder().decode(page.bytes)).toBe('ok');
    expect(elapsed).toBeGreaterThanOrEqual(4990);
    expect(elapsed).toBeLessThan(8000);
  });

  it('leaves the attempt to the deadline when less time is left than that', async () => {
    const error = await safeFetch(
      `http://docs.test:${port}/`,
      options([UNREACHABLE, '127.0.0.1'], { connectTimeoutMs: 5000, timeoutMs: 300 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchFailedError);
    expect(error).toMatchObject({ message: 'timed out after 300 ms', retryable: true });
  });
});
