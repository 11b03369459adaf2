// The HTTP surface through app.inject(): health, docs, metrics, JSON errors, the web app.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { serveMetrics } from '../src/http/metrics.js';
import { WEB_SECURITY_HEADERS } from '../src/http/web.js';
import { API_SECURITY_HEADERS } from '../src/http/response-headers.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { openQueue, type JobQueue } from '../src/queue/index.js';
import { signUp, type TestUser } from './support/app.js';
import { migratedDatabase, redisUrl, silentLogger, testConfig } from './support/databases.js';

function webDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docket-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Docket</title><div id="root"></div>',
  );
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("hi")');
  return dir;
}

async function appWith(database: Database, queue: JobQueue, serveWeb = false) {
  return buildApp({
    config: testConfig({ WEB_DIR: webDir() }),
    db: database.db,
    queue,
    logger: silentLogger,
    serveWeb,
  });
}

describe('HTTP API', () => {
  let database: Database;
  let queue: JobQueue;
  let app: FastifyInstance;
  let user: TestUser;

  beforeAll(async () => {
    database = await migratedDatabase('pglite');
    queue = await openQueue({ redisUrl: undefined }, database.db, silentLogger);
    app = await appWith(database, queue, true);
    user = await signUp(app, 'http');
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('answers live and ready with every check', async () => {
    expect((await app.inject('/api/health/live')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/api/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { database: { ok: true }, schema: { ok: true }, queue: { ok: true } },
    });
  });

  it('describes what chat and embeddings use, to a signed-in user only', async () => {
    expect((await app.inject('/api/settings')).statusCode).toBe(401);
    const settings = await app.inject({ url: '/api/settings', headers: user.auth });
    expect(settings.statusCode).toBe(200);
    expect(settings.json()).toMatchObject({
      chat: { provider: 'offline', model: null, endpoint: null },
      embeddings: { provider: 'offline', model: 'offline-hash-v2', dimensions: 384 },
      uploadMaxBytes: expect.any(Number),
    });
  });

  it('serves an OpenAPI 3 document listing the health routes, and its UI', async () => {
    const doc = (await app.inject('/api/docs/json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health/live', '/api/health/ready', '/api/diagnostics/jobs']),
    );
    const ui = await app.inject('/api/docs');
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('serves Prometheus metrics on a listener of their own, not on the API port', async () => {
    await app.inject('/api/health/live');
    expect((await app.inject('/metrics')).statusCode).toBe(404);
    const server = await serveMetrics(
      app.metricsRegistry,
      { host: '127.0.0.1', port: 0 },
      silentLogger,
    );
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
      const body = await metrics.text();
      expect(body).toMatch(
        /docket_http_request_duration_seconds_count\{[^}]*route="\/api\/health\/live"/,
      );
      expect(body).toMatch(/docket_jobs\{state="waiting"\} \d+/);
      expect(body).toMatch(/docket_process_cpu_seconds_total/);
      expect((await fetch(`${base}/api/settings`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('answers JSON errors: 404 for an unknown API route, 400 naming the bad field', async () => {
    const missing = await app.inject({ url: '/api/nothing-here', headers: user.auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route for /api/nothing-here' },
    });

    const headers = user.auth;
    const bad = await app.inject({
      method: 'POST',
      url: '/api/diagnostics/jobs',
      headers,
      payload: { durationMs: -5 },
    });
    expect(bad.statusCode).toBe(400);
    const error = bad.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toMatch(/durationMs/);

    const unknownField = await app.inject({
      method: 'POST',
      url: '/api/diagnostics/jobs',
      headers,
      payload: { nope: 1 },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json<{ error: { message: string } }>().error.message).toMatch(
      /body\.nope: unknown field/,
    );

    const notJson = await app.inject({
      method: 'POST',
      url: '/api/diagnostics/jobs',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toEqual({
      error: { code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: expect.stringMatching(/JSON/) },
    });

    const unknownJob = await app.inject({
      url: '/api/diagnostics/jobs/00000000-0000-0000-0000-000000000000',
      headers,
    });
    expect(unknownJob.statusCode).toBe(404);
    expect(unknownJob.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'diagnostic job not found' },
    });
  });

  it('keeps a request id: the caller’s when valid, a fresh one otherwise', async () => {
    const given = await app.inject({
      url: '/api/health/live',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(given.headers['x-request-id']).toBe('trace-123');
    const fresh = await app.inject({
      url: '/api/health/live',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends its request id and the API security headers with every answer, errors included', async () => {
    const answers = {
      route: await app.inject({ url: '/api/tasks', headers: user.auth }),
      public: await app.inject('/api/health/live'),
      unauthorized: await app.inject('/api/tasks'),
      notFound: await app.inject({ url: '/api/nothing-here', headers: user.auth }),
      invalid: await app.inject({ url: '/api/tasks?limit=nope', headers: user.auth }),
      // Fastify refuses a URL it cannot decode before any route (frameworkErrors).
      badUrl: await app.inject({ url: '/api/tasks/%E0%A4%A', headers: user.auth }),
    };
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.headers, name).toMatchObject(API_SECURITY_HEADERS);
      expect(answer.headers['x-request-id'], name).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(answers.badUrl.statusCode).toBe(400);
  });

  it('serves the web app: index.html never cached, hashed assets for a year, SPA fallback', async () => {
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<div id="root">');
    const route = await app.inject('/tasks/some-id');
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('<div id="root">');
    const asset = await app.inject('/assets/index-abc123.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The API's paths, the OpenAI-compatible /v1 included, never fall back to the page.
    for (const url of ['/api/nope', '/v1/nope', '/v1']) {
      const missing = await app.inject(url);
      expect(missing.statusCode, url).toBe(404);
      expect(missing.headers['content-type'], url).toMatch(/^application\/json/);
    }
  });

  it('sends the web app with the security headers nginx sends, and leaves the API its own', async () => {
    const nginx = readFileSync(
      new URL('../../web/nginx/default.conf.template', import.meta.url),
      'utf8',
    );
    const { 'content-security-policy': policy, ...others } = WEB_SECURITY_HEADERS;
    expect(policy).toBe(/^\s*default\s+"([^"]+)";/m.exec(nginx)?.[1]);
    const oneSpaced = nginx.replace(/\s+/g, ' ').toLowerCase();
    for (const [name, value] of Object.entries(others))
      expect(oneSpaced).toContain(`add_header ${name} "${value.toLowerCase()}" always;`);

    for (const url of ['/', '/tasks/some-id', '/assets/index-abc123.js'])
      expect((await app.inject(url)).headers, url).toMatchObject(WEB_SECURITY_HEADERS);
    const api = await app.inject('/api/health/live');
    expect(api.headers['content-security-policy']).toBeUndefined();
  });
});

describe('readiness when something is wrong', () => {
  it('is 503 naming the schema when migrations are pending', async () => {
    const database = await openDatabase(testConfig(), silentLogger, { inMemory: true });
    const queue = await openQueue({ redisUrl: undefined }, database.db, silentLogger);
    const app = await appWith(database, queue);
    const ready = await app.inject('/api/health/ready');
    expect(ready.statusCode).toBe(503);
    const body = ready.json<{
      status: string;
      checks: Record<string, { ok: boolean; message?: string }>;
    }>();
    expect(body.status).toBe('unavailable');
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.schema?.ok).toBe(false);
    expect(body.checks.schema?.message).toMatch(/migration\(s\) not applied/);
    await app.close();
    await database.close();
  });

  it('is 503 naming the queue when Redis is gone', async () => {
    const database = await migratedDatabase('postgres');
    const queue = await openQueue({ redisUrl: redisUrl(2) }, database.db, silentLogger);
    const app = await appWith(database, queue);
    expect((await app.inject('/api/health/ready')).statusCode).toBe(200);
    await queue.close(); // the connection is gone, as when Redis goes away
    const ready = await app.inject('/api/health/ready');
    expect(ready.statusCode).toBe(503);
    const checks = ready.json<{ checks: Record<string, { ok: boolean }> }>().checks;
    expect(checks).toMatchObject({
      database: { ok: true },
      schema: { ok: true },
      queue: { ok: false },
    });
    await app.close();
    await database.close();
  });
});
