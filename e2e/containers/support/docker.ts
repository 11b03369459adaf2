// Helpers for the container suite: processes, Compose stacks under unique project names,
// and HTTP through the published web port (the only way the tests talk to the stack).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../server/test/support/processes.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

/** Tags the suite builds and runs: fixed, so runs replace rather than pile up images. */
export const IMAGES = { server: 'docket/server:e2e', web: 'docket/web:e2e' } as const;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  allowFailure?: boolean;
  timeoutMs?: number;
}

/** Runs a command without a shell; rejects on a non-zero exit unless allowFailure. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const { env = process.env, allowFailure = false, timeoutMs = 10 * 60_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? 128, stdout, stderr };
      if (result.code === 0 || allowFailure) return resolve(result);
      const tail = (stderr || stdout).trim().split('\n').slice(-25).join('\n');
      reject(
        new Error(
          `${command} ${args.join(' ')} exited ${code ?? signal}${signal ? ' (timed out)' : ''}\n${tail}`,
        ),
      );
    });
  });
}

export const docker = (args: string[], options?: RunOptions) => run('docker', args, options);

/** Polls until `probe` returns a value other than undefined/false, or fails after timeoutMs. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 60_000, intervalMs = 500 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}` : ''}`,
      );
    await sleep(intervalMs);
  }
}

/** Variables the stack's env file defines: the caller's environment must not override them. */
const STACK_VARIABLE =
  /^(COMPOSE_|DOCKER_DEFAULT_PLATFORM|DOCKET_|WEB_|AUTH_SECRET|POSTGRES_|REDIS_|LOG_LEVEL|PUBLIC_URL|UPLOAD_MAX_BYTES|DATABASE_POOL_MAX|WORKER_CONCURRENCY|JOB_LEASE_MS|JSON_BODY_MAX_BYTES|SHUTDOWN_TIMEOUT_MS|ALLOW_SIGNUP|AUTH_RATE_LIMIT|TRUST_PROXY|INGEST_|EMBEDDINGS_|CHAT_|OIDC_|MCP_)/;

function composeEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !STACK_VARIABLE.test(name)),
  );
}

export interface ContainerInfo {
  Id: string;
  Name: string;
  Config: { User: string; Hostname: string; Labels: Record<string, string> };
  State: { Status: string; Running: boolean; ExitCode: number; Health?: { Status: string } };
  HostConfig: {
    ReadonlyRootfs: boolean;
    CapDrop: string[] | null;
    SecurityOpt: string[] | null;
    RestartPolicy: { Name: string };
    Memory: number;
    NanoCpus: number;
    LogConfig: { Type: string; Config: Record<string, string> };
  };
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
}

export interface Job {
  id: string;
  state: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
  progress: number;
  attemptsMade: number;
  failedReason?: string;
  processedBy?: string;
  completions: number;
}

/** Sets variables in an env file, replacing their lines or adding them. */
function writeSettings(envFile: string, settings: Record<string, string>) {
  const lines = readFileSync(envFile, 'utf8').split('\n');
  for (const [name, value] of Object.entries(settings)) {
    const index = lines.findIndex((line) => line.startsWith(`${name}=`));
    if (index >= 0) lines[index] = `${name}=${value}`;
    else lines.push(`${name}=${value}`);
  }
  writeFileSync(envFile, lines.join('\n'), { mode: 0o600 });
}

/**
 * One Compose project: compose files of the repository (or of another checkout, `directory`),
 * a throwaway env file written by deploy/write-env.sh (fresh secrets) plus the suite's
 * overrides, and a free web port.
 */
export class Stack {
  private constructor(
    readonly project: string,
    readonly files: string[],
    readonly envFile: string,
    readonly webPort: number,
    readonly directory: string,
  ) {}

  static async create(
    label: string,
    files: string[],
    overrides: Record<string, string> = {},
    directory = ROOT,
  ) {
    const project = `docket-e2e-${label}-${randomBytes(3).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), `${project}-`));
    const envFile = join(dir, '.env');
    await run(join(ROOT, 'deploy', 'write-env.sh'), [envFile]);
    const webPort = await freePort();
    writeSettings(envFile, {
      WEB_PORT: String(webPort),
      WEB_BIND: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${webPort}`,
      DOCKET_SERVER_IMAGE: IMAGES.server,
      DOCKET_WEB_IMAGE: IMAGES.web,
      ...overrides,
    });
    return new Stack(project, files, envFile, webPort, directory);
  }

  /** The same project (volumes, secrets, port) under other compose files and settings, as
   * after an upgrade; takes effect at the next `up`. */
  switchTo(files: string[], settings: Record<string, string>, directory = ROOT): Stack {
    writeSettings(this.envFile, settings);
    return new Stack(this.project, files, this.envFile, this.webPort, directory);
  }

  compose(args: string[], options: RunOptions = {}) {
    const files = this.files.flatMap((file) => ['-f', resolve(this.directory, file)]);
    return run(
      'docker',
      [
        'compose',
        '-p',
        this.project,
        '--project-directory',
        this.directory,
        ...files,
        '--env-file',
        this.envFile,
        ...args,
      ],
      { env: composeEnv(), timeoutMs: 10 * 60_000, ...options },
    );
  }

  /** `up -d --wait`: returns once every service is healthy (or has completed). */
  up(args: string[] = []) {
    return this.compose(['up', '-d', '--wait', '--wait-timeout', '240', ...args]);
  }

  /** Container ids of a service (running ones unless `all`). */
  async containers(service: string, all = false): Promise<string[]> {
    const { stdout } = await this.compose(['ps', '-q', ...(all ? ['-a'] : []), service]);
    return stdout.split('\n').filter(Boolean);
  }

  async container(service: string, all = false): Promise<string> {
    const ids = await this.containers(service, all);
    if (ids.length !== 1) throw new Error(`expected one ${service} container, found ${ids.length}`);
    return ids[0]!;
  }

  url(path: string) {
    return `http://127.0.0.1:${this.webPort}${path}`;
  }

  /** An API token of the account `signUp` made; sent by `json` and `authHeaders`. */
  private token: string | undefined;
  /** The token each diagnostic job was enqueued with: a job is readable by its owner only. */
  private jobTokens = new Map<string, string>();

  /** Signs up a fresh account through the web entry; `json` sends its API token from then on. */
  async signUp(): Promise<void> {
    this.token = await this.newAccount();
  }

  /** Signs up another fresh account through the web entry and returns an API token for it. */
  async newAccount(): Promise<string> {
    const origin = `http://127.0.0.1:${this.webPort}`;
    const email = `e2e-${randomBytes(4).toString('hex')}@example.com`;
    const signUp = await fetch(this.url('/api/auth/sign-up/email'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({
        email,
        password: randomBytes(12).toString('hex'),
        name: 'Container suite',
      }),
    });
    if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const created = await fetch(this.url('/api/tokens'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie },
      body: JSON.stringify({ name: 'container suite' }),
    });
    const body = (await created.json()) as { token?: string };
    if (created.status !== 201 || !body.token)
      throw new Error(`creating a token answered ${created.status}: ${JSON.stringify(body)}`);
    return body.token;
  }

  authHeaders(): Record<string, string> {
    return bearer(this.token);
  }

  async json<T>(
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(this.url(path), {
      signal: AbortSignal.timeout(10_000),
      ...init,
      headers: { ...this.authHeaders(), ...(init.headers as Record<string, string> | undefined) },
    });
    const text = await response.text();
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      throw new Error(
        `${init?.method ?? 'GET'} ${path}: ${response.status}, not JSON: ${text.slice(0, 200)}`,
      );
    }
    return { status: response.status, body, headers: response.headers };
  }

  /** Enqueues a diagnostic job as the `signUp` account, or as the account of `token`
   * (a user has one unfinished diagnostic job at a time). */
  async enqueue(
    payload: { durationMs?: number; failAttempts?: number },
    token = this.token,
  ): Promise<string> {
    const { status, body } = await this.json<{ id: string; state: string }>(
      '/api/diagnostics/jobs',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify(payload),
      },
    );
    if (status !== 202) throw new Error(`enqueue answered ${status}: ${JSON.stringify(body)}`);
    if (token) this.jobTokens.set(body.id, token);
    return body.id;
  }

  async job(id: string): Promise<Job> {
    const { status, body } = await this.json<Job>(`/api/diagnostics/jobs/${id}`, {
      headers: bearer(this.jobTokens.get(id) ?? this.token),
    });
    if (status !== 200) throw new Error(`job ${id} answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  waitForJob(id: string, done: (job: Job) => boolean, timeoutMs = 60_000) {
    return waitFor(
      `job ${id}`,
      async () => {
        const job = await this.job(id);
        if (job.state === 'failed') throw new Error(`job ${id} failed: ${job.failedReason}`);
        // A completed diagnostic job always has a result; one without is a torn read (seen
        // before ff249b0, when the api read a job and then its state): read it again.
        if (job.state === 'completed' && job.processedBy === undefined) return undefined;
        return done(job) ? job : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  async inspect(id: string): Promise<ContainerInfo> {
    const { stdout } = await docker(['inspect', id]);
    return (JSON.parse(stdout) as ContainerInfo[])[0]!;
  }

  /** User ids of every process in a running container (tini, node, nginx workers...). */
  async processUids(id: string): Promise<number[]> {
    const { stdout } = await docker(['top', id, '-eo', 'pid,uid,comm']);
    return stdout
      .split('\n')
      .slice(1)
      .filter((line) => line.trim())
      .map((line) => Number(line.trim().split(/\s+/)[1]));
  }

  /** Keeps `docker compose ps` and the logs of a run in e2e/artifacts, for failures. */
  async saveLogs() {
    mkdirSync(ARTIFACTS, { recursive: true });
    const ps = await this.compose(['ps', '-a'], { allowFailure: true });
    const logs = await this.compose(['logs', '--no-color', '--timestamps'], {
      allowFailure: true,
      timeoutMs: 60_000,
    });
    writeFileSync(
      join(ARTIFACTS, `${this.project}.log`),
      `${ps.stdout}\n${logs.stdout}${logs.stderr}`,
    );
  }

  /** Removes containers, networks and volumes; never throws (it runs in teardown). */
  async down() {
    const result = await this.compose(['down', '-v', '--remove-orphans', '--timeout', '20'], {
      allowFailure: true,
      timeoutMs: 3 * 60_000,
    });
    if (result.code !== 0) console.error(`down of ${this.project} failed:\n${result.stderr}`);
    rmSync(this.envFile, { force: true });
  }
}

/**
 * Sends only the headers of a POST with the given Content-Length and returns the status:
 * nginx refuses a body over client_max_body_size from the header alone.
 */
export function statusForDeclaredBody(url: string, contentLength: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': contentLength },
    });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer to the declared body')));
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

const bearer = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};
