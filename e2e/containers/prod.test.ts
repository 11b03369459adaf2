// compose.yaml + compose.prod.yaml: what `docker compose config` promises, and what the
// running containers really are (read-only, non-root, no capabilities).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Stack, docker } from './support/docker.js';

const FILES = ['compose.yaml', 'compose.prod.yaml'];
const APP_SERVICES = ['web', 'api', 'worker', 'migrate'];

interface ServiceConfig {
  ports?: unknown[];
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  restart?: string;
  logging?: { options?: Record<string, string> };
  deploy?: { resources?: { limits?: { memory?: string | number; cpus?: string | number } } };
}

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.create('prod', FILES);
});

afterAll(async () => {
  if (!stack) return;
  await stack.saveLogs();
  await stack.down();
});

describe('production override', () => {
  test('docker compose config: only web is published; every service hardened', async () => {
    const { stdout } = await stack.compose(['config', '--format', 'json']);
    const services = (JSON.parse(stdout) as { services: Record<string, ServiceConfig> }).services;
    const published = Object.entries(services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(published).toEqual(['web']);
    for (const [name, service] of Object.entries(services)) {
      expect(service.read_only, name).toBe(true);
      expect(service.cap_drop, name).toEqual(['ALL']);
      expect(service.security_opt, name).toContain('no-new-privileges:true');
      expect(service.logging?.options?.['max-size'], name).toBeTruthy();
      expect(service.deploy?.resources?.limits?.memory, name).toBeTruthy();
      expect(service.deploy?.resources?.limits?.cpus, name).toBeTruthy();
      expect(service.restart, name).toBe(name === 'migrate' ? 'no' : 'unless-stopped');
    }
  });

  test('the stack comes up healthy and works through the web entry', async () => {
    const started = Date.now();
    await stack.up();
    await stack.signUp();
    console.log(
      `[prod] ${stack.project} healthy in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const ready = await stack.json<{ status: string }>('/api/health/ready');
    expect(ready.status).toBe(200);
    expect((await fetch(stack.url('/'))).status).toBe(200);
    const id = await stack.enqueue({ durationMs: 200 });
    const job = await stack.waitForJob(id, (j) => j.state === 'completed');
    expect(job.completions).toBe(1);
    const worker = await stack.inspect(await stack.container('worker'));
    expect(job.processedBy).toBe(worker.Config.Hostname);

    // The default upload limit reaches nginx.
    const { stdout } = await docker(['exec', await stack.container('web'), 'nginx', '-T']);
    expect(stdout).toContain('client_max_body_size 26214400;');
  });

  test('app containers: read-only root, tmpfs /tmp, no capabilities, non-root', async () => {
    for (const service of APP_SERVICES) {
      const ids = await stack.containers(service, true);
      expect(ids.length, service).toBeGreaterThan(0);
      for (const id of ids) {
        const info = await stack.inspect(id);
        expect(info.HostConfig.ReadonlyRootfs, service).toBe(true);
        expect(info.HostConfig.CapDrop, service).toEqual(['ALL']);
        expect(info.HostConfig.SecurityOpt, service).toContain('no-new-privileges:true');
        expect(info.HostConfig.LogConfig.Config['max-size'], service).toBe('10m');
        expect(info.HostConfig.Memory, service).toBeGreaterThan(0);
        expect(['', '0', 'root']).not.toContain(info.Config.User);
        if (!info.State.Running) continue;

        expect(
          (await stack.processUids(id)).filter((uid) => uid === 0),
          service,
        ).toEqual([]);
        const probe = (path: string) =>
          docker(['exec', id, 'sh', '-c', `echo x > ${path}`], { allowFailure: true });
        const denied = await probe(service === 'web' ? '/usr/share/nginx/html/x' : '/app/x');
        expect(denied.code, service).not.toBe(0);
        expect(denied.stderr, service).toMatch(/read-only file system/i);
        expect((await probe('/tmp/x')).code, `${service}: /tmp is writable`).toBe(0);
        const caps = await docker(['exec', id, 'sh', '-c', 'grep CapEff /proc/self/status']);
        expect(caps.stdout, service).toMatch(/CapEff:\s+0+\s*$/);
      }
    }
  });

  test('postgres and redis also run read-only, non-root, without capabilities', async () => {
    for (const service of ['postgres', 'redis']) {
      const id = await stack.container(service);
      const info = await stack.inspect(id);
      expect(info.HostConfig.ReadonlyRootfs, service).toBe(true);
      expect(info.HostConfig.CapDrop, service).toEqual(['ALL']);
      expect(
        (await stack.processUids(id)).filter((uid) => uid === 0),
        service,
      ).toEqual([]);
    }
  });
});
