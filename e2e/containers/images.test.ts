// The images themselves: size budgets, labels, user, init, health check and compile cache.
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { IMAGES, docker, waitFor } from './support/docker.js';
import { BASES } from './support/global-setup.js';
import { describeSize, imageSize, mb } from './support/images.js';

interface ImageConfig {
  User: string;
  Entrypoint: string[] | null;
  Cmd: string[] | null;
  Labels: Record<string, string> | null;
  Healthcheck?: { Test: string[] };
  Env: string[];
}

async function config(image: string): Promise<ImageConfig> {
  const { stdout } = await docker(['image', 'inspect', '--format', '{{json .Config}}', image]);
  return JSON.parse(stdout) as ImageConfig;
}

/** What a shell script prints inside a throwaway container of the image, as its own user. */
async function shellIn(image: string, script: string): Promise<string> {
  const { stdout } = await docker(['run', '--rm', '--entrypoint', 'sh', image, '-c', script]);
  return stdout;
}

const COMPILE_CACHE = '/app/.node-compile-cache';

async function containerState(name: string): Promise<string> {
  return (await docker(['inspect', '--format', '{{.State.Status}}', name])).stdout.trim();
}

/** PostgreSQL and Redis on a network of their own, and the `docker run` arguments that put a
 * server container beside them, configured for them. */
async function startDatabaseAndRedis() {
  const network = `docket-e2e-images-${randomBytes(3).toString('hex')}`;
  const [postgres, redis] = [`${network}-postgres`, `${network}-redis`];
  const password = randomBytes(12).toString('hex');
  await docker(['network', 'create', network]);
  /** Every container on the network (the test's own too), then the network. */
  const remove = async () => {
    const { stdout } = await docker(['ps', '--all', '--quiet', '--filter', `network=${network}`]);
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await docker(['rm', '--force', ...ids], { allowFailure: true });
    await docker(['network', 'rm', network], { allowFailure: true });
  };
  try {
    await docker([
      'run',
      '--detach',
      '--name',
      postgres,
      '--network',
      network,
      '--env',
      'POSTGRES_USER=docket',
      '--env',
      `POSTGRES_PASSWORD=${password}`,
      '--env',
      'POSTGRES_DB=docket',
      'pgvector/pgvector:pg17',
    ]);
    await docker(['run', '--detach', '--name', redis, '--network', network, 'redis:8']);
  } catch (error) {
    await remove();
    throw error;
  }
  const env = {
    NODE_ENV: 'production',
    AUTH_SECRET: randomBytes(32).toString('base64'),
    DATABASE_URL: `postgres://docket:${password}@${postgres}:5432/docket`,
    REDIS_URL: `redis://${redis}:6379`,
  };
  const runArgs = [
    '--network',
    network,
    ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
  ];
  return { network, runArgs, remove };
}

describe('images', () => {
  test.each([
    // ~100 MB of production dependencies, plus ~32 MB for @napi-rs/canvas (pdf.js needs it);
    // 121.8 MB with the office and e-book readers (mammoth, yauzl, fflate, csv-parse), then
    // 4.9 MB of compile cache (server/Dockerfile); 126.6 MB before OCR, which adds about 17 MB
    // (tesseract.js and its three Node cores, ~11 MB; the English LSTM data, 2.9 MB; their
    // dependencies), and the offline embedding's stemmer: 145.6 MB. The bundle
    // (server/scripts/bundle.ts) holds most packages, and the image keeps only those it imports
    // (prune-bundled.js): 91.5 MB.
    ['server', IMAGES.server, BASES.server, 100e6],
    ['web', IMAGES.web, BASES.web, 10e6],
  ])('the %s image adds at most its budget of own layers', async (_name, image, base, budget) => {
    const size = await imageSize(image, base);
    console.log(describeSize(size));
    expect(
      size.own,
      `${image}: ${mb(size.own)} of own layers, budget ${mb(budget)}`,
    ).toBeLessThanOrEqual(budget);
  });

  test('the server image: non-root, tini, role as the command, its own health check, OCI labels', async () => {
    const c = await config(IMAGES.server);
    expect(c.User).toBe('node');
    expect(c.Entrypoint).toEqual(['/usr/bin/tini', '--', 'docket']);
    expect(c.Cmd).toEqual(['api']);
    expect(c.Healthcheck?.Test).toEqual(['CMD', 'node', 'dist/main.js', 'healthcheck']);
    expect(c.Env).toContain('NODE_ENV=production');
    for (const label of ['version', 'revision', 'source'])
      expect(c.Labels?.[`org.opencontainers.image.${label}`], label).toBeTruthy();
    expect(c.Labels?.['org.opencontainers.image.revision']).toBe(
      process.env.DOCKET_REVISION ?? 'e2e',
    );

    // Production dependencies only: no compiler, no sources, no dev tooling.
    const stdout = await shellIn(
      IMAGES.server,
      'ls /app/server; ls -d /app/node_modules/* /app/server/node_modules/* 2>/dev/null ' +
        '| grep -cE "/(typescript|tsx|vitest|drizzle-kit|vite|esbuild)$" || true',
    );
    const [listing, devPackages] = [
      stdout.trim().split('\n').slice(0, -1),
      stdout.trim().split('\n').at(-1),
    ];
    // server/node_modules holds the production packages npm could not hoist.
    // bin/docket.js is the `docket` command on the PATH.
    expect(listing.sort()).toEqual(['bin', 'dist', 'drizzle', 'node_modules', 'package.json']);
    expect(devPackages).toBe('0');
  });

  test('the same image runs each role by its command', async () => {
    // Without configuration each role stops at once, naming what is missing: proof it ran.
    for (const role of ['api', 'worker', 'migrate']) {
      const result = await docker(['run', '--rm', IMAGES.server, role], { allowFailure: true });
      expect(result.code, role).toBe(1);
      expect(result.stderr, role).toMatch(/AUTH_SECRET|REDIS_URL|DATABASE_URL/);
    }
    const unknown = await docker(['run', '--rm', IMAGES.server, 'nope'], { allowFailure: true });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nope"');
    expect(unknown.stderr).toContain('usage: docket <command>');
  });

  test('the server image holds a warm compile cache that only root can change', async () => {
    const c = await config(IMAGES.server);
    expect(c.Env).toContain(`NODE_COMPILE_CACHE=${COMPILE_CACHE}`);
    // As the image's user: compiled files, none owned by anyone but root, none writable.
    const stdout = await shellIn(
      IMAGES.server,
      `find ${COMPILE_CACHE} -type f | wc -l; find ${COMPILE_CACHE} ! -user root | wc -l; ` +
        `find ${COMPILE_CACHE} -writable | wc -l`,
    );
    const [files, notRoots, writable] = stdout.trim().split('\n').map(Number);
    expect(files).toBeGreaterThan(100);
    expect(notRoots).toBe(0);
    expect(writable).toBe(0);
  });

  test('the api and the worker start on a read-only root filesystem, the api reading its code from the compile cache', async () => {
    const servers = await startDatabaseAndRedis();
    try {
      await docker(['run', '--rm', ...servers.runArgs, IMAGES.server, 'migrate']);
      const api = `${servers.network}-api`;
      await docker([
        'run',
        '--detach',
        '--name',
        api,
        '--read-only',
        '--tmpfs',
        '/tmp',
        // Node's own account of its compile cache, on stderr.
        '--env',
        'NODE_DEBUG_NATIVE=COMPILE_CACHE',
        ...servers.runArgs,
        IMAGES.server,
        'api',
      ]);
      const log = await waitFor('the api to be ready', async () => {
        const logs = await docker(['logs', api]);
        if ((await containerState(api)) !== 'running')
          throw new Error(`the api stopped:\n${logs.stdout}\n${logs.stderr}`);
        return logs.stdout.includes('Docket is ready') ? logs.stderr : undefined;
      });
      const lines = log.split('\n');
      expect(lines.filter((line) => /was accepted/.test(line)).length).toBeGreaterThan(100);
      expect(lines.filter((line) => /was rejected/.test(line))).toEqual([]);
      // Node cannot add what is missing to a read-only cache: it must not warn about it either
      // (its debug lines name files such as fastify/lib/warnings.js).
      const warnings = lines.filter(
        (line) => !line.startsWith('[compile cache]') && /warning/i.test(line),
      );
      expect(warnings.filter((line) => /cache/i.test(line))).toEqual([]);

      // Compose's check of the api (a bash request, no node process): 0 for a 200, not for a
      // 404, nor where nothing listens.
      const check = async (port: string, path: string) =>
        (await docker(['exec', api, 'docket-http-healthcheck', port, path], { allowFailure: true }))
          .code;
      expect(await check('3000', '/api/health/live')).toBe(0);
      expect(await check('3000', '/api/no-such-route')).toBe(1);
      expect(await check('3999', '/api/health/live')).toBe(1);

      // The worker role from the same image: the bundle's chunks and the packages the image kept
      // are enough for it to take jobs.
      const worker = `${servers.network}-worker`;
      await docker([
        'run',
        '--detach',
        '--name',
        worker,
        '--read-only',
        '--tmpfs',
        '/tmp',
        ...servers.runArgs,
        IMAGES.server,
        'worker',
      ]);
      await waitFor('the worker to take jobs', async () => {
        const logs = await docker(['logs', worker]);
        if ((await containerState(worker)) !== 'running')
          throw new Error(`the worker stopped:\n${logs.stdout}\n${logs.stderr}`);
        return logs.stdout.includes('worker is taking jobs') ? true : undefined;
      });
    } finally {
      await servers.remove();
    }
  });

  test('the web image: unprivileged nginx, templated config, health check, OCI labels', async () => {
    const c = await config(IMAGES.web);
    expect(c.User).toBe('101');
    expect(c.Healthcheck?.Test).toEqual([
      'CMD',
      '/usr/local/bin/docket-http-healthcheck',
      '8080',
      '/healthz',
    ]);
    expect(c.Labels?.['org.opencontainers.image.source']).toBeTruthy();
    const stdout = await shellIn(
      IMAGES.web,
      'ls /etc/nginx/templates; find /usr/share/nginx/html -name "*.map" | wc -l',
    );
    expect(stdout.trim().split('\n')).toEqual(['default.conf.template', '0']);
  });
});
