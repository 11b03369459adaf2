// The development stack (compose.yaml + compose.override.yaml, what a bare
// `docker compose up -d --wait` runs): it comes up healthy and reloads on change.
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../server/test/support/processes.js';
import { ROOT, Stack, docker, waitFor } from './support/docker.js';

let stack: Stack;
let ports: { postgres: number; redis: number };

beforeAll(async () => {
  ports = { postgres: await freePort(), redis: await freePort() };
  stack = await Stack.create('dev', ['compose.yaml', 'compose.override.yaml'], {
    POSTGRES_PORT: String(ports.postgres),
    REDIS_PORT: String(ports.redis),
  });
  const started = Date.now();
  await stack.up(['--build']);
  await stack.signUp();
  console.log(
    `[dev] ${stack.project} built and healthy in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});

afterAll(async () => {
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

async function logs(service: string): Promise<string> {
  const { stdout, stderr } = await docker(['logs', await stack.container(service)]);
  return `${stdout}${stderr}`;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('development override', () => {
  test('every service is healthy; Vite serves the app and proxies the API', async () => {
    const page = await fetch(stack.url('/'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/@vite/client');
    const ready = await stack.json<{ status: string }>('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    const id = await stack.enqueue({ durationMs: 0 });
    expect((await stack.waitForJob(id, (j) => j.state === 'completed')).completions).toBe(1);
  });

  test('postgres and redis are published on 127.0.0.1 only; debug logging', async () => {
    const { stdout } = await stack.compose(['port', 'postgres', '5432']);
    expect(stdout.trim()).toBe(`127.0.0.1:${ports.postgres}`);
    expect((await stack.compose(['port', 'redis', '6379'])).stdout.trim()).toBe(
      `127.0.0.1:${ports.redis}`,
    );
    const api = await stack.inspect(await stack.container('api'));
    expect(api.Config.User).toBe('node');
    const env = (await docker(['inspect', '--format', '{{json .Config.Env}}', api.Id])).stdout;
    expect(env).toContain('LOG_LEVEL=debug');
  });

  test('changes to server and web sources reload (tsx watch, Vite)', async () => {
    // Touch (no edit) a source file of each: the watchers react to the new mtime.
    const before = count(await logs('api'), '"msg":"starting"');
    const now = new Date();
    utimesSync(join(ROOT, 'server', 'src', 'main.ts'), now, now);
    await waitFor(
      'the api to restart',
      async () => count(await logs('api'), '"msg":"starting"') > before,
      {
        timeoutMs: 30_000,
      },
    );
    utimesSync(join(ROOT, 'web', 'src', 'App.tsx'), now, now);
    await waitFor(
      'Vite to send an update',
      async () => (await logs('web')).includes('hmr update'),
      {
        timeoutMs: 30_000,
      },
    );
    await waitFor(
      'the api to answer again',
      async () => (await stack.json('/api/health/ready')).status === 200,
    );
  });
});
