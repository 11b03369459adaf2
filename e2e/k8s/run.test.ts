// What the chart runs, run (issue 12, points 3 and 4): every workload of the trial render
// (with KEDA on) started in Docker as a kubelet would start it, the migrate Job executed,
// every probe run as the kubelet runs it; then the scaling signal: with the workers stopped,
// N ingestion jobs make the value the ScaledObject's trigger reads N, and a started worker
// brings it back to 0; last, a stopped PostgreSQL fails readiness and no liveness probe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signUp, type DocumentView } from '../containers/support/api.js';
import { freePort } from '../../server/test/support/processes.js';
import { IMAGES, docker, waitFor } from '../containers/support/docker.js';
import {
  NAMESPACE,
  VALUES,
  containerPort,
  find,
  render,
  secretData,
  workload,
  workloads,
  type K8sObject,
} from './support/chart.js';
import { DockerCluster, type ProbeKind } from './support/kubelet.js';

/** KEDA's redis scaler reads a list's length with this script (pkg/scalers/redis_scaler.go). */
const KEDA_LIST_LENGTH = `
    local listName = KEYS[1]
    local listType = redis.call('type', listName).ok
    local cmd = { zset = 'zcard', set = 'scard', list = 'llen', hash = 'hlen', none = 'llen' }
    return redis.call(cmd[listType], listName)`;

const JOBS = 5;
const PROBES: ProbeKind[] = ['startupProbe', 'readinessProbe', 'livenessProbe'];
const [serverRepository, serverTag] = IMAGES.server.split(':') as [string, string];
const [webRepository, webTag] = IMAGES.web.split(':') as [string, string];

let objects: K8sObject[];
let cluster: DockerCluster;
let webPort: number;
let migrate: { code: number; output: string };
let beforeMigrations: { probe: boolean; body: unknown };
const web = { url: (path: string) => `http://127.0.0.1:${webPort}${path}` };

/** Polls a probe at its period until it passes, for as long as the kubelet would allow. */
async function waitForProbe(name: string, kind: ProbeKind) {
  const probe = workload(objects, name).pod.containers[0]![kind]!;
  const periodMs = (probe.periodSeconds ?? 10) * 1000;
  const budgetMs = kind === 'startupProbe' ? periodMs * (probe.failureThreshold ?? 3) : 3 * 60_000;
  const outcome = await waitFor(
    `${name} ${kind}`,
    async () => {
      if (!(await cluster.isRunning(name))) return 'exited';
      return (await cluster.probe(name, kind)) && 'passed';
    },
    { timeoutMs: budgetMs, intervalMs: Math.min(periodMs, 2_000) },
  ).catch((error: Error) => error.message);
  if (outcome !== 'passed')
    throw new Error(`${name} ${kind}: ${outcome}\n${await cluster.logs(name)}`);
}

/** Starts a pod and waits for its startup probe (without one, its liveness probe). */
async function startPod(name: string, hostPorts: Record<number, number> = {}) {
  await cluster.start(workload(objects, name), hostPorts);
  const container = workload(objects, name).pod.containers[0]!;
  await waitForProbe(name, container.startupProbe ? 'startupProbe' : 'livenessProbe');
}

/** Waits until every probe of a pod passes. */
async function waitForAllProbes(name: string) {
  const container = workload(objects, name).pod.containers[0]!;
  for (const kind of PROBES) if (container[kind]) await waitForProbe(name, kind);
}

async function apiReadiness(): Promise<{ probe: boolean; body: unknown }> {
  const api = cluster.get('docket-api');
  const response = await fetch(`http://127.0.0.1:${api.ports.get(3000)}/api/health/ready`);
  return {
    probe: await cluster.probe('docket-api', 'readinessProbe'),
    body: await response.json(),
  };
}

/** The value KEDA's trigger reads: its Redis address, list and database, its TriggerAuthentication's password. */
async function triggerValue(): Promise<number> {
  const scaled = find(objects, 'ScaledObject', 'docket-worker');
  const trigger = scaled.spec.triggers[0]!;
  const auth = find(objects, 'TriggerAuthentication', trigger.authenticationRef.name);
  const password = auth.spec.secretTargetRef.find((ref) => ref.parameter === 'password')!;
  const secret = secretData(find(objects, 'Secret', password.name))[password.key]!;
  const [host, port] = (trigger.metadata.address as string).split(':');
  const { stdout } = await cluster.exec(
    'docket-redis',
    [
      'redis-cli',
      '-h',
      host!,
      '-p',
      port!,
      '-n',
      trigger.metadata.databaseIndex ?? '0',
      'EVAL',
      KEDA_LIST_LENGTH,
      '1',
      trigger.metadata.listName!,
    ],
    { REDISCLI_AUTH: secret },
  );
  return Number(stdout.trim());
}

beforeAll(async () => {
  webPort = await freePort();
  objects = await render(VALUES.trial, {
    publicUrl: `http://127.0.0.1:${webPort}`,
    'keda.enabled': 'true',
    'metrics.serviceMonitor.enabled': 'true',
    'image.server.repository': serverRepository,
    'image.server.tag': serverTag,
    'image.server.pullPolicy': 'Never',
    'image.web.repository': webRepository,
    'image.web.tag': webTag,
    'image.web.pullPolicy': 'Never',
  });
  cluster = await DockerCluster.create(objects, NAMESPACE);
  // Helm's order for a first trial install: the Secret (a pre-install hook), every object,
  // then the migrate Job (post-install). The data stores are awaited first only so that no
  // other pod needs a kubelet's restarts while they start.
  for (const store of ['docket-postgresql', 'docket-redis']) {
    await startPod(store);
    await waitForAllProbes(store);
  }
  await startPod('docket-api');
  await startPod('docket-worker');
  await startPod('docket-web', { 8080: webPort });
  beforeMigrations = await apiReadiness();
  migrate = await cluster.runToCompletion(workload(objects, 'docket-migrate'));
  if (migrate.code !== 0) throw new Error(`the migrate Job failed:\n${migrate.output}`);
  for (const name of ['docket-api', 'docket-worker', 'docket-web']) await waitForAllProbes(name);
});

afterAll(async () => {
  await cluster?.teardown();
});

describe('the trial release, run in Docker as a kubelet would run it', () => {
  it('ran every workload the chart renders, the migrate Job to success', () => {
    expect(migrate.code).toBe(0);
    expect([...cluster.started(), 'docket-migrate'].sort()).toEqual(
      workloads(objects)
        .map((w) => w.name)
        .sort(),
    );
  });

  it('the api pods stay unready until the post-install migrate Job has run', () => {
    const hook = find(objects, 'Job', 'docket-migrate').metadata.annotations?.['helm.sh/hook'];
    expect(hook).toBe('post-install,pre-upgrade');
    expect(beforeMigrations.probe).toBe(false);
    expect(beforeMigrations.body).toMatchObject({
      status: 'unavailable',
      checks: { database: { ok: true }, schema: { ok: false } },
    });
  });

  it('each container runs as its user, read-only, without capabilities or privilege gain', async () => {
    for (const name of cluster.started()) {
      const expected = workload(objects, name).pod.containers[0]!.securityContext!.runAsUser;
      const { stdout: top } = await docker(['top', cluster.get(name).id, '-eo', 'pid,uid']);
      const uids = top
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => Number(line.trim().split(/\s+/)[1]));
      expect(new Set(uids), name).toEqual(new Set([expected]));
      const { stdout: status } = await cluster.exec(name, ['cat', '/proc/1/status']);
      expect(status, name).toMatch(/^CapEff:\s+0+$/m);
      expect(status, name).toMatch(/^NoNewPrivs:\s+1$/m);
      const { stdout: wrote } = await cluster.exec(name, [
        'sh',
        '-c',
        'touch /written 2>/dev/null; echo $?',
      ]);
      expect(wrote.trim(), `${name} wrote to its root`).not.toBe('0');
    }
  });

  it('every probe passes, run as the kubelet runs it', async () => {
    for (const name of cluster.started()) {
      const container = workload(objects, name).pod.containers[0]!;
      for (const kind of PROBES)
        if (container[kind]) expect(await cluster.probe(name, kind), `${name} ${kind}`).toBe(true);
    }
  });

  it("the web pods reach the api by its Service's DNS name", async () => {
    const response = await fetch(web.url('/api/health/ready'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready' });
  });
});

describe('metrics', () => {
  it("the ServiceMonitor's endpoint serves them; the api's public port and the web pods do not", async () => {
    const endpoint = find(objects, 'ServiceMonitor', 'docket-api').spec.endpoints[0]!;
    const service = find(objects, 'Service', 'docket-api');
    const port = service.spec.ports.find((p) => p.name === endpoint.port)!;
    const api = cluster.get('docket-api');
    const scraped = await fetch(
      `http://127.0.0.1:${api.ports.get(containerPort(api.container, port.targetPort))}${endpoint.path}`,
    );
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('docket_jobs');
    const publicPort = api.ports.get(containerPort(api.container, 'http'));
    expect((await fetch(`http://127.0.0.1:${publicPort}${endpoint.path}`)).status).toBe(404);
    expect((await fetch(web.url(endpoint.path))).status).toBe(404);
  });
});

describe("the scaling signal: the value KEDA's trigger reads", () => {
  it(`is ${JOBS} with ${JOBS} ingestion jobs waiting and no worker, and 0 once a worker ran them`, async () => {
    await cluster.stop('docket-worker');
    expect(await triggerValue()).toBe(0);

    const user = await signUp(web, 'Kubernetes suite');
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i += 1) {
      const { status, body } = await call<{ id: string }>(web, '/api/documents', {
        method: 'POST',
        auth: { token: user.token },
        json: { title: `Scaling ${i}`, text: `Waiting job number ${i} for the scaling signal.` },
      });
      expect(status).toBe(202);
      ids.push(body.id);
    }
    expect(await triggerValue()).toBe(JOBS);

    await cluster.restart('docket-worker');
    await waitForProbe('docket-worker', 'startupProbe');
    await waitFor('the wait list to drain', async () => (await triggerValue()) === 0, {
      timeoutMs: 3 * 60_000,
      intervalMs: 1_000,
    });
    for (const id of ids) {
      const document = await waitFor(`document ${id}`, async () => {
        const { body } = await call<DocumentView>(web, `/api/documents/${id}`, {
          auth: { token: user.token },
        });
        return body.status === 'ready' || body.status === 'failed' ? body : undefined;
      });
      expect(document.status).toBe('ready');
    }
  });
});

describe('PostgreSQL stopped', () => {
  beforeAll(async () => {
    // The scaling test stops and restarts the worker; if it failed half-way, start it here.
    if (!(await cluster.isRunning('docket-worker'))) {
      await cluster.restart('docket-worker');
      await waitForProbe('docket-worker', 'startupProbe');
    }
  });

  it('fails the api readiness, and no liveness probe', async () => {
    await cluster.stop('docket-postgresql');
    await waitFor(
      'the api readiness to fail',
      async () => !(await cluster.probe('docket-api', 'readinessProbe')),
      {
        timeoutMs: 60_000,
        intervalMs: 1_000,
      },
    );
    for (let check = 0; check < 3; check += 1) {
      expect(await cluster.probe('docket-api', 'livenessProbe'), 'api liveness').toBe(true);
      expect(await cluster.probe('docket-worker', 'livenessProbe'), 'worker liveness').toBe(true);
      expect(await cluster.probe('docket-web', 'livenessProbe'), 'web liveness').toBe(true);
      expect(await cluster.probe('docket-api', 'readinessProbe'), 'api readiness').toBe(false);
    }
  });
});
