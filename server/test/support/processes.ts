// Runs the built CLI (server/dist/main.js) as a real process, as users and containers do.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function assertBuilt() {
  if (!existsSync(MAIN))
    throw new Error(`${MAIN} is missing: run npm run build first (npm test does)`);
}

const alive = new Set<ChildProcess>();

/** For afterAll: no process outlives its test file, even when a test failed half-way. */
export function killAll() {
  for (const child of alive) child.kill('SIGKILL');
}

export function spawnCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
): Running {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  alive.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      alive.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

export const spawnDocket = (role: string, env: Record<string, string>) =>
  spawnCommand('node', [MAIN, role], env);

/** The api role on 127.0.0.1:`port`, its heartbeat written to `dir`/api.hb. */
export const spawnApi = (env: Record<string, string>, port: number, dir: string) =>
  spawnDocket('api', {
    ...env,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HEARTBEAT_FILE: join(dir, 'api.hb'),
  });

/** A port free on 127.0.0.1 now (the OS picks it); the probe never keeps the process alive. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Polls a URL until it answers `status`; fails with the process output if it never does. */
export async function waitForStatus(
  url: string,
  status: number,
  running: Running,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void running.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(
        `process exited (${exitCode}) before ${url} was ${status}:\n${running.output()}`,
      );
    const answered = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (answered === status) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms:\n${running.output()}`);
}

/** Sends SIGTERM and measures how long the process takes to exit, and with which code. */
export async function terminate(running: Running): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  running.child.kill('SIGTERM');
  const code = await running.exited;
  return { code, ms: Date.now() - started };
}

/** Signs a new user up through a running server and returns an API token's headers. */
export async function signUpOver(base: string): Promise<Record<string, string>> {
  const email = `user-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    // As a browser does; PUBLIC_URL must be this base for the origin check to pass.
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password: 'correct horse battery staple', name: 'Tester' }),
  });
  if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const created = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'tests' }),
  });
  const { token } = (await created.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}
