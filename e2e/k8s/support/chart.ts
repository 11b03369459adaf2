// The Helm chart as the suite sees it: `helm lint` / `helm template` with the k8s kit's helm,
// the rendered objects parsed back, and look-ups over them (workloads, Services, Secrets).
import { join } from 'node:path';
import type {
  IScaledObject,
  ITriggerAuthentication,
} from '@kubernetes-models/keda/keda.sh/v1alpha1';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { ICronJob, IJob } from 'kubernetes-models/batch/v1';
import type { IIngress, INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IContainer, IPodSpec, ISecret, IService } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { ROOT, run } from '../../containers/support/docker.js';

export const CHART = join(ROOT, 'deploy', 'helm', 'docket');
/** The release name: the chart's own name, so objects are named docket-api, docket-web... */
export const RELEASE = 'docket';
export const NAMESPACE = 'docket';
export const CLUSTER_DOMAIN = 'cluster.local';

/** The test values files, kept where Helm's convention puts them. */
export const VALUES = {
  trial: join(CHART, 'ci', 'trial-values.yaml'),
  production: join(CHART, 'ci', 'production-values.yaml'),
  minimal: join(CHART, 'ci', 'minimal-values.yaml'),
} as const;

/** Any rendered object; `find` and `ofKind` give the typed models of the kinds the chart uses. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

interface Kinds {
  Deployment: IDeployment;
  StatefulSet: IStatefulSet;
  Job: IJob;
  CronJob: ICronJob;
  Service: IService;
  Secret: ISecret;
  NetworkPolicy: INetworkPolicy;
  PodDisruptionBudget: IPodDisruptionBudget;
  HorizontalPodAutoscaler: IHorizontalPodAutoscaler;
  Ingress: IIngress;
  ScaledObject: IScaledObject;
  TriggerAuthentication: ITriggerAuthentication;
  ServiceMonitor: IServiceMonitor;
}
/**
 * A rendered object as the tests read it: every optional field taken as present, since a
 * test that reads one the chart did not render fails anyway (with a TypeError).
 */
export type Present<T> = T extends (infer U)[]
  ? Present<U>[]
  : T extends object
    ? { [K in keyof T]-?: Present<NonNullable<T[K]>> }
    : T;
type Named<T> = Present<T> & K8sObject;

export function ofKind<K extends keyof Kinds>(objects: K8sObject[], kind: K): Named<Kinds[K]>[] {
  return objects.filter((o) => o.kind === kind) as Named<Kinds[K]>[];
}

export function find<K extends keyof Kinds>(
  objects: K8sObject[],
  kind: K,
  name: string,
): Named<Kinds[K]> {
  const found = ofKind(objects, kind).find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendered chart`);
  return found;
}

export const helm = (args: string[], allowFailure = false) =>
  run('helm', args, { allowFailure, timeoutMs: 60_000 });

function templateArgs(valuesFile: string | undefined, sets: Record<string, string>) {
  return [
    'template',
    RELEASE,
    CHART,
    '--namespace',
    NAMESPACE,
    ...(valuesFile ? ['--values', valuesFile] : []),
    ...Object.entries(sets).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
  ];
}

/** `helm template` with a values file and `--set` overrides; throws if it fails. */
export async function render(
  valuesFile: string | undefined,
  sets: Record<string, string> = {},
): Promise<K8sObject[]> {
  const { stdout } = await helm(templateArgs(valuesFile, sets));
  return parseAllDocuments(stdout)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`rendered YAML: ${document.errors[0]}`);
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

/** `helm template` that is expected to fail: its exit code and error output. */
export async function renderFailure(
  valuesFile: string | undefined,
  sets: Record<string, string> = {},
) {
  const result = await helm(templateArgs(valuesFile, sets), true);
  return { code: result.code, message: result.stderr };
}

/** A workload's pod: what the chart asks a kubelet to run. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet' | 'Job';
  name: string;
  labels: Record<string, string>;
  pod: IPodSpec;
  /** StatefulSets: the names of their persistent volume claims (mounted as volumes). */
  claims: string[];
  /** Jobs: how long the pod may run. */
  deadlineSeconds?: number;
}

export function workloads(objects: K8sObject[]): Workload[] {
  const pods = [
    ...ofKind(objects, 'Deployment').map((o) => ({ o, template: o.spec.template, claims: [] })),
    ...ofKind(objects, 'StatefulSet').map((o) => ({
      o,
      template: o.spec.template,
      claims: (o.spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name),
    })),
    ...ofKind(objects, 'Job').map((o) => ({ o, template: o.spec.template, claims: [] })),
  ];
  // A CronJob's pods are Job pods: the same rules, under the CronJob's name.
  const scheduled = ofKind(objects, 'CronJob').map((o) => ({
    kind: 'Job' as const,
    name: o.metadata.name,
    labels: o.spec.jobTemplate.spec.template.metadata?.labels ?? {},
    pod: o.spec.jobTemplate.spec.template.spec,
    claims: [],
    deadlineSeconds: o.spec.jobTemplate.spec.activeDeadlineSeconds,
  }));
  return pods
    .map(({ o, template, claims }) => ({
      kind: o.kind,
      name: o.metadata.name,
      labels: template.metadata?.labels ?? {},
      pod: template.spec,
      claims,
      deadlineSeconds: o.kind === 'Job' ? (o as IJob).spec?.activeDeadlineSeconds : undefined,
    }))
    .concat(scheduled);
}

export function workload(objects: K8sObject[], name: string): Workload {
  const found = workloads(objects).find((w) => w.name === name);
  if (!found) throw new Error(`no workload ${name} in the rendered chart`);
  return found;
}

export function allContainers(pod: IPodSpec): IContainer[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** True when every label of the selector is on the pod (matchLabels semantics). */
export const selects = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** The Services whose selector picks a workload's pods. */
export const servicesOf = (objects: K8sObject[], w: Workload) =>
  ofKind(objects, 'Service').filter((o) => selects(o.spec?.selector, w.labels));

/** A Secret's data as text, from stringData or base64 data, as the API server would merge them. */
export function secretData(secret: ISecret): Record<string, string> {
  const decoded = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value, 'base64').toString('utf8'),
    ]),
  );
  return { ...decoded, ...(secret.stringData ?? {}) };
}

/** The container port a probe or Service names, by number or by the container's port name. */
export function containerPort(container: IContainer, port: number | string | undefined): number {
  if (typeof port === 'number') return port;
  const named = container.ports?.find((p) => p.name === port);
  if (!named) throw new Error(`container ${container.name} has no port named ${String(port)}`);
  return named.containerPort;
}

export const envValue = (container: IContainer, name: string) =>
  container.env?.find((e) => e.name === name)?.value;
