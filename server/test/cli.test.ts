// The docket command through real processes, as people and scripts run it: --help for every
// command, exit codes (0; 1 for a refused request or a doctor problem; 2 for usage), and the
// administration commands proven through the HTTP API, embedded and on PostgreSQL.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands.js';
import { codeMigrations } from '../src/db/schema-state.js';
import {
  assertBuilt,
  freePort,
  killAll,
  MAIN,
  REPO_ROOT,
  spawnDocket,
  terminate,
  waitForStatus,
  type Running,
} from './support/processes.js';
import { createPostgresDatabase, redisUrl } from './support/databases.js';

const SECRET = 'cli-test-secret-that-is-long-enough-0123456789';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `docket <args>` to its end; `input` is piped to its standard input. */
function docket(args: string[], env: Record<string, string> = {}, input?: string): Promise<Result> {
  const child = spawn('node', [MAIN, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A fresh embedded environment: its own data directory, port and heartbeat file. */
async function embeddedEnv() {
  const dir = mkdtempSync(join(tmpdir(), 'docket-cli-'));
  const port = await freePort();
  return {
    DATA_DIR: dir,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HEARTBEAT_FILE: join(dir, 'heartbeat.json'),
    METRICS_PORT: '0',
  };
}

async function start(env: Record<string, string>): Promise<Running> {
  const running = spawnDocket('all', env);
  await waitForStatus(`${env.PUBLIC_URL}/api/health/ready`, 200, running);
  return running;
}

/** Signs in over HTTP; the session cookie, or the refusal's status. */
async function signIn(base: string, email: string, password: string) {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { status: response.status, cookie, body: await response.text() };
}

async function tokenFor(base: string, email: string, password: string): Promise<string> {
  const { cookie } = await signIn(base, email, password);
  const created = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'cli test' }),
  });
  return ((await created.json()) as { token: string }).token;
}

const tasksWith = async (base: string, token: string) =>
  (await fetch(`${base}/api/tasks`, { headers: { authorization: `Bearer ${token}` } })).status;

/**
 * The status once it is `expected`, or the last one after 20 s: another process may have
 * verified the token a moment before (tokens/verified.ts keeps that for a few seconds).
 */
async function eventualStatus(read: () => Promise<number>, expected: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  let status = await read();
  while (status !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    status = await read();
  }
  return status;
}

beforeAll(() => assertBuilt());
afterAll(() => killAll());

describe('help and usage', () => {
  it('lists every command in docket --help, and README.md shows that same help', async () => {
    const help = await docket(['--help']);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(`  ${command.name}  `);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`text\n$ docket --help\n${help.stdout}\`\`\``);
  });

  it('answers --help for every command with its usage and options', async () => {
    for (const command of COMMANDS) {
      const help = await docket([...command.name.split(' '), '--help']);
      expect(help.code, command.name).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^usage: docket ${command.name}\\b`));
      for (const option of Object.keys(command.options ?? {}))
        expect(help.stdout).toContain(`--${option}`);
    }
    for (const group of ['users', 'tokens']) {
      const help = await docket([group, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`usage: docket ${group} <command>`);
    }
  });

  it('exits 2 with the usage on stderr for an unknown command, a bad flag or argument', async () => {
    const mistakes = [
      ['everything'],
      ['--bogus'],
      ['migrate', '--bogus'],
      ['users'],
      ['users', 'rename'],
      ['users', 'disable'],
      ['tokens', 'revoke', 'one', 'two'],
    ];
    for (const args of mistakes) {
      const result = await docket(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/usage: docket/);
    }
    expect((await docket(['everything'])).stderr).toMatch(/unknown command "everything"/);
  });

  it('prints the version, also as npx docket in the checkout', async () => {
    const { version } = JSON.parse(
      readFileSync(join(REPO_ROOT, 'server/package.json'), 'utf8'),
    ) as { version: string };
    expect(await docket(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const npx = await new Promise<Result>((resolve) => {
      const child = spawn('npx', ['--no-install', 'docket', '--version'], { cwd: REPO_ROOT });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    });
    expect(npx).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('exits 1 naming the variable when the configuration is invalid', async () => {
    const result = await docket(['users', 'list'], { PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT: expected a whole number/);
  });
});

describe('users and tokens on the embedded database', () => {
  // Two starts of the embedded server and a dozen commands, each opening PGlite.
  it(
    'creates, resets, disables and revokes, as the API then sees',
    { timeout: 240_000 },
    async () => {
      const env = { ...(await embeddedEnv()), ALLOW_SIGNUP: 'false' };
      const base = env.PUBLIC_URL;
      const create = (email: string, password: string, ...flags: string[]) =>
        docket(['users', 'create', email, '--password-stdin', ...flags], env, `${password}\n`);
      expect(await create('ann@example.com', 'ann first password', '--admin')).toMatchObject({
        code: 0,
        stdout: 'created ann@example.com (admin)\n',
      });
      expect((await create('bob@example.com', 'bob password 123', '--name', 'Bob')).code).toBe(0);
      expect((await create('bob@example.com', 'bob password 123')).code).toBe(1);
      const listed = JSON.parse(
        (await docket(['users', 'list', '--json'], env)).stdout,
      ) as object[];
      expect(listed).toMatchObject([
        { email: 'ann@example.com', role: 'admin', disabled: false },
        { email: 'bob@example.com', name: 'Bob', role: 'user', disabled: false },
      ]);

      let server = await start(env);
      const inUse = await docket(['users', 'list'], env);
      expect(inUse.code).toBe(1);
      expect(inUse.stderr).toMatch(/in use by the docket running beside/);
      const annToken = await tokenFor(base, 'ann@example.com', 'ann first password');
      const bobToken = await tokenFor(base, 'bob@example.com', 'bob password 123');
      expect(await tasksWith(base, annToken)).toBe(200);
      expect(await tasksWith(base, bobToken)).toBe(200);
      expect((await terminate(server)).code).toBe(0);

      const tokens = JSON.parse((await docket(['tokens', 'list', '--json'], env)).stdout) as {
        id: string;
        prefix: string;
        email: string;
      }[];
      const annTokenRow = tokens.find((t) => annToken.startsWith(t.prefix));
      expect(annTokenRow).toMatchObject({ email: 'ann@example.com' });
      expect((await docket(['tokens', 'revoke', annTokenRow!.id], env)).code).toBe(0);
      expect((await docket(['tokens', 'revoke', annTokenRow!.id], env)).code).toBe(1);
      const reset = ['users', 'reset-password', 'ann@example.com', '--password-stdin'];
      expect((await docket(reset, env, 'ann second password\n')).code).toBe(0);
      expect((await docket(['users', 'disable', 'bob@example.com'], env)).code).toBe(0);
      expect((await docket(['users', 'disable', 'nobody@example.com'], env)).code).toBe(1);

      server = await start(env);
      expect(await tasksWith(base, annToken)).toBe(401);
      expect(await tasksWith(base, bobToken)).toBe(401);
      expect((await signIn(base, 'bob@example.com', 'bob password 123')).status).toBe(403);
      expect((await signIn(base, 'ann@example.com', 'ann first password')).status).toBe(401);
      expect((await signIn(base, 'ann@example.com', 'ann second password')).status).toBe(200);
      expect((await terminate(server)).code).toBe(0);
    },
  );
});

describe('a password asked on a terminal', () => {
  it('is read without echo, twice, and signs in', async () => {
    const env = await embeddedEnv();
    // script(1) gives the command a terminal; each answer is typed once its question shows.
    const child = spawn(
      'script',
      ['-qec', `node ${MAIN} users create tty@example.com`, '/dev/null'],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      },
    );
    let output = '';
    const answered = new Set<string>();
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const question of ['New password: ', 'Once more: '])
        if (output.includes(question) && !answered.has(question)) {
          answered.add(question);
          child.stdin.write('typed at a terminal\r');
        }
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain('created tty@example.com');
    expect(output).not.toContain('typed at a terminal');
    const server = await start(env);
    expect((await signIn(env.PUBLIC_URL, 'tty@example.com', 'typed at a terminal')).status).toBe(
      200,
    );
    await terminate(server);
  });
});

describe('logs', () => {
  it('are readable coloured lines on a terminal, saying where the app and the data are', async () => {
    const env = await embeddedEnv();
    const child = spawn('script', ['-qec', `exec node ${MAIN} start`, '/dev/null'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let output = '';
    const closed = new Promise((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Docket is ready')) resolve();
      }),
    );
    child.stdin.write('\u0003'); // Ctrl-C at the terminal
    expect(await closed).toBe(0);
    const lines = output.split(/\r?\n/);
    const starting = lines.find((line) => line.includes('all: starting'));
    expect(starting).toContain(env.DATA_DIR);
    expect(starting).toContain(env.PUBLIC_URL);
    expect(output).toContain('\u001b['); // colours
    expect(output).not.toContain('{"level"');
    expect(output).toMatch(/stopped cleanly/);
  });
});

describe('users and tokens on PostgreSQL, beside the running server', () => {
  let env: Record<string, string>;
  let server: Running;
  beforeAll(async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'docket-cli-pg-'));
    env = {
      DATABASE_URL: await createPostgresDatabase(),
      AUTH_SECRET: SECRET,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      HEARTBEAT_FILE: join(dir, 'heartbeat.json'),
      METRICS_PORT: '0',
    };
    expect((await docket(['migrate'], env)).code).toBe(0);
    server = await start(env);
  });
  afterAll(async () => server && terminate(server));

  it('the first account signed up is the admin; a created account works at once', async () => {
    const base = env.PUBLIC_URL!;
    const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'carol@example.com', password: 'carol password', name: 'C' }),
    });
    expect(signUp.status).toBe(200);
    const create = ['users', 'create', 'dan@example.com', '--password-stdin'];
    expect((await docket(create, env, 'dan password 12\n')).code).toBe(0);
    const listed = JSON.parse((await docket(['users', 'list', '--json'], env)).stdout) as object[];
    expect(listed).toMatchObject([
      { email: 'carol@example.com', role: 'admin' },
      { email: 'dan@example.com', role: 'user' },
    ]);
    expect((await signIn(base, 'dan@example.com', 'dan password 12')).status).toBe(200);
  });

  it("disable stops an account's token and sign-in, enable restores them", async () => {
    const base = env.PUBLIC_URL!;
    const token = await tokenFor(base, 'dan@example.com', 'dan password 12');
    expect(await tasksWith(base, token)).toBe(200);
    expect((await docket(['users', 'disable', 'dan@example.com'], env)).code).toBe(0);
    expect(await eventualStatus(() => tasksWith(base, token), 401)).toBe(401);
    expect((await signIn(base, 'dan@example.com', 'dan password 12')).status).toBe(403);
    expect((await docket(['users', 'enable', 'dan@example.com'], env)).code).toBe(0);
    expect(await tasksWith(base, token)).toBe(200);
    expect((await signIn(base, 'dan@example.com', 'dan password 12')).status).toBe(200);
  });

  it('revokes any token; a reset password signs in and the old one does not', async () => {
    const base = env.PUBLIC_URL!;
    const token = await tokenFor(base, 'carol@example.com', 'carol password');
    expect(await tasksWith(base, token)).toBe(200);
    const tokens = JSON.parse((await docket(['tokens', 'list', '--json'], env)).stdout) as {
      id: string;
      prefix: string;
    }[];
    const row = tokens.find((t) => token.startsWith(t.prefix))!;
    expect((await docket(['tokens', 'revoke', row.id], env)).code).toBe(0);
    expect(await eventualStatus(() => tasksWith(base, token), 401)).toBe(401);

    const reset = ['users', 'reset-password', 'carol@example.com', '--password', 'carol new pass'];
    expect((await docket(reset, env)).code).toBe(0);
    expect((await signIn(base, 'carol@example.com', 'carol password')).status).toBe(401);
    expect((await signIn(base, 'carol@example.com', 'carol new pass')).status).toBe(200);
  });

  it('keeps the last administrator, changes roles, and deletes an account giving its data', async () => {
    const base = env.PUBLIC_URL!;
    for (const args of [
      ['users', 'disable', 'carol@example.com'],
      ['users', 'role', 'carol@example.com', 'user'],
      ['users', 'delete', 'carol@example.com', '--delete-data'],
    ]) {
      const refused = await docket(args, env);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toContain(
        'carol@example.com is the last administrator of this server: make another account an administrator first',
      );
    }
    expect((await docket(['users', 'role', 'dan@example.com', 'owner'], env)).code).toBe(2);
    expect((await docket(['users', 'delete', 'dan@example.com'], env)).code).toBe(2);
    expect(await docket(['users', 'role', 'dan@example.com', 'admin'], env)).toMatchObject({
      code: 0,
      stdout: 'dan@example.com is now an administrator\n',
    });
    const dan = await tokenFor(base, 'dan@example.com', 'dan password 12');
    const task = await fetch(`${base}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dan}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Hand over the keys' }),
    });
    expect(task.status).toBe(201);
    const moved = ['users', 'delete', 'dan@example.com', '--transfer-to', 'carol@example.com'];
    expect(await docket(moved, env)).toMatchObject({
      code: 0,
      stdout:
        'deleted dan@example.com; given to carol@example.com: documents 0, tasks 1, conversations 0\n',
    });
    const carol = await tokenFor(base, 'carol@example.com', 'carol new pass');
    const tasks = (await (
      await fetch(`${base}/api/tasks`, { headers: { authorization: `Bearer ${carol}` } })
    ).json()) as { items: { title: string }[] };
    expect(tasks.items.map((t) => t.title)).toContain('Hand over the keys');
    expect(await eventualStatus(() => tasksWith(base, dan), 401)).toBe(401);
  });
});

describe('docket doctor', () => {
  let models: Server;
  let modelsUrl: string;
  beforeAll(async () => {
    // An OpenAI-compatible endpoint that knows one key.
    models = createServer((request, response) => {
      const known = request.headers.authorization === 'Bearer right-key';
      response.writeHead(known ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: [] }));
    });
    await new Promise<void>((resolve) => models.listen(0, '127.0.0.1', resolve));
    const address = models.address();
    modelsUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1`;
  });
  afterAll(() => new Promise((resolve) => models.close(resolve)));

  it('finds no problem on a fresh embedded install, nor after it has started', async () => {
    const env = await embeddedEnv();
    const fresh = await docket(['doctor'], env);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^ok +database +not created yet/m);
    expect(fresh.stdout).toMatch(/no problems found/);
    await terminate(await start(env));
    const started = await docket(['doctor'], env);
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^ok +schema +current/m);
    expect(started.stdout).toMatch(/^ok +embeddings +offline-hash-v2/m);
  });

  it('on PostgreSQL and Redis: a schema to migrate is a problem until docket migrate', async () => {
    const env = {
      DATABASE_URL: await createPostgresDatabase(),
      REDIS_URL: redisUrl(14),
      AUTH_SECRET: SECRET,
      CHAT_PROVIDER: 'openai',
      CHAT_BASE_URL: modelsUrl,
      CHAT_MODEL: 'any',
      CHAT_API_KEY: 'right-key',
    };
    const before = await docket(['doctor'], env);
    expect(before.code).toBe(1);
    const migrations = codeMigrations().length;
    expect(before.stdout).toMatch(
      new RegExp(`^problem +schema +${migrations} migration\\(s\\) not applied`, 'm'),
    );
    expect(before.stdout).toMatch(/fix: run docket migrate/);
    expect(before.stdout).toMatch(/^ok +redis +answers; maxmemory-policy noeviction/m);
    expect(before.stdout).toMatch(/^ok +chat model +http:\/\/127\.0\.0\.1:\d+\/v1 answers/m);
    expect((await docket(['migrate'], env)).code).toBe(0);
    const after = await docket(['doctor'], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^ok +schema +current/m);
  });

  it('names unreachable servers, a refused model key and bad settings, and exits 1', async () => {
    const result = await docket(['doctor'], {
      DATABASE_URL: 'postgres://docket:secret-password@127.0.0.1:1/docket',
      REDIS_URL: 'redis://127.0.0.1:1',
      AUTH_SECRET: SECRET,
      EMBEDDINGS_PROVIDER: 'openai',
      EMBEDDINGS_BASE_URL: modelsUrl,
      EMBEDDINGS_MODEL: 'any',
      EMBEDDINGS_DIMENSIONS: '64',
      EMBEDDINGS_API_KEY: 'wrong-key',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^problem +database +cannot reach it/m);
    expect(result.stdout).toMatch(/^skipped +schema/m);
    expect(result.stdout).toMatch(/^problem +redis +cannot reach it/m);
    expect(result.stdout).toMatch(/^problem +embeddings model +.* refuses the key \(401\)/m);
    expect(result.stdout).not.toContain('secret-password');
    const invalid = await docket(['doctor'], { PORT: 'abc' });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/^problem +configuration +PORT: expected a whole number/m);
  });
});
