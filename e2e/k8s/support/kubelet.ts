// A kubelet in Docker, for the rendered chart: each workload's pod becomes one container with
// the same image, command, args, environment, user and groups, read-only root, capabilities,
// emptyDir and secret-file volumes, and resource limits; Services become network aliases
// (their DNS names), and probes run exactly as the kubelet runs them (HTTP GET on the
// container port, or exec in the container). Anything the chart might use that this does
// not emulate throws, so the suite can never pass by skipping part of a pod.
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IContainer, IKeyToPath, IProbe, IVolume } from 'kubernetes-models/v1';
import { docker } from '../../containers/support/docker.js';
import {
  CLUSTER_DOMAIN,
  containerPort,
  ofKind,
  secretData,
  servicesOf,
  type K8sObject,
  type Workload,
} from './chart.js';

/** The cluster DNS Service name the chart gives nginx, answered by Docker's own DNS server. */
const CLUSTER_DNS = 'kube-dns.kube-system.svc.cluster.local:127.0.0.11';

const UNITS: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
};

/** A Kubernetes quantity in bytes ("256Mi") or cores ("200m", "2"). */
export function quantity(value: string | number): number {
  const match = /^([0-9.]+)(m|Ki|Mi|Gi|k|M|G)?$/.exec(String(value));
  if (!match) throw new Error(`quantity ${value} not emulated`);
  const number = Number(match[1]);
  if (match[2] === 'm') return number / 1000;
  return number * (match[2] ? UNITS[match[2]]! : 1);
}

export type ProbeKind = 'startupProbe' | 'livenessProbe' | 'readinessProbe';

interface Running {
  id: string;
  container: IContainer;
  /** Container port → published port on 127.0.0.1. */
  ports: Map<number, number>;
}

export class DockerCluster {
  private readonly running = new Map<string, Running>();
  private readonly volumes: string[] = [];

  private constructor(
    readonly objects: K8sObject[],
    readonly namespace: string,
    readonly label: string,
    private readonly dir: string,
  ) {}

  static async create(objects: K8sObject[], namespace: string) {
    const label = `docket-k8s-e2e-${randomBytes(3).toString('hex')}`;
    await docker(['network', 'create', '--label', label, label]);
    return new DockerCluster(objects, namespace, label, mkdtempSync(join(tmpdir(), `${label}-`)));
  }

  /** The Secret's files as the kubelet projects them: root-owned, group fsGroup, the volume's mode. */
  private secretVolume(w: Workload, volume: IVolume): string {
    const sources = volume.secret
      ? [{ name: volume.secret.secretName!, items: volume.secret.items }]
      : (volume.projected?.sources ?? []).map((source) => {
          if (!source.secret) throw new Error(`${w.name}: projected source not emulated`);
          return { name: source.secret.name!, items: source.secret.items };
        });
    const mode = volume.secret?.defaultMode ?? volume.projected?.defaultMode ?? 0o644;
    const dir = join(this.dir, w.name, volume.name);
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    for (const source of sources) {
      const secret = ofKind(this.objects, 'Secret').find((o) => o.metadata.name === source.name);
      if (!secret) throw new Error(`${w.name}: Secret ${source.name} is not in the render`);
      const data = secretData(secret);
      const items: IKeyToPath[] =
        source.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      for (const item of items) {
        if (!(item.key in data))
          throw new Error(`${w.name}: Secret ${source.name} has no key ${item.key}`);
        const file = join(dir, item.path);
        mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
        writeFileSync(file, data[item.key]!);
        chmodSync(file, item.mode ?? mode);
        chownSync(file, 0, w.pod.securityContext?.fsGroup ?? 0);
      }
    }
    return dir;
  }

  /**
   * An emptyDir as the kubelet makes it: a fresh directory, mode 0777, and with an fsGroup
   * owned by that group with the setgid bit; never the image's directory underneath (a
   * Docker tmpfs over an image directory would copy that directory's owner and mode).
   */
  private emptyDir(w: Workload, volume: IVolume): string {
    const dir = join(this.dir, w.name, volume.name);
    mkdirSync(dir, { recursive: true });
    const fsGroup = w.pod.securityContext?.fsGroup;
    if (fsGroup !== undefined) chownSync(dir, 0, fsGroup);
    chmodSync(dir, fsGroup !== undefined ? 0o2777 : 0o777);
    return dir;
  }

  private mountArgs(w: Workload, c: IContainer): string[] {
    return (c.volumeMounts ?? []).flatMap((m) => {
      if (m.subPath || m.subPathExpr) throw new Error(`${w.name}: subPath not emulated`);
      const readonly = m.readOnly ? ',readonly' : '';
      if (w.claims.includes(m.name)) {
        const volume = `${this.label}-${m.name}-${w.name}`;
        this.volumes.push(volume);
        return ['--mount', `type=volume,source=${volume},destination=${m.mountPath}${readonly}`];
      }
      const volume = w.pod.volumes?.find((v) => v.name === m.name);
      if (!volume) throw new Error(`${w.name}: no volume ${m.name}`);
      if (volume.emptyDir) {
        // Docker gives every container its own /dev/shm; its size is the emptyDir's limit.
        if (m.mountPath === '/dev/shm')
          return volume.emptyDir.sizeLimit
            ? ['--shm-size', String(quantity(volume.emptyDir.sizeLimit))]
            : [];
        return [
          '--mount',
          `type=bind,source=${this.emptyDir(w, volume)},destination=${m.mountPath}`,
        ];
      }
      if (volume.secret || volume.projected)
        return [
          '--mount',
          `type=bind,source=${this.secretVolume(w, volume)},destination=${m.mountPath}${readonly}`,
        ];
      throw new Error(`${w.name}: volume ${m.name} of this type not emulated`);
    });
  }

  private securityArgs(w: Workload, c: IContainer): string[] {
    const pod = w.pod.securityContext ?? {};
    const sc = c.securityContext ?? {};
    const uid = sc.runAsUser ?? pod.runAsUser;
    const gid = sc.runAsGroup ?? pod.runAsGroup ?? uid;
    // The kubelet refuses to start a runAsNonRoot container that would run as root.
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) && !uid)
      throw new Error(`${w.name}: runAsNonRoot without a non-zero runAsUser`);
    const seccomp = (sc.seccompProfile ?? pod.seccompProfile)?.type ?? 'RuntimeDefault';
    if (seccomp !== 'RuntimeDefault') throw new Error(`${w.name}: seccomp ${seccomp} not emulated`);
    return [
      ...(uid !== undefined ? ['--user', `${uid}:${gid}`] : []),
      ...(pod.fsGroup !== undefined ? ['--group-add', String(pod.fsGroup)] : []),
      ...(pod.supplementalGroups ?? []).flatMap((g) => ['--group-add', String(g)]),
      ...(sc.readOnlyRootFilesystem ? ['--read-only'] : []),
      ...(sc.capabilities?.drop ?? []).flatMap((cap) => ['--cap-drop', cap]),
      ...(sc.capabilities?.add ?? []).flatMap((cap) => ['--cap-add', cap]),
      ...(sc.allowPrivilegeEscalation === false
        ? ['--security-opt', 'no-new-privileges:true']
        : []),
      ...(sc.privileged ? ['--privileged'] : []),
    ];
  }

  /** Each Service that selects the pod, under every name cluster DNS answers for it. */
  private aliasArgs(w: Workload, c: IContainer): string[] {
    return servicesOf(this.objects, w).flatMap((service) => {
      for (const port of service.spec.ports)
        if (containerPort(c, port.targetPort) !== port.port)
          throw new Error(
            `${service.metadata.name}: port ${port.port} → other target not emulated`,
          );
      const name = service.metadata.name;
      const fqdn = `${name}.${this.namespace}.svc.${CLUSTER_DOMAIN}`;
      return [name, `${name}.${this.namespace}`, `${name}.${this.namespace}.svc`, fqdn].flatMap(
        (alias) => ['--network-alias', alias],
      );
    });
  }

  private runArgs(w: Workload, hostPorts: Record<number, number>): string[] {
    if (w.pod.initContainers?.length || w.pod.containers.length !== 1)
      throw new Error(`${w.name}: only single-container pods are emulated`);
    const c = w.pod.containers[0]!;
    const env = (c.env ?? []).flatMap((e) => {
      if (e.valueFrom || (e.value ?? '').includes('$('))
        throw new Error(`${w.name}: env ${e.name} not emulated`);
      return ['--env', `${e.name}=${e.value ?? ''}`];
    });
    if (c.envFrom?.length) throw new Error(`${w.name}: envFrom not emulated`);
    const limits = c.resources?.limits ?? {};
    const [entrypoint, ...commandArgs] = c.command ?? [];
    return [
      '--name',
      `${this.label}-${w.name}`,
      '--label',
      this.label,
      '--network',
      this.label,
      '--hostname',
      w.name,
      '--add-host',
      CLUSTER_DNS,
      ...this.aliasArgs(w, c),
      ...this.securityArgs(w, c),
      ...this.mountArgs(w, c),
      ...env,
      ...(limits.memory ? ['--memory', String(quantity(limits.memory))] : []),
      ...(limits.cpu ? ['--cpus', String(quantity(limits.cpu))] : []),
      ...(c.workingDir ? ['--workdir', c.workingDir] : []),
      '--stop-timeout',
      String(w.pod.terminationGracePeriodSeconds ?? 30),
      ...(c.ports ?? []).flatMap((p) => [
        '--publish',
        `127.0.0.1:${hostPorts[p.containerPort] ?? ''}:${p.containerPort}`,
      ]),
      // Kubernetes' command replaces the image's entrypoint and args its command.
      ...(entrypoint ? ['--entrypoint', entrypoint] : []),
      c.image!,
      ...commandArgs,
      ...(c.args ?? []),
    ];
  }

  /** Starts a Deployment's or StatefulSet's pod; `hostPorts` pins published ports. */
  async start(w: Workload, hostPorts: Record<number, number> = {}) {
    const { stdout } = await docker(['run', '--detach', ...this.runArgs(w, hostPorts)]);
    const id = stdout.trim();
    const container = w.pod.containers[0]!;
    const ports = new Map<number, number>();
    this.running.set(w.name, { id, container, ports });
    for (const p of container.ports ?? []) {
      const published = await docker(['port', id, `${p.containerPort}/tcp`], {
        allowFailure: true,
      });
      if (published.code !== 0)
        throw new Error(`${w.name} exited as it started:\n${await this.logs(w.name)}`);
      ports.set(p.containerPort, Number(published.stdout.trim().split('\n')[0]!.split(':').pop()));
    }
  }

  /** Runs a Job's pod to completion: its exit code and output. */
  async runToCompletion(w: Workload) {
    const result = await docker(['run', ...this.runArgs(w, {})], {
      allowFailure: true,
      timeoutMs: (w.deadlineSeconds ?? 600) * 1000,
    });
    return { code: result.code, output: `${result.stdout}${result.stderr}` };
  }

  get(name: string): Running {
    const running = this.running.get(name);
    if (!running) throw new Error(`${name} was not started`);
    return running;
  }

  started(): string[] {
    return [...this.running.keys()];
  }

  /** SIGTERM (the image's stop signal), then a kill after terminationGracePeriodSeconds. */
  stop = (name: string) => docker(['stop', this.get(name).id]);
  restart = (name: string) => docker(['start', this.get(name).id]);
  exec = (name: string, command: string[], env: Record<string, string> = {}) =>
    docker([
      'exec',
      ...Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
      this.get(name).id,
      ...command,
    ]);

  async isRunning(name: string): Promise<boolean> {
    const { stdout } = await docker([
      'inspect',
      '--format',
      '{{.State.Running}}',
      this.get(name).id,
    ]);
    return stdout.trim() === 'true';
  }

  /** One probe, as the kubelet runs it; true on success. */
  async probe(name: string, kind: ProbeKind): Promise<boolean> {
    const { id, container, ports } = this.get(name);
    const probe: IProbe | undefined = container[kind];
    if (!probe) throw new Error(`${name} has no ${kind}`);
    const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
    if (probe.httpGet) {
      if (probe.httpGet.host || (probe.httpGet.scheme ?? 'HTTP') !== 'HTTP')
        throw new Error(`${name}: ${kind} host/scheme not emulated`);
      const port = ports.get(containerPort(container, probe.httpGet.port));
      const headers = Object.fromEntries(
        (probe.httpGet.httpHeaders ?? []).map((h) => [h.name, h.value]),
      );
      try {
        const response = await fetch(`http://127.0.0.1:${port}${probe.httpGet.path ?? '/'}`, {
          headers: { 'user-agent': 'kube-probe/1.33', accept: '*/*', ...headers },
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer();
        return response.status >= 200 && response.status < 400;
      } catch {
        return false;
      }
    }
    if (probe.exec?.command) {
      const result = await docker(['exec', id, ...probe.exec.command], {
        allowFailure: true,
        timeoutMs,
      });
      return result.code === 0;
    }
    throw new Error(`${name}: ${kind} of this type not emulated`);
  }

  async logs(name: string): Promise<string> {
    const result = await docker(['logs', '--tail', '60', this.get(name).id], {
      allowFailure: true,
    });
    return `${result.stdout}${result.stderr}`;
  }

  /** Removes every container, volume and the network; never throws (it runs in teardown). */
  async teardown() {
    const { stdout } = await docker(['ps', '-aq', '--filter', `label=${this.label}`], {
      allowFailure: true,
    });
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length) await docker(['rm', '--force', '--volumes', ...ids], { allowFailure: true });
    if (this.volumes.length)
      await docker(['volume', 'rm', '--force', ...new Set(this.volumes)], { allowFailure: true });
    await docker(['network', 'rm', this.label], { allowFailure: true });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
