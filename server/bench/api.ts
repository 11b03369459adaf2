// npm run bench:api — how fast Docket answers HTTP, beside a bare Fastify app in the same run.
// Starts the built server as users do (embedded `all` on PGlite; with BENCH_DB=postgres the
// `migrate`, `api` and `worker` roles on PostgreSQL 17 + Redis in containers), and a bare
// Fastify app answering the same health route. Loads both with autocannon on 127.0.0.1 and
// prints req/s, p50/p99 and the ratio to bare Fastify, each role's time from process start to
// ready, and its resident memory once idle. Not a test: it prints; figures are noisy on a shared
// machine, the ratios beside the reference are what count.
import { spawn } from 'node:child_process';
import { openSync, readFileSync, closeSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { MAIN, REPO_ROOT, freePort, signUpOver } from '../test/support/processes.js';
import { passage, seededRandom } from './corpus.js';
import { startServerContainers } from './database.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;
const FIXED_RATE = 500;
const TASKS = 50;
const DOCUMENTS = 20;
/** Memory is read this long after ready, once start-up's garbage has had a chance to go. */
const SETTLE_MS = 3_000;
/** Docket's processes are started with the flags `npm start` and the image give them. */
const NODE_FLAGS = ['--max-semi-space-size=4', '--enable-source-maps'];
const DOCKET = [...NODE_FLAGS, MAIN];
/** Another build's entry point (its dist/main.js): compare its starts with this one's, alternately. */
const BEFORE = process.env.BENCH_BEFORE;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BARE_FASTIFY = `
import Fastify from 'fastify';
const app = Fastify();
app.get('/api/health/live', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
`;

interface Proc {
  name: string;
  pid: number;
  exited: Promise<number | null>;
  kill(): Promise<void>;
}

/** Starts a process with its output in a log file (as a container's log driver would take it). */
function start(name: string, args: string[], env: Record<string, string>, logDir: string): Proc {
  const log = openSync(join(logDir, `${name}.log`), 'a');
  const child = spawn('node', args, {
    cwd: join(REPO_ROOT, 'server'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    name,
    pid: child.pid!,
    exited,
    async kill() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

/** Milliseconds from `since` until `ready()` holds; fails with the log if the process exits. */
async function timeUntil(proc: Proc, since: number, ready: () => Promise<boolean>, logDir: string) {
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code));
  const deadline = since + 120_000;
  while (performance.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(
        `${proc.name} exited (${exitCode}):\n${readFileSync(join(logDir, `${proc.name}.log`), 'utf8')}`,
      );
    if (await ready().catch(() => false)) return performance.now() - since;
    await sleep(10);
  }
  throw new Error(`${proc.name} was not ready within 120 s`);
}

const answers = (url: string) => async () => (await fetch(url)).status === 200;

/** CPU time the process (and the children it waited for) has used, in ms: less moved by load than time. */
function cpuMs(pid: number): number {
  // Fields after the command's closing parenthesis: utime, stime, cutime, cstime are 12-15.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return (ticks * 1000) / CLOCK_TICKS;
}
/** sysconf(_SC_CLK_TCK), 100 on Linux. */
const CLOCK_TICKS = 100;

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Stack {
  label: string;
  base: string;
  /** Role name → ms from spawn to ready. */
  readyMs: Record<string, number>;
  procs: Proc[];
  stop(): Promise<void>;
}

function docketEnv(port: number, dataDir: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    HEARTBEAT_FILE: join(dataDir, 'heartbeat.json'),
    METRICS_PORT: '0',
    // The bench signs up, then asks many questions: lift the per-user limits it would hit.
    CHAT_RATE_LIMIT_PER_MINUTE: '10000',
    ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
  };
}

/** Starts the embedded `all` role of the build whose entry point is `main`, until ready. */
async function startEmbedded(main: string, name: string, dataDir: string, logDir: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const all = start(name, [...NODE_FLAGS, main, 'all'], docketEnv(port, dataDir), logDir);
  const ms = await timeUntil(all, since, answers(`${base}/api/health/ready`), logDir);
  return { all, base, ms, cpuMs: cpuMs(all.pid) };
}

/**
 * The first start creates the database (initdb) and migrates; every later start opens it. Both
 * are timed and measured: the first start's process is stopped once idle, then started again.
 */
async function embeddedStack(dir: string): Promise<Stack> {
  const first = await startEmbedded(MAIN, 'first', join(dir, 'data'), dir);
  await sleep(SETTLE_MS);
  const firstRss = residentMb(first.all.pid);
  await first.all.kill();
  const { all, ms, base } = await startEmbedded(MAIN, 'all', join(dir, 'data'), dir);
  return {
    label: `embedded (PGlite); first start ${first.ms.toFixed(0)} ms to ready, idle RSS ${firstRss.toFixed(0)} MB; then`,
    base,
    readyMs: { all: ms },
    procs: [all],
    stop: () => all.kill(),
  };
}

async function postgresStack(dir: string): Promise<Stack> {
  const servers = await startServerContainers();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...docketEnv(port, join(dir, 'data')),
    DATABASE_URL: servers.databaseUrl,
    REDIS_URL: servers.redisUrl,
    AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  };
  const migrate = start('migrate', [...DOCKET, 'migrate'], env, dir);
  if ((await migrate.exited) !== 0) throw new Error(`migrate failed: see ${dir}/migrate.log`);
  let since = performance.now();
  const api = start('api', [...DOCKET, 'api'], env, dir);
  const apiMs = await timeUntil(api, since, answers(`${base}/api/health/ready`), dir);
  const heartbeat = join(dir, 'worker-heartbeat.json');
  since = performance.now();
  const worker = start('worker', [...DOCKET, 'worker'], { ...env, HEARTBEAT_FILE: heartbeat }, dir);
  const workerMs = await timeUntil(worker, since, async () => existsSync(heartbeat), dir);
  return {
    label: 'PostgreSQL + Redis',
    base,
    readyMs: { api: apiMs, worker: workerMs },
    procs: [api, worker],
    async stop() {
      await Promise.all([api.kill(), worker.kill()]);
      await servers.stop();
    },
  };
}

async function bareFastify(dir: string) {
  const port = await freePort();
  const since = performance.now();
  const proc = start(
    'bare',
    ['--input-type=module', '-e', BARE_FASTIFY],
    { PORT: String(port) },
    dir,
  );
  const base = `http://127.0.0.1:${port}`;
  const readyMs = await timeUntil(proc, since, answers(`${base}/api/health/live`), dir);
  return { base, proc, readyMs };
}

/** Fills the account the load runs as: tasks to list, documents to search (ingested). */
async function seed(base: string, headers: Record<string, string>) {
  const json = { ...headers, 'content-type': 'application/json' };
  for (let i = 0; i < TASKS; i++) {
    const body = { title: `Task ${i}`, notes: 'a note', tags: ['bench'], dueDate: '2030-01-01' };
    const res = await fetch(`${base}/api/tasks`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`task create answered ${res.status}`);
  }
  const random = seededRandom(7);
  const ids: string[] = [];
  for (let i = 0; i < DOCUMENTS; i++) {
    const body = { title: `Document ${i}`, text: passage(random, 6_000) };
    const res = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(body),
    });
    ids.push(((await res.json()) as { id: string }).id);
  }
  for (const id of ids)
    for (;;) {
      const { status } = (await (
        await fetch(`${base}/api/documents/${id}`, { headers })
      ).json()) as {
        status: string;
      };
      if (status === 'ready') break;
      if (status === 'failed') throw new Error(`document ${id} failed to ingest`);
      await sleep(100);
    }
}

interface Load {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  connections?: number;
  overallRate?: number;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  /** The serving process's CPU time per request answered: what the machine's load moves least. */
  cpuUs: number;
}

async function load(
  base: string,
  headers: Record<string, string>,
  spec: Load,
  server: Proc,
): Promise<Figures> {
  const cpuBefore = cpuMs(server.pid);
  const result = await autocannon({
    url: `${base}${spec.path}`,
    method: spec.method ?? 'GET',
    headers: spec.body ? { ...headers, 'content-type': 'application/json' } : headers,
    body: spec.body ? JSON.stringify(spec.body) : undefined,
    connections: spec.connections ?? CONNECTIONS,
    duration: SECONDS,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
    cpuUs: ((cpuMs(server.pid) - cpuBefore) * 1000) / Math.max(1, result.requests.total),
  };
}

const fmt = (f: Figures) =>
  `${f.rps.toFixed(0).padStart(6)} req/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99
    .toFixed(1)
    .padStart(
      6,
    )} ms  CPU ${f.cpuUs.toFixed(0).padStart(5)} µs/req${f.bad ? `  (${f.bad} failed)` : ''}`;

interface StartFigures {
  firstMs: number;
  firstCpuMs: number;
  firstMb: number;
  restartMs: number;
  restartCpuMs: number;
  restartMb: number;
}

/** One build's first start on an empty DATA_DIR and its restart: time to ready, idle RSS. */
async function measureStarts(main: string, dir: string): Promise<StartFigures> {
  const dataDir = await mkdtemp(join(dir, 'data-'));
  const first = await startEmbedded(main, 'first', dataDir, dir);
  await sleep(SETTLE_MS);
  const firstMb = residentMb(first.all.pid);
  await first.all.kill();
  const again = await startEmbedded(main, 'restart', dataDir, dir);
  await sleep(SETTLE_MS);
  const restartMb = residentMb(again.all.pid);
  await again.all.kill();
  return {
    firstMs: first.ms,
    firstCpuMs: first.cpuMs,
    firstMb,
    restartMs: again.ms,
    restartCpuMs: again.cpuMs,
    restartMb,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const range = (values: number[]) =>
  `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

/** BENCH_BEFORE: the embedded starts of two builds, alternately, BENCH_ROUNDS times; no loads. */
async function compareStarts(before: string, dir: string) {
  const builds = { before, after: MAIN };
  const runs: Record<keyof typeof builds, StartFigures[]> = { before: [], after: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
    for (const name of order) {
      const figures = await measureStarts(builds[name], dir);
      runs[name].push(figures);
      console.log(
        `  round ${round + 1} ${name.padEnd(6)} first start ${figures.firstMs.toFixed(0).padStart(5)} ms (CPU ${figures.firstCpuMs.toFixed(0).padStart(5)} ms) ${figures.firstMb.toFixed(0).padStart(4)} MB   restart ${figures.restartMs.toFixed(0).padStart(5)} ms (CPU ${figures.restartCpuMs.toFixed(0).padStart(5)} ms) ${figures.restartMb.toFixed(0).padStart(4)} MB   (load average ${loadavg()[0]!.toFixed(1)})`,
      );
    }
  }
  console.log(`\n  medians (range) of ${ROUNDS} starts each:`);
  for (const name of ['before', 'after'] as const) {
    const pick = (key: keyof StartFigures) => {
      const values = runs[name].map((run) => run[key]);
      return `${median(values).toFixed(0)} (${range(values)})`;
    };
    console.log(
      `  ${name.padEnd(6)} first start ${pick('firstMs')} ms, CPU ${pick('firstCpuMs')} ms, idle RSS ${pick('firstMb')} MB; restart ${pick('restartMs')} ms, CPU ${pick('restartCpuMs')} ms, idle RSS ${pick('restartMb')} MB`,
    );
  }
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'docket-bench-api-'));
  const kind = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'pglite';
  console.log(
    `bench:api — ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}, ${SECONDS} s a load, ${CONNECTIONS} connections, LOG_LEVEL=${process.env.LOG_LEVEL ?? 'default'}`,
  );
  if (BEFORE) {
    console.log(`embedded starts, ${BEFORE} (before) and ${MAIN} (after), alternately:`);
    try {
      return await compareStarts(BEFORE, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const bare = await bareFastify(dir);
  const stack = kind === 'postgres' ? await postgresStack(dir) : await embeddedStack(dir);
  try {
    await sleep(SETTLE_MS);
    console.log(`\n${stack.label}`);
    for (const proc of [...stack.procs, bare.proc]) {
      const ready = proc === bare.proc ? bare.readyMs : stack.readyMs[proc.name]!;
      console.log(
        `  ${proc.name.padEnd(7)} start → ready ${ready.toFixed(0).padStart(5)} ms   idle RSS ${residentMb(proc.pid).toFixed(0)} MB`,
      );
    }
    const headers = await signUpOver(stack.base);
    await seed(stack.base, headers);

    const server = stack.procs[0]!;
    const reference = await load(
      bare.base,
      {},
      { name: 'bare', path: '/api/health/live' },
      bare.proc,
    );
    console.log(`\n  ${'bare Fastify, health live'.padEnd(34)} ${fmt(reference)}`);
    // At a fixed rate first, while the account has its 50 tasks (the loads below add more).
    const fixedBare = await load(
      bare.base,
      {},
      { name: 'bare', path: '/api/health/live', overallRate: FIXED_RATE },
      bare.proc,
    );
    const fixed = await load(
      stack.base,
      headers,
      { name: 'fixed', path: '/api/tasks', overallRate: FIXED_RATE },
      server,
    );
    const loads: Load[] = [
      { name: 'health live', path: '/api/health/live' },
      { name: `GET /api/tasks (${TASKS}), token`, path: '/api/tasks' },
      {
        name: 'POST /api/tasks',
        path: '/api/tasks',
        method: 'POST',
        body: { title: 'Created under load', tags: ['load'] },
      },
      {
        name: 'GET /api/search',
        path: '/api/search?q=' + encodeURIComponent(passage(seededRandom(7), 40)),
      },
      {
        name: 'POST /api/chat (offline)',
        path: '/api/chat',
        method: 'POST',
        body: { message: 'What do my documents say about the harbour?' },
      },
    ];
    for (const spec of loads) {
      const figures = await load(stack.base, headers, spec, server);
      console.log(
        `  ${spec.name.padEnd(34)} ${fmt(figures)}  ×${(figures.rps / reference.rps).toFixed(2)} of bare`,
      );
    }
    console.log(`\n  at a fixed ${FIXED_RATE} req/s:`);
    console.log(`  ${'bare Fastify, health live'.padEnd(34)} ${fmt(fixedBare)}`);
    console.log(`  ${`GET /api/tasks (${TASKS}), token`.padEnd(34)} ${fmt(fixed)}`);
    console.log('\n  RSS after the load:');
    for (const proc of stack.procs)
      console.log(`  ${proc.name.padEnd(7)} ${residentMb(proc.pid).toFixed(0)} MB`);
  } finally {
    await stack.stop();
    await bare.proc.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
