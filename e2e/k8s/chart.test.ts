// The chart without a cluster (issue 12, points 1 and 2): lint, render with the trial,
// production and minimal values, refuse to render without secrets or with bad values,
// validate every object against the Kubernetes and CRD schemas, and assert the safety
// rules, probes, scaling objects and network policies of every render.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../containers/support/docker.js';
import {
  CHART,
  NAMESPACE,
  VALUES,
  allContainers,
  containerPort,
  envValue,
  find,
  helm,
  ofKind,
  render,
  renderFailure,
  secretData,
  selects,
  workload,
  workloads,
  type K8sObject,
} from './support/chart.js';
import { allowed, type Pod } from './support/network.js';
import { safetyProblems } from './support/rules.js';
import { schemaProblems } from './support/validate.js';

/** Renders beyond the three values files: the optional parts switched on. */
const VARIANTS = {
  trial: [VALUES.trial, {}],
  production: [VALUES.production, {}],
  minimal: [VALUES.minimal, {}],
  'trial with KEDA': [VALUES.trial, { 'keda.enabled': 'true' }],
  'trial with backups': [VALUES.trial, { 'backup.enabled': 'true', 'backup.keep': '3' }],
  'trial with single sign-on': [
    VALUES.trial,
    {
      'sso.issuer': 'https://sso.example.com/realms/acme',
      'sso.clientId': 'docket',
      'sso.adminGroup': 'docket-admins',
      'secrets.oidcClientSecret': 'client-secret-of-docket',
    },
  ],
  'trial with a reranker': [
    VALUES.trial,
    {
      'rerank.provider': 'cohere-compatible',
      'rerank.baseUrl': 'http://reranker.example:8000/v1',
      'rerank.model': 'bge-reranker',
      'secrets.rerankApiKey': 'rerank-key',
      'ocr.enabled': 'false',
      'ocr.maxPages': '7',
      'config.urlRefreshHours': '12',
      'config.sitemapMaxPages': '5',
    },
  ],
  'CloudNativePG, external Redis': [
    VALUES.minimal,
    {
      'postgresql.enabled': 'false',
      'cloudnativepg.enabled': 'true',
      'redis.enabled': 'false',
    },
  ],
} as const satisfies Record<string, readonly [string, Record<string, string>]>;

const renders: Record<string, K8sObject[]> = {};

/** A copy of a rendered object with fields set (or, given undefined, removed) at the paths. */
function changed<T extends object>(object: T, ...changes: [(string | number)[], unknown][]): T {
  const copy = structuredClone(object);
  for (const [path, value] of changes) {
    let node = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    if (value === undefined) delete node[path.at(-1)!];
    else node[path.at(-1)!] = value;
  }
  return copy;
}

beforeAll(async () => {
  for (const [name, [file, sets]] of Object.entries(VARIANTS))
    renders[name] = await render(file, sets);
});

const podOf = (objects: K8sObject[], name: string): Pod => ({
  labels: workload(objects, name).labels,
  namespace: NAMESPACE,
});

describe('helm lint and template', () => {
  it.each(Object.values(VALUES))('lints with %s', async (file) => {
    const { stdout } = await helm(['lint', '--strict', CHART, '--values', file]);
    expect(stdout).toContain('0 chart(s) failed');
  });

  it('renders the trial, production and minimal values', () => {
    expect(renders.trial!.length).toBeGreaterThan(0);
    expect(renders.production!.length).toBeGreaterThan(0);
    expect(renders.minimal!.length).toBeGreaterThan(0);
  });

  it('refuses to render with no secrets given at all, saying what to set', async () => {
    const { code, message } = await renderFailure(undefined);
    expect(code).not.toBe(0);
    for (const needed of [
      'secrets.authSecret',
      'secrets.postgresPassword',
      'secrets.redisPassword',
      'publicUrl',
      'secrets.existingSecret',
    ])
      expect(message).toContain(needed);
  });

  it('refuses external stores without their URLs, and KEDA without the Redis password', async () => {
    const { code, message } = await renderFailure(undefined, {
      publicUrl: 'https://docket.example.com',
      'secrets.authSecret': 'x'.repeat(40),
      'postgresql.enabled': 'false',
      'redis.enabled': 'false',
      'keda.enabled': 'true',
    });
    expect(code).not.toBe(0);
    for (const needed of [
      'secrets.databaseUrl',
      'secrets.redisUrl',
      'secrets.redisPassword',
      'keda.redisAddress',
    ])
      expect(message).toContain(needed);
  });

  it.each([
    ['a misspelt key', { 'api.replicaz': '2' }, "additional properties 'replicaz'"],
    ['a short auth secret', { 'secrets.authSecret': 'short' }, '/secrets/authSecret'],
    ['a password unfit for a URL', { 'secrets.redisPassword': 'p@ss:word' }, 'redisPassword'],
    ['an unknown provider', { 'embeddings.provider': 'magic' }, '/embeddings/provider'],
    [
      'a bad resource quantity',
      { 'api.resources.limits.cpu': 'lots' },
      '/api/resources/limits/cpu',
    ],
  ])('fails on %s at template time (values.schema.json)', async (_what, sets, where) => {
    const { code, message } = await renderFailure(VALUES.trial, sets);
    expect(code).not.toBe(0);
    expect(message).toContain(where);
  });
});

describe('single sign-on', () => {
  it('passes the OIDC settings to the server pods, the client secret as a file only', () => {
    const objects = renders['trial with single sign-on']!;
    const api = workload(objects, 'docket-api').pod.containers[0]!;
    expect(envValue(api, 'OIDC_ISSUER')).toBe('https://sso.example.com/realms/acme');
    expect(envValue(api, 'OIDC_CLIENT_ID')).toBe('docket');
    expect(envValue(api, 'OIDC_ADMIN_GROUP')).toBe('docket-admins');
    expect(envValue(api, 'OIDC_CLIENT_SECRET_FILE')).toBe('/run/secrets/docket/oidc-client-secret');
    expect(api.env?.some((e) => e.name === 'OIDC_CLIENT_SECRET')).toBe(false);
    expect(JSON.stringify(workloads(objects))).not.toContain('client-secret-of-docket');
    const secret = find(objects, 'Secret', 'docket');
    expect(secretData(secret)['oidc-client-secret']).toBe('client-secret-of-docket');
    const trialApi = workload(renders.trial!, 'docket-api').pod.containers[0]!;
    expect(trialApi.env?.some((e) => e.name.startsWith('OIDC_'))).toBe(false);
  });

  it('refuses an issuer without its client id and secret', async () => {
    const { code, message } = await renderFailure(VALUES.trial, {
      'sso.issuer': 'https://sso.example.com/realms/acme',
    });
    expect(code).not.toBe(0);
    expect(message).toContain('sso.clientId');
    expect(message).toContain('secrets.oidcClientSecret');
  });
});

describe('schemas', () => {
  it.each(Object.keys(VARIANTS))(
    'every object of the %s render is valid against its schema',
    async (name) => {
      const objects = renders[name]!;
      const problems = (await Promise.all(objects.map(schemaProblems))).flat();
      expect(problems).toEqual([]);
    },
  );

  it('the validation catches a wrong object (it is not a no-op)', async () => {
    const api = changed(find(renders.trial!, 'Deployment', 'docket-api'), [
      ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'],
      'http',
    ]);
    const scaled = changed(find(renders.production!, 'ScaledObject', 'docket-worker'), [
      ['spec', 'scaleTargetRef', 'name'],
      undefined,
    ]);
    expect((await schemaProblems(api)).join()).toContain('containerPort');
    expect((await schemaProblems(scaled)).join()).toContain('scaleTargetRef');
  });
});

describe('safety rules, for every container of every render', () => {
  it.each(Object.keys(VARIANTS))('the %s render keeps them all', (name) => {
    expect(safetyProblems(renders[name]!)).toEqual([]);
  });

  it('the rules catch a container that breaks them', () => {
    const index = renders.trial!.indexOf(find(renders.trial!, 'Deployment', 'docket-api'));
    const pod = [index, 'spec', 'template', 'spec'];
    const objects = changed(
      renders.trial!,
      [[...pod, 'containers', 0, 'securityContext', 'readOnlyRootFilesystem'], undefined],
      [[...pod, 'containers', 0, 'env', 0], { name: 'AUTH_SECRET', value: 'in-the-clear' }],
      [[...pod, 'terminationGracePeriodSeconds'], 5],
    );
    const problems = safetyProblems(objects).join('\n');
    expect(problems).toContain('readOnlyRootFilesystem');
    expect(problems).toContain('AUTH_SECRET is an environment variable');
    expect(problems).toContain('SHUTDOWN_TIMEOUT_MS');
  });

  it('PodDisruptionBudgets cover the api and web pods', () => {
    for (const objects of Object.values(renders)) {
      const budgets = ofKind(objects, 'PodDisruptionBudget');
      for (const name of ['docket-api', 'docket-web'])
        expect(
          budgets.filter((b) =>
            selects(b.spec.selector.matchLabels, workload(objects, name).labels),
          ),
        ).toHaveLength(1);
    }
  });

  it('every Service selects a workload and names ports its containers have', () => {
    for (const objects of Object.values(renders)) {
      for (const service of ofKind(objects, 'Service')) {
        const backends = workloads(objects).filter((w) => selects(service.spec.selector, w.labels));
        expect(backends, service.metadata.name).toHaveLength(1);
        for (const port of service.spec.ports)
          expect(() =>
            containerPort(backends[0]!.pod.containers[0]!, port.targetPort),
          ).not.toThrow();
      }
    }
  });
});

describe('probes', () => {
  const container = (objects: K8sObject[], name: string) =>
    workload(objects, name).pod.containers[0]!;

  it('api: liveness /api/health/live, readiness /api/health/ready, a startup probe', () => {
    const api = container(renders.trial!, 'docket-api');
    expect(api.livenessProbe?.httpGet?.path).toBe('/api/health/live');
    expect(api.readinessProbe?.httpGet?.path).toBe('/api/health/ready');
    expect(api.startupProbe?.httpGet?.path).toBe('/api/health/live');
    expect(containerPort(api, api.livenessProbe!.httpGet!.port)).toBe(3000);
  });

  it("worker: an exec probe that runs the image's healthcheck role", () => {
    const worker = container(renders.trial!, 'docket-worker');
    expect(worker.livenessProbe?.exec?.command).toEqual(['node', 'dist/main.js', 'healthcheck']);
    expect(worker.startupProbe?.exec?.command).toEqual(['node', 'dist/main.js', 'healthcheck']);
  });

  it("web: nginx's /healthz", () => {
    const web = container(renders.trial!, 'docket-web');
    expect(web.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(web.readinessProbe?.httpGet?.path).toBe('/healthz');
  });
});

describe('migrations, scaling, metrics and the way in', () => {
  it('the migrate Job is a pre-install,pre-upgrade hook with an external database', () => {
    const job = find(renders.production!, 'Job', 'docket-migrate');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(job.spec.template.spec.containers[0]!.args).toEqual(['migrate']);
  });

  it('a database the chart creates is migrated post-install, and before every upgrade', () => {
    for (const name of ['trial', 'CloudNativePG, external Redis']) {
      const job = find(renders[name]!, 'Job', 'docket-migrate');
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('post-install,pre-upgrade');
    }
  });

  it('the chart-made Secret exists before the hook Job that reads it', () => {
    const secret = find(renders.trial!, 'Secret', 'docket');
    expect(secret.metadata.annotations?.['helm.sh/hook']).toContain('pre-install');
    expect(Number(secret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(0);
  });

  it('KEDA scales the worker Deployment on the Redis wait list, with its TriggerAuthentication', () => {
    const objects = renders.production!;
    const scaled = find(objects, 'ScaledObject', 'docket-worker');
    expect(scaled.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'docket-worker' });
    expect(scaled.spec).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 20 });
    expect(scaled.spec.cooldownPeriod).toBeGreaterThan(0);
    const trigger = scaled.spec.triggers[0]!;
    expect(trigger.type).toBe('redis');
    expect(trigger.metadata.address).toBe('redis.data.svc.cluster.local:6379');
    const auth = find(objects, 'TriggerAuthentication', trigger.authenticationRef.name);
    expect(auth.spec.secretTargetRef).toEqual([
      { parameter: 'password', name: 'docket-secrets', key: 'redis-password' },
    ]);
    // KEDA owns the count: a replicas field would fight it on every upgrade.
    expect(find(objects, 'Deployment', 'docket-worker').spec.replicas).toBeUndefined();
  });

  it('an HPA scales the api on CPU when enabled', () => {
    const hpa = find(renders.production!, 'HorizontalPodAutoscaler', 'docket-api');
    expect(hpa.spec.scaleTargetRef.name).toBe('docket-api');
    expect(hpa.spec.metrics[0]!.resource.name).toBe('cpu');
    expect(find(renders.production!, 'Deployment', 'docket-api').spec.replicas).toBeUndefined();
    expect(renders.trial!.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  it('the ServiceMonitor scrapes the metrics port, which is not the public one', () => {
    const objects = renders.production!;
    const monitor = find(objects, 'ServiceMonitor', 'docket-api');
    const service = find(objects, 'Service', 'docket-api');
    expect(selects(monitor.spec.selector.matchLabels, service.metadata.labels ?? {})).toBe(true);
    const port = service.spec.ports.find((p) => p.name === monitor.spec.endpoints[0]!.port)!;
    const api = workload(objects, 'docket-api').pod.containers[0]!;
    expect(containerPort(api, port.targetPort)).toBe(Number(envValue(api, 'METRICS_PORT')));
    expect(envValue(api, 'METRICS_HOST')).toBe('0.0.0.0');
    expect(Number(envValue(api, 'METRICS_PORT'))).not.toBe(3000);
  });

  it('the Ingress streams answers unbuffered, waits an hour, and takes the upload limit', () => {
    const ingress = find(renders.production!, 'Ingress', 'docket');
    const annotations = ingress.metadata.annotations ?? {};
    expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    expect(
      Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout']),
    ).toBeGreaterThanOrEqual(3600);
    const body = annotations['nginx.ingress.kubernetes.io/proxy-body-size']!;
    const uploadMax = Number(
      envValue(workload(renders.production!, 'docket-api').pod.containers[0]!, 'UPLOAD_MAX_BYTES'),
    );
    expect(body).toMatch(/^\d+k$/);
    expect(Number.parseInt(body, 10) * 1024).toBeGreaterThan(uploadMax);
    expect(ingress.spec.rules[0]!.http.paths[0]!.backend.service.name).toBe('docket-web');
  });

  it("passes the knowledge settings (OCR, reranking, refreshes, sitemaps), the reranker's key as a file", () => {
    const env = (objects: K8sObject[], name: string) => {
      const container = workload(objects, name).pod.containers[0]!;
      return (variable: string) => envValue(container, variable);
    };
    const defaults = env(renders.trial!, 'docket-worker');
    expect(
      ['OCR_ENABLED', 'OCR_MAX_PAGES', 'OCR_TIMEOUT_MS', 'RERANK_PROVIDER'].map(defaults),
    ).toEqual(['true', '100', '600000', 'off']);
    expect(['URL_REFRESH_HOURS', 'SITEMAP_MAX_PAGES'].map(defaults)).toEqual(['0', '50']);
    expect(defaults('RERANK_BASE_URL')).toBeUndefined();
    expect(defaults('RERANK_API_KEY_FILE')).toBeUndefined();
    for (const name of ['docket-api', 'docket-worker']) {
      const set = env(renders['trial with a reranker']!, name);
      expect(
        ['RERANK_PROVIDER', 'RERANK_BASE_URL', 'RERANK_MODEL', 'RERANK_CANDIDATES'].map(set),
      ).toEqual(['cohere-compatible', 'http://reranker.example:8000/v1', 'bge-reranker', '30']);
      expect(
        ['OCR_ENABLED', 'OCR_MAX_PAGES', 'URL_REFRESH_HOURS', 'SITEMAP_MAX_PAGES'].map(set),
      ).toEqual(['false', '7', '12', '5']);
      // In the secret volume, which the safety rules check for every render.
      expect(set('RERANK_API_KEY_FILE')).toBe('/run/secrets/docket/rerank-api-key');
    }
    const secret = find(renders['trial with a reranker']!, 'Secret', 'docket');
    expect(secretData(secret)['rerank-api-key']).toBe('rerank-key');
  });

  it('refuses a reranker without its base URL', async () => {
    const { code, message } = await renderFailure(VALUES.trial, { 'rerank.provider': 'tei' });
    expect(code).not.toBe(0);
    expect(message).toMatch(/rerank\.baseUrl is required/);
  });

  it('every container has requests and limits, including the data stores', () => {
    for (const w of workloads(renders.trial!))
      for (const c of allContainers(w.pod))
        expect(c.resources?.limits?.memory, c.name).toBeDefined();
  });
});

describe("network policies mirror Compose's two networks", () => {
  it.each([
    ['web', 'api', 3000, true],
    ['web', 'postgresql', 5432, false],
    ['web', 'redis', 6379, false],
    ['web', 'worker', 3000, false],
    ['api', 'postgresql', 5432, true],
    ['api', 'redis', 6379, true],
    ['worker', 'postgresql', 5432, true],
    ['worker', 'redis', 6379, true],
    ['migrate', 'postgresql', 5432, true],
    ['api', 'worker', 3000, false],
    ['postgresql', 'api', 3000, false],
    ['redis', 'migrate', 3000, false],
  ] as const)('%s → %s:%d allowed: %s', (from, to, port, expected) => {
    const objects = renders['trial with KEDA']!;
    expect(
      allowed(
        objects,
        NAMESPACE,
        podOf(objects, `docket-${from}`),
        podOf(objects, `docket-${to}`),
        port,
      ),
    ).toBe(expected);
  });

  it("KEDA's operator reaches the bundled Redis; other namespaces do not", () => {
    const objects = renders['trial with KEDA']!;
    const redis = podOf(objects, 'docket-redis');
    const keda = { labels: { app: 'keda-operator' }, namespace: 'keda' };
    const stranger = { labels: { app: 'keda-operator' }, namespace: 'default' };
    expect(allowed(objects, NAMESPACE, keda, redis, 6379)).toBe(true);
    expect(allowed(objects, NAMESPACE, stranger, redis, 6379)).toBe(false);
  });

  it('only the monitoring namespace scrapes the metrics port (production values)', () => {
    const objects = renders.production!;
    const api = podOf(objects, 'docket-api');
    const prometheus = { labels: {}, namespace: 'monitoring' };
    expect(allowed(objects, NAMESPACE, prometheus, api, 9464)).toBe(true);
    expect(allowed(objects, NAMESPACE, podOf(objects, 'docket-web'), api, 9464)).toBe(false);
    expect(allowed(objects, NAMESPACE, prometheus, api, 3000)).toBe(false);
  });
});

describe('scheduled backups (a CronJob, off by default)', () => {
  const cronJob = (objects: K8sObject[]) => find(objects, 'CronJob', 'docket-backup');
  const script = (objects: K8sObject[]) =>
    cronJob(objects).spec.jobTemplate.spec.template.spec.containers[0]!.args[0]!;

  it('renders no CronJob and no backup volume unless enabled', () => {
    for (const name of ['trial', 'production', 'minimal'])
      expect(renders[name]!.filter((o) => o.metadata.name.includes('backup'))).toEqual([]);
  });

  it('runs docket backup on the schedule, one at a time, into a volume that outlives uninstall', () => {
    const objects = renders['trial with backups']!;
    const job = cronJob(objects);
    expect(job.spec).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Forbid' });
    const pod = job.spec.jobTemplate.spec.template.spec;
    const container = pod.containers[0]!;
    expect(script(objects)).toContain('node dist/main.js backup "/backups/docket-$(date -u');
    expect(envValue(container, 'KEEP')).toBe('3');
    expect(container.volumeMounts).toContainEqual({ name: 'backups', mountPath: '/backups' });
    const claim = pod.volumes.find((v) => v.name === 'backups')!.persistentVolumeClaim.claimName;
    const pvc = objects.find((o) => o.kind === 'PersistentVolumeClaim')!;
    expect(pvc.metadata).toMatchObject({
      name: claim,
      annotations: { 'helm.sh/resource-policy': 'keep' },
    });
  });

  it('writes to a claim you manage instead, when given', async () => {
    const objects = await render(VALUES.trial, {
      'backup.enabled': 'true',
      'backup.storage.existingClaim': 'nightly-backups',
    });
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    const pod = cronJob(objects).spec.jobTemplate.spec.template.spec;
    expect(pod.volumes.find((v) => v.name === 'backups')!.persistentVolumeClaim.claimName).toBe(
      'nightly-backups',
    );
  });

  it('reaches the bundled PostgreSQL, not Redis; nothing reaches it', () => {
    const objects = renders['trial with backups']!;
    const backup = podOf(objects, 'docket-backup');
    expect(allowed(objects, NAMESPACE, backup, podOf(objects, 'docket-postgresql'), 5432)).toBe(
      true,
    );
    expect(allowed(objects, NAMESPACE, backup, podOf(objects, 'docket-redis'), 6379)).toBe(false);
    expect(allowed(objects, NAMESPACE, podOf(objects, 'docket-api'), backup, 3000)).toBe(false);
  });

  it('keeps the newest archives, as many as KEEP (the rendered script, run by sh)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docket-retention-'));
    const names = Array.from({ length: 6 }, (_, i) => `docket-2026010${i + 1}T030000Z.tar.gz`);
    for (const name of [...names, 'docket-20260107T030000Z.tar.gz.1a2b.partial'])
      writeFileSync(join(dir, name), '');
    const retention = script(renders['trial with backups']!)
      .split('\n')
      .filter((line) => !line.startsWith('node '))
      .join('\n')
      .replaceAll('/backups/', `${dir}/`);
    await run('sh', ['-c', retention], { env: { ...process.env, KEEP: '3' } });
    expect(readdirSync(dir).sort()).toEqual([
      ...names.slice(3),
      'docket-20260107T030000Z.tar.gz.1a2b.partial',
    ]);
  });

  it('refuses a schedule that is not a cron line', async () => {
    const { code, message } = await renderFailure(VALUES.trial, {
      'backup.enabled': 'true',
      'backup.schedule': 'every night',
    });
    expect(code).not.toBe(0);
    expect(message).toContain('/backup/schedule');
  });
});
