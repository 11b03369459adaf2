// npm run bench:startup — how soon the server image's `api` role is ready once its database
// answers, for two images side by side (a change to the image and the image before it). Builds
// nothing: BENCH_IMAGE_BEFORE and BENCH_IMAGE_AFTER name two tags built beforehand, with the same
// migrations. PostgreSQL and Redis run in containers and answer before the first start; each
// image's api is then started alternately with `docker run` (host network, 127.0.0.1 only),
// timed from `docker run` until its ready line is logged and /api/health/ready then answers 200,
// and its ready line's own steps (startupMs) are printed beside. Not a test: it prints; the two
// columns come from the same run.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from '../test/support/processes.js';
import { startServerContainers } from './database.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const READY_TIMEOUT_MS = 120_000;
const STEPS = ['code', 'open', 'checks', 'queue', 'app', 'listen', 'total'] as const;

const run = promisify(execFile);
const docker = async (args: string[]) =>
  (await run('docker', args, { maxBuffer: 16 * 1024 * 1024 })).stdout.trim();

function imagesToCompare(): { before: string; after: string } {
  const { BENCH_IMAGE_BEFORE: before, BENCH_IMAGE_AFTER: after } = process.env;
  if (!before || !after) {
    console.error(
      'bench:startup needs two built server images, e.g.\n' +
        '  docker build -f server/Dockerfile -t docket-server:before .   (on the old commit)\n' +
        '  BENCH_IMAGE_BEFORE=docket-server:before BENCH_IMAGE_AFTER=docket-server:after npm run bench:startup',
    );
    process.exit(2);
  }
  return { before, after };
}

interface Start {
  readyMs: number;
  /** The ready line's steps (roles/serve.ts), from the process's own clock. */
  startupMs: Partial<Record<(typeof STEPS)[number], number>>;
}

const logsOf = (name: string) => docker(['logs', name]).catch((error: unknown) => String(error));

/** The ready line of a container's log (JSON lines), read as it is written: `docker logs
 * --follow` waits for output instead of asking, so the benchmark takes no CPU from the start it
 * measures (asking every 10 ms, as it did until 2026-12-07, competed for this machine's 2 cores;
 * docs/performance.md, Minified bundle). Only stdout is read, and stderr is not piped, so that
 * the container's warnings cannot fill a pipe nobody reads and stall the log. */
async function readyLineOf(name: string): Promise<Start['startupMs']> {
  const logs = spawn('docker', ['logs', '--follow', name], { stdio: ['ignore', 'pipe', 'ignore'] });
  const timeout = setTimeout(() => logs.kill(), READY_TIMEOUT_MS);
  try {
    for await (const text of createInterface({ input: logs.stdout }))
      if (text.includes('"startupMs"'))
        return (JSON.parse(text) as { startupMs: Start['startupMs'] }).startupMs;
    throw new Error(`no ready line within ${READY_TIMEOUT_MS} ms:\n${await logsOf(name)}`);
  } finally {
    clearTimeout(timeout);
    logs.kill();
  }
}

/** One start of `image`'s api role, from `docker run` to its ready line and a 200 from
 * /api/health/ready after it; the container is removed after. */
async function startApi(image: string, env: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const name = `docket-bench-startup-${randomBytes(4).toString('hex')}`;
  const settings = { ...env, HOST: '127.0.0.1', PORT: String(port), METRICS_PORT: '0' };
  const since = performance.now();
  await docker([
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    'host',
    ...Object.entries(settings).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    image,
    'api',
  ]);
  try {
    const startupMs = await readyLineOf(name);
    const answer = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
    if (answer.status !== 200)
      throw new Error(`${image} logged ready, then /api/health/ready answered ${answer.status}`);
    return { readyMs: performance.now() - since, startupMs };
  } finally {
    await docker(['rm', '--force', name]);
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function row(label: string, start: Start) {
  const steps = STEPS.map((step) => String(start.startupMs[step] ?? '-').padStart(6)).join(' ');
  return `  ${label.padEnd(36)} ${start.readyMs.toFixed(0).padStart(7)} ${steps}`;
}

async function main() {
  const images = imagesToCompare();
  const servers = await startServerContainers();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: servers.databaseUrl,
    REDIS_URL: servers.redisUrl,
    AUTH_SECRET: randomBytes(32).toString('base64'),
  };
  try {
    await docker([
      'run',
      '--rm',
      '--network',
      'host',
      ...Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
      images.before,
      'migrate',
    ]);
    console.log(
      `bench:startup — ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}, ` +
        `${ROUNDS} starts of each image, alternately; PostgreSQL and Redis already answering`,
    );
    console.log(
      `\n  ${'api role'.padEnd(36)} ${'ready'.padStart(7)} ${STEPS.map((s) => s.padStart(6)).join(' ')}`,
    );
    console.log(`  ${''.padEnd(36)} ${'ms'.padStart(7)} (ready line's startupMs, ms)`);
    const starts: Record<'before' | 'after', Start[]> = { before: [], after: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const which of ['before', 'after'] as const) {
        const start = await startApi(images[which], env);
        starts[which].push(start);
        console.log(row(`${which} #${round} ${images[which]}`, start));
      }
    }
    console.log('\n  medians:');
    for (const which of ['before', 'after'] as const) {
      const list = starts[which];
      const medianStart: Start = {
        readyMs: median(list.map((s) => s.readyMs)),
        startupMs: Object.fromEntries(
          STEPS.map((step) => [step, median(list.map((s) => s.startupMs[step] ?? 0))]),
        ),
      };
      console.log(row(`${which} ${images[which]}`, medianStart));
    }
    console.log(`  load average at the end ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    await servers.stop();
  }
}

await main();
