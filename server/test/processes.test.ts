// The real CLI, as users and containers run it: configuration errors, the embedded `all`
// role with data kept across restarts, the split roles on PostgreSQL and Redis, signals.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  freePort,
  killAll,
  signUpOver,
  spawnCommand,
  spawnApi,
  spawnDocket,
  terminate,
  waitForStatus,
  type Running,
} from './support/processes.js';
import { createPostgresDatabase, redisUrl } from './support/databases.js';

const SECRET = 'process-test-secret-that-is-long-enough-0123456789';

/** An API token per server (by base URL), made on first use. */
const tokens = new Map<string, Record<string, string>>();
async function authFor(base: string) {
  if (!tokens.has(base)) tokens.set(base, await signUpOver(base));
  return tokens.get(base)!;
}

async function enqueueDiagnostic(base: string, body: object): Promise<string> {
  const auth = await authFor(base);
  const response = await fetch(`${base}/api/diagnostics/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

async function jobOf(base: string, id: string) {
  const headers = await authFor(base);
  return (await (await fetch(`${base}/api/diagnostics/jobs/${id}`, { headers })).json()) as {
    state: string;
    completions: number;
    progress: number;
  };
}

async function waitForJob(base: string, id: string, state: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await jobOf(base, id);
    if (job.state === state) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job.state}, expected ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(() => assertBuilt());
afterAll(() => killAll());

describe('start-up configuration errors', () => {
  it('exits non-zero within seconds, naming DATABASE_URL, when it is not a URL', async () => {
    const started = Date.now();
    const run = spawnDocket('all', { DATABASE_URL: 'not-a-url' });
    expect(await run.exited).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run.output()).toMatch(/DATABASE_URL: expected a postgres:\/\/ URL/);
    expect(run.output()).not.toContain('not-a-url');
  });

  it('refuses the api and worker roles without their servers, and an unknown role', async () => {
    const worker = spawnDocket('worker', {
      DATABASE_URL: 'postgres://db/docket',
      AUTH_SECRET: SECRET,
    });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/REDIS_URL: required by the worker role/);
    const api = spawnDocket('api', { REDIS_URL: 'redis://127.0.0.1:1', AUTH_SECRET: SECRET });
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/DATABASE_URL: required by the api role/);
    const unknown = spawnDocket('everything', {});
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toMatch(/unknown command "everything"/);
  });

  it('migrate, api and worker wait for a database and a Redis not up yet; migrate fails closed on any other error', async () => {
    // As after `docker compose restart`: a role may start before PostgreSQL or Redis answers.
    const waitsFor = async (role: string, databaseUrl: string, what: RegExp) => {
      const waiting = spawnDocket(role, {
        DATABASE_URL: databaseUrl,
        REDIS_URL: 'redis://127.0.0.1:1',
        AUTH_SECRET: SECRET,
      });
      const deadline = Date.now() + 10_000;
      while (!what.test(waiting.output()) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      waiting.child.kill('SIGKILL');
      expect(waiting.output(), role).toMatch(what);
      expect(waiting.output(), role).not.toMatch(/failed to start/);
    };
    const database = /"code":"ECONNREFUSED".*"msg":"waiting for the database"/;
    for (const role of ['migrate', 'api', 'worker'])
      await waitsFor(role, 'postgres://nobody:nothing@127.0.0.1:1/docket', database);
    const migrated = await createPostgresDatabase();
    const migrate = spawnDocket('migrate', { DATABASE_URL: migrated, AUTH_SECRET: SECRET });
    expect(await migrate.exited, migrate.output()).toBe(0);
    const redis = /"code":"ECONNREFUSED"[^]*"msg":"waiting for Redis"[^]*"msg":"waiting for Redis"/;
    for (const role of ['api', 'worker']) await waitsFor(role, migrated, redis);

    const url = new URL(await createPostgresDatabase());
    url.password = 'not-the-password';
    const refused = spawnDocket('migrate', { DATABASE_URL: url.toString(), AUTH_SECRET: SECRET });
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toMatch(/failed to start/);
    expect(refused.output()).not.toContain('not-the-password');
  });
});

describe('embedded: the all role on PGlite', () => {
  it('serves the API and web page, runs jobs, stops on SIGTERM, and keeps data across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docket-embedded-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      HEARTBEAT_FILE: join(dataDir, 'heartbeat.json'),
    };

    const first = spawnDocket('all', env);
    await waitForStatus(`${base}/api/health/ready`, 200, first);
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<div id="root">');
    const id = await enqueueDiagnostic(base, { durationMs: 200, failAttempts: 1 });
    expect(await waitForJob(base, id, 'completed')).toMatchObject({
      completions: 1,
      progress: 100,
    });

    // A task made over REST is read back by an MCP client with the same token.
    const headers = await authFor(base);
    const created = await fetch(`${base}/api/tasks`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Read me over MCP' }),
    });
    expect(created.status).toBe(201);
    const mcp = new Client({ name: 'process-test', version: '1.0.0' });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/api/mcp`), { requestInit: { headers } }),
    );
    const listed = await mcp.callTool({ name: 'list_tasks', arguments: {} });
    expect(JSON.stringify(listed.structuredContent)).toContain('Read me over MCP');
    await mcp.close();

    const healthy = spawnDocket('healthcheck', env);
    expect(await healthy.exited).toBe(0);

    const stop = await terminate(first);
    expect(stop.code).toBe(0);
    expect(stop.ms).toBeLessThan(10_000);
    expect(first.output()).toMatch(/stopped cleanly/);
    const unhealthy = spawnDocket('healthcheck', env);
    expect(await unhealthy.exited).toBe(1);

    const second = spawnDocket('all', env);
    await waitForStatus(`${base}/api/health/ready`, 200, second);
    expect(await jobOf(base, id)).toMatchObject({ state: 'completed', completions: 1 });
    expect((await terminate(second)).code).toBe(0);
  });

  it('finishes a running job before exiting on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docket-embedded-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const run = spawnDocket('all', {
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      HEARTBEAT_FILE: join(dataDir, 'hb'),
    });
    await waitForStatus(`${base}/api/health/ready`, 200, run);
    const id = await enqueueDiagnostic(base, { durationMs: 2_000 });
    await waitForJob(base, id, 'active');
    const stop = await terminate(run);
    expect(stop).toMatchObject({ code: 0 });
    expect(stop.ms).toBeGreaterThan(500);

    const again = spawnDocket('all', {
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      HEARTBEAT_FILE: join(dataDir, 'hb'),
    });
    await waitForStatus(`${base}/api/health/ready`, 200, again);
    expect(await jobOf(base, id)).toMatchObject({ state: 'completed', completions: 1 });
    await terminate(again);
  });
});

describe('split roles on PostgreSQL and Redis', () => {
  it('migrate exits 0 (twice), the api enqueues, the worker runs the job and drains on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-roles-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const shared = {
      DATABASE_URL: await createPostgresDatabase(),
      REDIS_URL: redisUrl(3),
      AUTH_SECRET: SECRET,
    };

    for (let i = 0; i < 2; i += 1) {
      const migrate = spawnDocket('migrate', shared);
      expect(await migrate.exited, migrate.output()).toBe(0);
    }
    const api = spawnApi(shared, port, dir);
    const worker: Running = spawnDocket('worker', {
      ...shared,
      HEARTBEAT_FILE: join(dir, 'worker.hb'),
    });
    await waitForStatus(`${base}/api/health/ready`, 200, api);
    // The api serves no web page: in containers nginx does.
    expect((await fetch(`${base}/`)).status).toBe(404);

    const quick = await enqueueDiagnostic(base, { durationMs: 100 });
    expect(await waitForJob(base, quick, 'completed')).toMatchObject({ completions: 1 });
    const workerHealth = spawnDocket('healthcheck', { HEARTBEAT_FILE: join(dir, 'worker.hb') });
    expect(await workerHealth.exited, workerHealth.output()).toBe(0);
    const apiHealth = spawnDocket('healthcheck', { HEARTBEAT_FILE: join(dir, 'api.hb') });
    expect(await apiHealth.exited, apiHealth.output()).toBe(0);

    const slow = await enqueueDiagnostic(base, { durationMs: 2_000 });
    await waitForJob(base, slow, 'active');
    const stop = await terminate(worker);
    expect(stop.code, worker.output()).toBe(0);
    expect(await jobOf(base, slow)).toMatchObject({ state: 'completed', completions: 1 });
    expect(worker.output()).not.toMatch(/fastify/i);
    expect((await terminate(api)).code).toBe(0);
  });
});

describe('npm start', () => {
  it('builds, serves, and ends with status 0 within 10 s of SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docket-npm-start-'));
    const port = await freePort();
    const run = spawnCommand('npm', ['start'], {
      DATA_DIR: dataDir,
      PORT: String(port),
      HEARTBEAT_FILE: join(dataDir, 'hb'),
    });
    await waitForStatus(`http://127.0.0.1:${port}/api/health/ready`, 200, run, 120_000);
    const stop = await terminate(run);
    expect(stop.code, run.output()).toBe(0);
    expect(stop.ms).toBeLessThan(10_000);
  }, 180_000);
});
