// Evaluates rendered NetworkPolicies the way a policy-enforcing network plugin would, for the
// label selectors and TCP ports the chart uses: may a pod of A open a connection to B:port?
import type {
  INetworkPolicy,
  INetworkPolicyPeer,
  INetworkPolicyPort,
} from 'kubernetes-models/networking.k8s.io/v1';
import { ofKind, selects, type K8sObject } from './chart.js';

export interface Pod {
  labels: Record<string, string>;
  namespace: string;
}

type LabelSelector = NonNullable<INetworkPolicy['spec']>['podSelector'];

interface Rule {
  peers?: INetworkPolicyPeer[];
  ports?: INetworkPolicyPort[];
}

function matchesAll(selector: LabelSelector | undefined, labels: Record<string, string>) {
  if (selector?.matchExpressions?.length) throw new Error('matchExpressions not evaluated');
  const required = selector?.matchLabels ?? {};
  return Object.keys(required).length === 0 || selects(required, labels);
}

/** Namespaces carry the kubernetes.io/metadata.name label Kubernetes sets on each. */
const namespaceLabels = (pod: Pod) => ({ 'kubernetes.io/metadata.name': pod.namespace });

function peerMatches(peer: INetworkPolicyPeer, pod: Pod, policyNamespace: string): boolean {
  if (peer.ipBlock) return false;
  const namespaceOk = peer.namespaceSelector
    ? matchesAll(peer.namespaceSelector, namespaceLabels(pod))
    : pod.namespace === policyNamespace;
  const podOk = peer.podSelector ? matchesAll(peer.podSelector, pod.labels) : true;
  return namespaceOk && podOk;
}

function portMatches(rule: Rule, port: number): boolean {
  if (!rule.ports?.length) return true;
  return rule.ports.some((p) => {
    if (typeof p.port === 'string') throw new Error(`named policy port ${p.port} not evaluated`);
    return (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || p.port === port);
  });
}

function rules(policy: INetworkPolicy, type: 'Ingress' | 'Egress'): Rule[] {
  if (type === 'Ingress')
    return (policy.spec?.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }));
  return (policy.spec?.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
}

/** Whether the policies of one direction let the connection through (no policy: allowed). */
function direction(
  policies: INetworkPolicy[],
  type: 'Ingress' | 'Egress',
  subject: Pod,
  other: Pod,
  port: number,
  namespace: string,
): boolean {
  const applying = policies.filter(
    (p) =>
      subject.namespace === namespace &&
      (p.spec?.policyTypes ?? []).includes(type) &&
      matchesAll(p.spec?.podSelector, subject.labels),
  );
  if (applying.length === 0) return true;
  return applying.some((p) =>
    rules(p, type).some((rule) => {
      const peerOk =
        !rule.peers?.length || rule.peers.some((peer) => peerMatches(peer, other, namespace));
      return peerOk && portMatches(rule, port);
    }),
  );
}

/** May `from` open a TCP connection to `to` on `port`, under the rendered policies? */
export function allowed(
  objects: K8sObject[],
  namespace: string,
  from: Pod,
  to: Pod,
  port: number,
): boolean {
  const policies = ofKind(objects, 'NetworkPolicy');
  return (
    direction(policies, 'Egress', from, to, port, namespace) &&
    direction(policies, 'Ingress', to, from, port, namespace)
  );
}
