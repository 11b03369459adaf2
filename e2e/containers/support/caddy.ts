// Runs deploy/caddy/Caddyfile on the host, on plain HTTP at a free port in front of a
// stack's web port, with its admin endpoint off (so it cannot clash with another Caddy).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../server/test/support/processes.js';
import { ROOT, run, sleep } from './docker.js';

export const CADDYFILE = join(ROOT, 'deploy', 'caddy', 'Caddyfile');

export interface RunningCaddy {
  url: (path: string) => string;
  stop: () => Promise<void>;
}

export async function startCaddy(webPort: number): Promise<RunningCaddy> {
  const port = await freePort();
  const env = {
    ...process.env,
    DOCKET_DOMAIN: `http://127.0.0.1:${port}`,
    DOCKET_WEB_PORT: String(webPort),
  };
  const { stdout } = await run(
    'caddy',
    ['adapt', '--config', CADDYFILE, '--adapter', 'caddyfile'],
    { env },
  );
  const config = JSON.parse(stdout) as Record<string, unknown>;
  config.admin = { disabled: true };
  const file = join(mkdtempSync(join(tmpdir(), 'docket-caddy-')), 'caddy.json');
  writeFileSync(file, JSON.stringify(config));

  const child: ChildProcess = spawn('caddy', ['run', '--config', file], { env, stdio: 'ignore' });
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  };
  for (let i = 0; i < 50; i += 1) {
    if (child.exitCode !== null) throw new Error(`caddy exited ${child.exitCode}`);
    try {
      await fetch(url('/'), { signal: AbortSignal.timeout(1_000) });
      return { url, stop };
    } catch {
      await sleep(200);
    }
  }
  await stop();
  throw new Error('caddy did not answer');
}
