// The whole stack from compose.yaml, driven only through http://127.0.0.1:${WEB_PORT}:
// every point of issue 3's container list. Steps share one stack and run in order. The
// kill -9 of a worker holding a job is in features.test.ts, on a document's ingestion.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rawRequest, spellings } from '../../server/test/support/raw-http.js';
import { CADDYFILE, startCaddy } from './support/caddy.js';
import { Stack, docker, run, sleep, statusForDeclaredBody } from './support/docker.js';

const JSON_BODY = { 'content-type': 'application/json' };

/** Smaller than the default, to show nginx takes client_max_body_size from the environment. */
const UPLOAD_MAX_BYTES = 2_000_000;

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.create('stack', ['compose.yaml'], {
    UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
  });
  const started = Date.now();
  await stack.up();
  await stack.signUp();
  console.log(
    `[stack] ${stack.project} healthy in ${((Date.now() - started) / 1000).toFixed(1)} s on port ${stack.webPort}`,
  );
});

afterAll(async () => {
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

async function workerHostnames(): Promise<string[]> {
  const ids = await stack.containers('worker');
  return Promise.all(ids.map(async (id) => (await stack.inspect(id)).Config.Hostname));
}

describe('compose stack through the web entry', () => {
  test('the SPA loads, with caching and security headers', async () => {
    const page = await fetch(stack.url('/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const html = await page.text();
    expect(html).toContain('<div id="root">');

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'index.html references a hashed script').toBeTruthy();
    const asset = await fetch(stack.url(script!), { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');

    // Client-side routes fall back to the app; unknown assets and /metrics do not.
    const route = await fetch(stack.url('/tasks/42'));
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    expect((await fetch(stack.url('/assets/missing-0000.js'))).status).toBe(404);
    expect((await fetch(stack.url('/metrics'))).status).toBe(404);
  });

  test('/api/health/ready is 200 and /api/docs is reachable', async () => {
    const ready = await stack.json<{ status: string; checks: Record<string, { ok: boolean }> }>(
      '/api/health/ready',
    );
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(Object.values(ready.body.checks).every((check) => check.ok)).toBe(true);
    expect(ready.headers.get('x-request-id')).toBeTruthy();

    const docs = await fetch(stack.url('/api/docs'));
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
    // Swagger UI gets its inline-style allowance on its own path only.
    expect(docs.headers.get('content-security-policy')).toContain(
      "style-src 'self' 'unsafe-inline'",
    );
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const spec = await stack.json<{ openapi: string; paths: Record<string, unknown> }>(
      '/api/docs/json',
    );
    expect(spec.status).toBe(200);
    expect(spec.body.paths).toHaveProperty('/api/diagnostics/jobs');
  });

  test('nginx: upload limit from the environment, unbuffered long-lived API proxying', async () => {
    expect(
      await statusForDeclaredBody(stack.url('/api/diagnostics/jobs'), UPLOAD_MAX_BYTES + 1),
    ).toBe(413);
    const web = await stack.container('web');
    const { stdout } = await docker(['exec', web, 'nginx', '-T']);
    expect(stdout).toContain(`client_max_body_size ${UPLOAD_MAX_BYTES};`);
    expect(stdout).toContain('proxy_buffering    off;');
    expect(stdout).toContain('proxy_read_timeout 1h;');
    expect(stdout).toMatch(/resolver 127\.0\.0\.11 valid=5s/);
  });

  test('Caddy (deploy/caddy/Caddyfile) validates, and fronts web with the same headers, once', async () => {
    const valid = await run('caddy', ['validate', '--config', CADDYFILE, '--adapter', 'caddyfile']);
    expect(`${valid.stdout}${valid.stderr}`).toContain('Valid configuration');
    const caddy = await startCaddy(stack.webPort);
    try {
      const page = await fetch(caddy.url('/'));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      // One value each (fetch would join duplicates with ", "), nginx's CSP kept per path.
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(page.headers.get('strict-transport-security')).toContain('max-age=');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('content-security-policy')).not.toContain(', ');
      const docs = await fetch(caddy.url('/api/docs'));
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-security-policy')).toContain("'unsafe-inline'");
      expect((await fetch(caddy.url('/api/health/ready'))).status).toBe(200);
      expect((await fetch(caddy.url('/metrics'))).status).toBe(404);
    } finally {
      await caddy.stop();
    }
  });

  let firstJob: string;

  test('a job enqueued by the api is processed by the worker container', async () => {
    const [workerHost] = await workerHostnames();
    const apiHost = (await stack.inspect(await stack.container('api'))).Config.Hostname;
    firstJob = await stack.enqueue({ durationMs: 500 });
    const job = await stack.waitForJob(firstJob, (j) => j.state === 'completed');
    expect(job.processedBy).toBe(workerHost);
    expect(job.processedBy).not.toBe(apiHost);
    expect(job.completions).toBe(1);
  });

  test('the docket command in the containers: doctor is content; an account disabled with it is refused', async () => {
    const doctor = await stack.compose(['exec', '-T', 'api', 'docket', 'doctor'], {
      allowFailure: true,
    });
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(doctor.stdout).toMatch(/^ok +redis +answers; maxmemory-policy noeviction/m);
    expect(doctor.stdout).toMatch(/^ok +schema +current/m);

    const token = await stack.newAccount();
    const tasks = () =>
      fetch(stack.url('/api/tasks'), { headers: { authorization: `Bearer ${token}` } });
    expect((await tasks()).status).toBe(200);
    const docket = (...args: string[]) => stack.compose(['run', '--rm', '-T', 'migrate', ...args]);
    const users = JSON.parse((await docket('users', 'list', '--json')).stdout) as {
      email: string;
      role: string;
    }[];
    expect(users[0]?.role).toBe('admin');
    await docket('users', 'disable', users.at(-1)!.email);
    // Each api replica may keep a verified token for a few seconds (tokens/verified.ts).
    let status = 200;
    for (let tries = 0; tries < 40 && status !== 401; tries++) {
      await sleep(500);
      status = (await tasks()).status;
    }
    expect(status).toBe(401);
  });

  test('docker compose restart keeps all data', async () => {
    await stack.compose(['restart']);
    await stack.up();
    const job = await stack.job(firstJob);
    expect(job.state).toBe('completed');
    expect(job.completions).toBe(1);
    expect((await stack.json('/api/health/ready')).status).toBe(200);
  });

  test('down + up (without -v) keeps all data, queued jobs included', async () => {
    // A job waiting in Redis while no worker runs must survive the containers' removal.
    await stack.compose(['stop', 'worker']);
    const queued = await stack.enqueue({ durationMs: 0 });
    await sleep(1_000);
    expect((await stack.job(queued)).state).toBe('waiting');

    await stack.compose(['down']);
    expect(await stack.containers('postgres', true)).toEqual([]);
    await stack.up();

    const first = await stack.job(firstJob);
    expect(first.state).toBe('completed');
    expect(first.completions).toBe(1);
    const job = await stack.waitForJob(queued, (j) => j.state === 'completed');
    expect(job.completions).toBe(1);
    expect(await workerHostnames()).toContain(job.processedBy);
  });

  test('--scale worker=3 and --scale api=2 work behind the same web', async () => {
    await stack.up(['--scale', 'worker=3', '--scale', 'api=2']);
    try {
      await checkScaled();
    } finally {
      await stack.up(['--scale', 'worker=1', '--scale', 'api=1']);
    }
    expect(await stack.containers('api')).toHaveLength(1);
    expect(await stack.containers('worker')).toHaveLength(1);
  });

  async function checkScaled() {
    const apis = await stack.containers('api');
    const workers = await workerHostnames();
    expect(apis).toHaveLength(2);
    expect(workers).toHaveLength(3);

    // nginx keeps a DNS answer for 5 s (resolver valid=5s): then it knows both apis.
    await sleep(6_000);
    const tag = `e2e-scale-${Date.now()}`;
    for (let i = 0; i < 40; i += 1) {
      // (Not a health route: those are not logged.)
      const response = await fetch(stack.url(`/api/diagnostics/jobs/${firstJob}`), {
        headers: { ...stack.authHeaders(), 'x-request-id': `${tag}-${i}` },
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    // Both api containers answered some of those requests (their logs carry the request ids).
    for (const api of apis) {
      const { stdout, stderr } = await docker(['logs', api]);
      expect(`${stdout}${stderr}`, `api ${api.slice(0, 12)} served none of the requests`).toContain(
        tag,
      );
    }

    // Six users (each may have one unfinished diagnostic job), one job each.
    const ids = await Promise.all(
      Array.from({ length: 6 }, async () =>
        stack.enqueue({ durationMs: 2_000 }, await stack.newAccount()),
      ),
    );
    const jobs = await Promise.all(
      ids.map((id) => stack.waitForJob(id, (j) => j.state === 'completed')),
    );
    const processedBy = new Set(jobs.map((job) => job.processedBy));
    for (const host of processedBy) expect(workers).toContain(host);
    expect(processedBy.size).toBeGreaterThanOrEqual(2);
    expect(jobs.every((job) => job.completions === 1)).toBe(true);
    console.log(`[stack] 6 jobs on ${processedBy.size} of 3 workers`);
  }

  test('up --force-recreate api: no 5xx at the web entry once the new api is healthy', async () => {
    const before = await stack.container('api');
    const samples: { at: number; status: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const at = Date.now();
        let status: number;
        try {
          const response = await fetch(stack.url('/api/health/ready'), {
            signal: AbortSignal.timeout(5_000),
          });
          await response.arrayBuffer();
          status = response.status;
        } catch {
          status = 0;
        }
        samples.push({ at, status });
        await sleep(100);
      }
    })();

    try {
      await stack.up(['--force-recreate', 'api']);
      const healthyAt = Date.now();
      await sleep(15_000);
      polling = false;
      await poller;

      expect(await stack.container('api')).not.toBe(before);
      const during = samples.filter((s) => s.at < healthyAt);
      const after = samples.filter((s) => s.at >= healthyAt);
      const bad = (list: typeof samples) => list.filter((s) => s.status === 0 || s.status >= 500);
      console.log(
        `[stack] force-recreate api: ${during.length} requests during (${bad(during).length} failed), ` +
          `${after.length} after healthy (${bad(after).length} failed)`,
      );
      expect(after.length).toBeGreaterThan(50);
      expect(bad(after)).toEqual([]);
    } finally {
      polling = false;
      await poller;
    }
  });

  test('every app container runs as non-root', async () => {
    for (const service of ['web', 'api', 'worker']) {
      for (const id of await stack.containers(service)) {
        const uids = await stack.processUids(id);
        expect(uids.length, service).toBeGreaterThan(0);
        expect(
          uids.filter((uid) => uid === 0),
          `${service} runs processes as root`,
        ).toEqual([]);
        const { stdout } = await docker(['exec', id, 'id', '-u']);
        expect(stdout.trim(), service).not.toBe('0');
      }
    }
    // The one-shot migrate container has exited: its configured user is what ran.
    const migrate = await stack.inspect(await stack.container('migrate', true));
    expect(migrate.Config.User).toBe('node');
    expect(migrate.State.ExitCode).toBe(0);
  });

  test('web cannot open a connection to postgres; only api and worker reach the data', async () => {
    const web = await stack.container('web');
    const postgres = await stack.inspect(await stack.container('postgres'));
    const webInfo = await stack.inspect(web);
    const backend = Object.keys(postgres.NetworkSettings.Networks);
    expect(backend).toHaveLength(1);
    expect(Object.keys(webInfo.NetworkSettings.Networks)).not.toContain(backend[0]);
    const postgresIp = postgres.NetworkSettings.Networks[backend[0]!]!.IPAddress;

    const connect = (target: string) =>
      docker(['exec', web, 'timeout', '5', 'bash', '-c', `exec 3<>/dev/tcp/${target}`], {
        allowFailure: true,
      });
    // Control: the same probe reaches the api.
    expect((await connect('api/3000')).code).toBe(0);
    expect((await connect('postgres/5432')).code).not.toBe(0);
    expect((await connect(`${postgresIp}/5432`)).code).not.toBe(0);
    expect((await connect('redis/6379')).code).not.toBe(0);

    // And the api does reach postgres (so the probe above is not failing for another reason).
    const api = await stack.container('api');
    const fromApi = await docker(
      [
        'exec',
        api,
        'node',
        '-e',
        `require('net').connect(5432, '${postgresIp}').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`,
      ],
      { allowFailure: true },
    );
    expect(fromApi.code).toBe(0);
  });
});

describe('access through the web entry', () => {
  interface OpenApiDoc {
    paths: Record<string, Record<string, { 'x-access'?: { public?: boolean } }>>;
  }

  test('no spelling of a request line reaches a private route without credentials', async () => {
    const doc = (await (await fetch(stack.url('/api/docs/json'))).json()) as OpenApiDoc;
    // The private routes, as each route's definition declares it (x-access), not from a list.
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation['x-access']?.public !== true)
        .map(([method]) => [method.toUpperCase(), path] as const),
    );
    expect(operations.length).toBeGreaterThan(15);
    const leaks: string[] = [];
    for (const [method, template] of operations) {
      const path = template.replaceAll(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const target of spellings(path, stack.webPort)) {
        const response = await rawRequest(stack.webPort, method, target, JSON_BODY, '{}');
        // nginx may answer a spelling outside /api with the web app's page, which holds no data.
        const isAppPage = /^content-type: text\/html/im.test(response.head);
        if (response.status >= 500 || (response.status < 400 && !isAppPage))
          leaks.push(`${method} ${target} → ${response.status}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  test('metrics are served to the backend network on their own port, never through web', async () => {
    for (const target of spellings('/metrics', stack.webPort)) {
      const { status, head } = await rawRequest(stack.webPort, 'GET', target);
      expect(status >= 400 || /^content-type: text\/html/im.test(head), target).toBe(true);
    }
    const worker = await stack.container('worker');
    const scrape = await docker([
      'exec',
      worker,
      'node',
      '-e',
      "fetch('http://api:9464/metrics').then(async (r) => console.log(r.status, await r.text()))",
    ]);
    expect(scrape.stdout).toMatch(/^200 /);
    expect(scrape.stdout).toMatch(/docket_jobs\{state="waiting"\}/);
  });
});
