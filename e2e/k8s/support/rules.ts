// The chart's safety rules as code: every problem of every workload and container is listed
// (an empty list means the render keeps them all), so a test asserts them, not a reader.
import type { IContainer, IPodSpec, IVolume } from 'kubernetes-models/v1';
import { allContainers, servicesOf, workloads, type K8sObject, type Workload } from './chart.js';

/** The user id each image runs as (its Dockerfile's USER), by image name. */
const IMAGE_USERS: [RegExp, number][] = [
  [/docket[-/]server/, 1000],
  [/docket[-/]web/, 101],
  [/pgvector/, 999],
  [/(^|\/)redis:/, 999],
];

/** Secrets the processes read: never an environment value, always a file (`<NAME>_FILE`). */
const SECRET_VARIABLES = [
  'AUTH_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
  'EMBEDDINGS_API_KEY',
  'CHAT_API_KEY',
  'RERANK_API_KEY',
  'POSTGRES_PASSWORD',
  'REDISCLI_AUTH',
];

export function imageUser(image: string): number | undefined {
  return IMAGE_USERS.find(([pattern]) => pattern.test(image))?.[1];
}

/** The file paths a secret volume provides, relative to its mount point. */
function secretFiles(volume: IVolume): string[] | undefined {
  if (volume.secret) return (volume.secret.items ?? []).map((item) => item.path);
  if (volume.projected?.sources?.every((source) => source.secret))
    return volume.projected.sources.flatMap((source) =>
      (source.secret?.items ?? []).map((item) => item.path),
    );
  return undefined;
}

function containerProblems(pod: IPodSpec, c: IContainer): string[] {
  const problems: string[] = [];
  const sc = c.securityContext ?? {};
  const podSc = pod.securityContext ?? {};
  const uid = sc.runAsUser ?? podSc.runAsUser;
  const expectedUid = imageUser(c.image ?? '');
  if (expectedUid === undefined) problems.push(`image ${c.image} has no known user id`);
  else if (uid !== expectedUid) problems.push(`runs as ${uid}, the image's user is ${expectedUid}`);
  if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) problems.push('runAsNonRoot is not true');
  if (sc.allowPrivilegeEscalation !== false) problems.push('allowPrivilegeEscalation is not false');
  if (sc.readOnlyRootFilesystem !== true) problems.push('readOnlyRootFilesystem is not true');
  if (sc.privileged === true) problems.push('privileged');
  if (!sc.capabilities?.drop?.includes('ALL')) problems.push('capabilities.drop lacks ALL');
  if (sc.capabilities?.add?.length)
    problems.push(`adds capabilities ${sc.capabilities.add.join(', ')}`);
  if ((sc.seccompProfile ?? podSc.seccompProfile)?.type !== 'RuntimeDefault')
    problems.push('seccomp profile is not RuntimeDefault');
  for (const kind of ['requests', 'limits'] as const)
    for (const resource of ['cpu', 'memory'])
      if (c.resources?.[kind]?.[resource] === undefined) problems.push(`no ${kind}.${resource}`);

  const mounts = c.volumeMounts ?? [];
  const volume = (name: string) => pod.volumes?.find((v) => v.name === name);
  const tmp = mounts.find((m) => m.mountPath === '/tmp');
  if (!tmp || !volume(tmp.name)?.emptyDir) problems.push('/tmp is not an emptyDir');

  if (c.envFrom?.length) problems.push('envFrom (secrets must be files)');
  for (const env of c.env ?? []) {
    if (SECRET_VARIABLES.includes(env.name))
      problems.push(`${env.name} is an environment variable; give ${env.name}_FILE`);
    if (!SECRET_VARIABLES.some((name) => env.name === `${name}_FILE`)) continue;
    const path = env.value ?? '';
    const mount = mounts.find((m) => path.startsWith(`${m.mountPath}/`));
    const files = mount && secretFiles(volume(mount.name) ?? { name: '' });
    if (!mount || !files) problems.push(`${env.name} (${path}) is not in a secret volume`);
    else if (mount.readOnly !== true) problems.push(`${env.name}: the secret mount is writable`);
    else if (!files.includes(path.slice(mount.mountPath.length + 1)))
      problems.push(`${env.name} (${path}): the secret volume has no such file`);
  }
  return problems;
}

function workloadProblems(objects: K8sObject[], w: Workload): string[] {
  const problems: string[] = [];
  const { pod } = w;
  if (pod.automountServiceAccountToken !== false)
    problems.push('automountServiceAccountToken is not false');
  if (pod.securityContext?.runAsNonRoot !== true) problems.push('pod runAsNonRoot is not true');
  if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
    problems.push('pod seccomp profile is not RuntimeDefault');
  const served = servicesOf(objects, w).length > 0;
  for (const c of allContainers(pod)) {
    problems.push(...containerProblems(pod, c).map((p) => `container ${c.name}: ${p}`));
    const shutdownMs = Number(c.env?.find((e) => e.name === 'SHUTDOWN_TIMEOUT_MS')?.value ?? 0);
    if (w.kind !== 'Job' && (pod.terminationGracePeriodSeconds ?? 30) * 1000 <= shutdownMs)
      problems.push(
        `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} is not longer than SHUTDOWN_TIMEOUT_MS ${shutdownMs}`,
      );
    if (w.kind === 'Job') continue;
    if (!c.livenessProbe) problems.push(`container ${c.name}: no liveness probe`);
    if (served && !c.readinessProbe)
      problems.push(`container ${c.name}: behind a Service without a readiness probe`);
    if (c.livenessProbe?.httpGet?.path?.includes('ready'))
      problems.push(`container ${c.name}: liveness depends on readiness (the database)`);
  }
  return problems.map((p) => `${w.kind} ${w.name}: ${p}`);
}

/** Every broken rule of a render; [] when it keeps them all. */
export function safetyProblems(objects: K8sObject[]): string[] {
  return workloads(objects).flatMap((w) => workloadProblems(objects, w));
}
