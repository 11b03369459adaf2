// npm run bench:ingest-load — does a hostile document stall the embedded server? Starts the
// built `all` role on PGlite (as `npm start` does), makes the files that stalled it (a PDF whose
// content stream inflates to ~200 MB, a PDF of 20,000 pages, 6 MB of text), uploads each and,
// until it is ready or failed, polls /api/health/live and GET /api/tasks on 127.0.0.1. Prints
// p50/p99/max of both beside the same figures measured while idle (the reference), and the
// server's peak resident memory.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  freePort,
  signUpOver,
  spawnDocket,
  terminate,
  waitForStatus,
  type Running,
} from '../test/support/processes.js';
import { makeDeflateBombPdf, makePdf } from '../test/support/pdf.js';
import { passage, percentile, seededRandom } from './corpus.js';

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 5);
/** No document may take longer; the bench fails rather than poll for ever. */
const DOCUMENT_DEADLINE_MS = 15 * 60_000;
const REQUEST_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 25;
const MAX_IN_FLIGHT = 400;

interface Probe {
  samples: number[];
  timeouts: number;
}

/**
 * Requests one URL every POLL_INTERVAL_MS whether or not earlier ones have answered (at most
 * MAX_IN_FLIGHT at once), until `stop` says so: a stall then shows as many slow answers, as
 * users would see it, not as one.
 */
async function poll(url: string, headers: Record<string, string>, stop: () => boolean) {
  const probe: Probe = { samples: [], timeouts: 0 };
  const inFlight = new Set<Promise<void>>();
  const request = async () => {
    const started = performance.now();
    try {
      const response = await fetch(url, {
        headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      probe.samples.push(performance.now() - started);
    } catch (error) {
      if ((error as Error).name !== 'TimeoutError') throw error;
      probe.timeouts += 1;
    }
  };
  while (!stop()) {
    if (inFlight.size < MAX_IN_FLIGHT) {
      const pending = request().finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    }
    await sleep(POLL_INTERVAL_MS);
  }
  await Promise.all(inFlight);
  return probe;
}

/** Resident memory of the server process now, from /proc (Linux). */
function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Polls both endpoints from before `work` starts until it ends; samples the server's memory. */
async function measure(
  base: string,
  auth: Record<string, string>,
  pid: number,
  work: () => Promise<void>,
) {
  let done = false;
  let peakMb = residentMb(pid);
  const memory = setInterval(() => (peakMb = Math.max(peakMb, residentMb(pid))), 250);
  const probes = Promise.all([
    poll(`${base}/api/health/live`, {}, () => done),
    poll(`${base}/api/tasks`, auth, () => done),
  ]);
  const started = performance.now();
  try {
    await work();
  } finally {
    done = true;
    clearInterval(memory);
  }
  const [health, tasks] = await probes;
  return { health, tasks, peakMb, seconds: (performance.now() - started) / 1000 };
}

const stats = (probe: Probe) => {
  const sorted = [...probe.samples].sort((a, b) => a - b);
  const f = (ms: number) => ms.toFixed(1).padStart(7);
  return `${f(percentile(sorted, 50))} ${f(percentile(sorted, 99))} ${f(sorted.at(-1) ?? 0)}  n=${String(sorted.length).padEnd(5)} timeouts=${probe.timeouts}`;
};

function row(label: string, figures: Awaited<ReturnType<typeof measure>>, result: string) {
  console.log(
    `${label.padEnd(36)} | ${stats(figures.health)} | ${stats(figures.tasks)} | ${figures.peakMb
      .toFixed(0)
      .padStart(5)} MB | ${result}`,
  );
}

interface DocumentState {
  status: string;
  error: string | null;
  chunkCount: number;
}

async function upload(base: string, auth: Record<string, string>, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: auth,
    body: form,
  });
  if (response.status !== 202)
    throw new Error(`upload: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function hostileFiles() {
  const random = seededRandom(11);
  let text = '';
  while (text.length < 6_000_000) text += `${passage(random, 900)}\n\n`;
  return [
    {
      label: 'deflate-bomb PDF',
      name: 'bomb.pdf',
      bytes: await makeDeflateBombPdf(200_000_000),
      note: '→ 200 MB',
    },
    {
      label: '20,000-page PDF',
      name: 'pages.pdf',
      bytes: await makePdf(Array.from({ length: 20_000 }, (_, i) => [`Page ${i + 1}.`])),
      note: '',
    },
    { label: '6 MB text', name: 'big.txt', bytes: Buffer.from(text), note: '' },
  ];
}

async function main() {
  const files = await hostileFiles();
  const dataDir = await mkdtemp(join(tmpdir(), 'docket-bench-load-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: Running = spawnDocket('all', {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: base,
    HEARTBEAT_FILE: join(dataDir, 'heartbeat.json'),
    LOG_LEVEL: 'warn',
  });
  try {
    await waitForStatus(`${base}/api/health/ready`, 200, server);
    const auth = await signUpOver(base);
    const pid = server.child.pid!;
    console.log(
      `bench:ingest-load: embedded server (node server/dist/main.js all, PGlite), ${availableParallelism()} cores (load average ${loadavg()[0]!.toFixed(1)}), default limits, offline embeddings`,
    );
    const columns = `${['p50', 'p99', 'max'].map((c) => c.padStart(7)).join(' ')}  ${'samples'.padEnd(17)}`;
    console.log(
      `${''.padEnd(36)} | ${'/api/health/live (ms)'.padEnd(42)} | ${'GET /api/tasks (ms)'.padEnd(42)} |`,
    );
    console.log(`${'while'.padEnd(36)} | ${columns} | ${columns} | peak RSS | document`);
    row('idle (reference)', await measure(base, auth, pid, () => sleep(IDLE_SECONDS * 1000)), '');
    for (const file of files) {
      let state: DocumentState | undefined;
      const figures = await measure(base, auth, pid, async () => {
        const id = await upload(base, auth, file.name, file.bytes);
        const deadline = performance.now() + DOCUMENT_DEADLINE_MS;
        while (state?.status !== 'ready' && state?.status !== 'failed') {
          if (performance.now() > deadline) throw new Error(`${file.name} did not settle`);
          await sleep(250);
          const response = await fetch(`${base}/api/documents/${id}`, { headers: auth });
          state = (await response.json()) as DocumentState;
        }
      });
      const size = `${(file.bytes.length / 1e6).toFixed(2)} MB${file.note ? ` ${file.note}` : ''}`;
      row(
        `${file.label}, ${size}`,
        figures,
        `${state!.status} after ${figures.seconds.toFixed(1)} s` +
          (state!.status === 'ready' ? `, ${state!.chunkCount} chunks` : `: ${state!.error}`),
      );
    }
  } finally {
    await terminate(server);
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
