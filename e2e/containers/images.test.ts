// The images themselves: size budgets, labels, user, init and health check.
import { describe, expect, test } from 'vitest';
import { IMAGES, docker } from './support/docker.js';
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

describe('images', () => {
  test.each([
    // ~100 MB of production dependencies, plus ~32 MB for @napi-rs/canvas (pdf.js needs it).
    ['server', IMAGES.server, BASES.server, 120e6],
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
    const { stdout } = await docker([
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      IMAGES.server,
      '-c',
      'ls /app/server; ls -d /app/node_modules/* /app/server/node_modules/* 2>/dev/null ' +
        '| grep -cE "/(typescript|tsx|vitest|drizzle-kit|vite|esbuild)$" || true',
    ]);
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

  test('the web image: unprivileged nginx, templated config, health check, OCI labels', async () => {
    const c = await config(IMAGES.web);
    expect(c.User).toBe('101');
    expect(c.Healthcheck?.Test).toEqual(['CMD', '/usr/local/bin/docket-web-healthcheck']);
    expect(c.Labels?.['org.opencontainers.image.source']).toBeTruthy();
    const { stdout } = await docker([
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      IMAGES.web,
      '-c',
      'ls /etc/nginx/templates; find /usr/share/nginx/html -name "*.map" | wc -l',
    ]);
    expect(stdout.trim().split('\n')).toEqual(['default.conf.template', '0']);
  });
});
