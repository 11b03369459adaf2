// Every route that /api/docs/json lists gets generated hostile input (fast-check), sent by a
// signed-in user with an API token: path parameters, query strings and bodies that fit their
// schemas or break them (see support/hostile.ts). No answer may be a 5xx, and the server must be
// ready afterwards. The routes come from the OpenAPI document, not from a list here, so a new
// route is covered as it is added. None is skipped: a route without parameters or a body still
// gets hostile query strings, and a body wherever its method carries one.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesOf, requestsFor, type HostileRequest, type Route } from './support/hostile.js';
import { signUp, startTestApp, type TestApp, type TestUser } from './support/app.js';
import type { Backend } from './support/databases.js';

/** Runs per route: enough to meet every kind of hostile value, well under a minute in all. */
const RUNS_PER_ROUTE: Record<Backend, number> = { postgres: 40, pglite: 20 };

const describeRequest = (r: HostileRequest) =>
  `${r.method} ${r.url.slice(0, 300)} [${r.headers['content-type'] ?? 'no body'}] ${String(
    r.payload ?? '',
  ).slice(0, 300)}`;

describe.each(['postgres', 'pglite'] as const)('hostile input on %s', (kind) => {
  let t: TestApp;
  let user: TestUser;
  let routes: Route[];

  beforeAll(async () => {
    t = await startTestApp({}, { kind });
    user = await signUp(t.app, 'hostile');
    routes = routesOf((await t.app.inject('/api/docs/json')).json());
  });
  afterAll(async () => t.close());

  it('never answers 5xx on any documented route, and stays ready', async () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestsFor(route), async (request) => {
          const response = await t.app.inject({
            method: request.method as 'GET',
            url: request.url,
            headers: { ...request.headers, ...user.auth },
            payload: request.payload,
          });
          expect(
            response.statusCode,
            `${describeRequest(request)} → ${response.body}`,
          ).toBeLessThan(500);
        }),
        { numRuns: RUNS_PER_ROUTE[kind] },
      );
    }
    expect((await t.app.inject('/api/health/ready')).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/tasks', headers: user.auth })).statusCode).toBe(200);
  });
});
