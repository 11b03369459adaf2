// Who may call what is decided by the route a request matched, never by how its request line
// spells the path. Every route in /api/docs/json is asked for, with no credentials, in every
// odd spelling (absolute-form, `HTTP://`, `//api`, `/./api`, `%2F`, trailing dots...) over a raw
// socket: a route not declared public must never answer it with anything but a refusal.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import { rawRequest, spellings } from './support/raw-http.js';

/** The only routes anyone may call without signing in; a new one must be added here on purpose. */
const PUBLIC_OPERATIONS = [
  'GET /api/auth/signup-status',
  'GET /api/auth/sso',
  'GET /api/health/live',
  'GET /api/health/ready',
];

/** Routes the docs leave out; the private ones among them are checked like the others. */
const HIDDEN_PRIVATE_OPERATIONS = ['POST /api/mcp', 'GET /api/mcp', 'DELETE /api/mcp'];

/** Refusals: not signed in, or no route matched that spelling, or a malformed request line. */
const REFUSALS = [400, 401, 404];

interface OpenApiDoc {
  paths: Record<string, Record<string, unknown>>;
}

function operationsOf(doc: OpenApiDoc): string[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** A concrete path for an OpenAPI template: every `{param}` becomes a well-formed id. */
const concrete = (template: string) =>
  template.replaceAll(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');

const JSON_BODY = { 'content-type': 'application/json' };

describe('authentication is decided by the matched route', () => {
  let docket: TestApp;
  let port: number;
  let user: TestUser;
  let operations: string[];

  beforeAll(async () => {
    docket = await startTestApp({}, { kind: 'pglite' });
    await docket.app.listen({ host: '127.0.0.1', port: 0 });
    port = (docket.app.server.address() as AddressInfo).port;
    user = await signUp(docket.app, 'raw');
    operations = operationsOf((await docket.app.inject('/api/docs/json')).json<OpenApiDoc>());
  });
  afterAll(() => docket.close());

  it('lists every route the docs describe, and only the known ones are public', async () => {
    expect(operations.length).toBeGreaterThan(15);
    const publicOnes: string[] = [];
    for (const operation of operations) {
      const [method = '', path = ''] = operation.split(' ');
      const response = await rawRequest(port, method, concrete(path), JSON_BODY, '{}');
      if (response.status !== 401) publicOnes.push(operation);
    }
    expect(publicOnes.sort()).toEqual(PUBLIC_OPERATIONS);
  });

  it('refuses every private route without credentials, however the request line spells it', async () => {
    const leaks: string[] = [];
    const privateOps = [
      ...operations.filter((op) => !PUBLIC_OPERATIONS.includes(op)),
      ...HIDDEN_PRIVATE_OPERATIONS,
    ];
    for (const operation of privateOps) {
      const [method = '', template = ''] = operation.split(' ');
      const methods = method === 'GET' ? ['GET', 'HEAD'] : [method];
      for (const verb of methods)
        for (const target of spellings(concrete(template), port)) {
          const { status } = await rawRequest(port, verb, target, JSON_BODY, '{}');
          if (!REFUSALS.includes(status)) leaks.push(`${verb} ${target} → ${status}`);
        }
    }
    expect(leaks).toEqual([]);
  });

  it('still serves a signed-in caller who writes the absolute form', async () => {
    const target = `http://127.0.0.1:${port}/api/settings`;
    const { status } = await rawRequest(port, 'GET', target, {
      authorization: user.auth.authorization,
    });
    expect(status).toBe(200);
  });

  it('does not serve metrics on the public port', async () => {
    for (const target of spellings('/metrics', port)) {
      const { status } = await rawRequest(port, 'GET', target);
      expect(REFUSALS, `GET ${target}`).toContain(status);
    }
  });
});

describe('changes made with the session cookie must come from Docket’s own origin (CSRF)', () => {
  const PUBLIC_URL = 'https://docket.example.com';
  let docket: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    docket = await startTestApp({ PUBLIC_URL }, { kind: 'pglite' });
    user = await signUp(docket.app, 'csrf', { origin: PUBLIC_URL });
  });
  afterAll(() => docket.close());

  /** A cross-site form post: the browser adds the cookie and says where the page was. */
  function formPost(headers: Record<string, string>) {
    const boundary = '----docketcsrf';
    const payload = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="planted.txt"',
      'Content-Type: text/plain',
      '',
      'planted by another site',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    return docket.app.inject({
      method: 'POST',
      url: '/api/documents',
      payload,
      headers: {
        cookie: user.cookie,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...headers,
      },
    });
  }

  it('refuses a cross-site form post carrying the cookie, whatever the page says it is', async () => {
    const crossSite: Record<string, string>[] = [
      { origin: 'https://sibling.example.com' },
      { origin: 'null' },
      { origin: 'http://docket.example.com' },
      { referer: 'https://sibling.example.com/attack.html' },
    ];
    for (const headers of crossSite) {
      const response = await formPost(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('CROSS_SITE_REQUEST');
    }
    const list = await docket.app.inject({ url: '/api/documents', headers: user.auth });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('accepts the same change from Docket’s own pages, and from non-browser clients', async () => {
    const task = (headers: Record<string, string>) =>
      docket.app.inject({
        method: 'POST',
        url: '/api/tasks',
        payload: { title: 'ok' },
        headers: { cookie: user.cookie, ...headers },
      });
    expect((await task({ origin: PUBLIC_URL })).statusCode).toBe(201);
    expect((await task({ referer: `${PUBLIC_URL}/tasks` })).statusCode).toBe(201);
    expect((await task({})).statusCode).toBe(201); // curl with a cookie jar: no Origin, no Referer
    // Reads are not changes, and tokens are not sent by browsers on their own.
    const read = await docket.app.inject({
      url: '/api/tasks',
      headers: { cookie: user.cookie, origin: 'https://sibling.example.com' },
    });
    expect(read.statusCode).toBe(200);
    const withToken = await docket.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { title: 'by token' },
      headers: { ...user.auth, origin: 'https://sibling.example.com' },
    });
    expect(withToken.statusCode).toBe(201);
  });
});
