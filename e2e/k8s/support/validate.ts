// Validates rendered objects against the Kubernetes OpenAPI schemas and the CRDs of KEDA,
// the Prometheus Operator and CloudNativePG (kubernetes-models' generated validators).
import type { K8sObject } from './chart.js';

/** The package holding each API group's models; the core and built-in groups are in one. */
const PACKAGES: Record<string, string> = {
  'keda.sh': '@kubernetes-models/keda',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'postgresql.cnpg.io': '@kubernetes-models/cloudnative-pg',
};

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

async function modelFor(object: K8sObject): Promise<ModelClass> {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const pkg = PACKAGES[group!] ?? 'kubernetes-models';
  const module = (await import(`${pkg}/${group ? `${group}/` : ''}${version}`)) as Record<
    string,
    ModelClass | undefined
  >;
  const model = module[object.kind];
  if (!model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  return model;
}

/** Problems of one object ("Kind name: message"), or none. */
export async function schemaProblems(object: K8sObject): Promise<string[]> {
  const Model = await modelFor(object);
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [
      `${object.kind} ${object.metadata.name}: ${error instanceof Error ? error.message : String(error)}`,
    ];
  }
}
