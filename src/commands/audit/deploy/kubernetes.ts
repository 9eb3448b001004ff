import type { Declared, DeployedServer, PublishedPort, ServiceInFront } from '../../../record/deployment-record.js';
import { ConfigError, type ConfigReader } from '../config/config-errors.js';
import { ContainerFiles, type ManifestFile, type Mount } from './container-files.js';
import { type Environment } from './environment.js';
import { knownImage } from './images.js';
import { MAX_PORTS_READ } from './deploy-limits.js';
import { startSettings } from './start.js';
import { child, entries, items, path, readYamlDocuments, text } from './yaml-lines.js';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod']);

interface Workload {
  kind: string;
  name: string;
  line?: number;
  labels: Map<string, string>;
  pod: unknown;
  replicas?: Declared<number>;
}

/**
 * Kubernetes manifests (several documents, as `helm template` prints them):
 * workloads running a known FTP server image, their environment, hostPort
 * and hostNetwork, and the Services whose selector picks their pods, with the
 * ports, NodePorts, session affinity, traffic policy and load balancer
 * annotations that decide what reaches the server.
 */
export function readKubernetes(texts: Array<{ text: string; file: string }>, reader: ConfigReader): DeployedServer[] {
  const manifests = collectManifests(texts);
  const servers: DeployedServer[] = [];
  let portsRead = 0;
  for (const workload of manifests.workloads)
    for (const container of items(child(workload.pod, 'containers'))) {
      const server = containerServer(workload, container, manifests, reader);
      if (!server) continue;
      // Every Service selecting every workload multiplies ports: the whole audit reads a bounded number.
      portsRead += server.services.reduce((sum, front) => sum + front.ports.length, 0);
      if (portsRead > MAX_PORTS_READ)
        throw new ConfigError(
          workload.file,
          workload.line,
          `its Services list more than ${MAX_PORTS_READ} ports in all`,
        );
      servers.push(server);
    }
  if (servers.length === 0 && manifests.workloads.length === 0 && manifests.services.length === 0)
    throw new ConfigError(texts.map((t) => t.file).join(', '), undefined, 'holds no Kubernetes workload or Service');
  return servers;
}

type LineOf = (node: unknown) => number | undefined;
interface ServiceManifest {
  node: unknown;
  file: string;
  lineOf: LineOf;
  selector: Array<[string, string]>;
  /** Its place in the manifests. */
  order: number;
}

interface Manifests {
  workloads: Array<Workload & { file: string; lineOf: LineOf }>;
  services: ServiceManifest[];
  /** Services by the first key=value of their selector: a workload looks up its labels, never scans every Service. */
  servicesBySelector: Map<string, ServiceManifest[]>;
  configMaps: Map<string, Map<string, ManifestFile>>;
}

/** Every document of every file (a List's items too): the workloads, Services and ConfigMaps. */
function collectManifests(texts: Array<{ text: string; file: string }>): Manifests {
  const manifests: Manifests = { workloads: [], services: [], servicesBySelector: new Map(), configMaps: new Map() };
  const collect = (root: unknown, file: string, lineOf: LineOf): void => {
    const kind = text(child(root, 'kind'));
    if (kind === 'Service') {
      // Read once: a selector's pairs, as text. A Service without one selects no pods.
      const selector = entries(path(root, 'spec', 'selector')).map(([key, value]): [string, string] => [
        key,
        text(value) ?? '\u0000',
      ]);
      const service = { node: root, file, lineOf, selector, order: manifests.services.length };
      manifests.services.push(service);
      if (selector.length > 0) {
        const key = `${selector[0]![0]}=${selector[0]![1]}`;
        const list = manifests.servicesBySelector.get(key);
        if (list) list.push(service);
        else manifests.servicesBySelector.set(key, [service]);
      }
    }
    if (kind === 'ConfigMap')
      manifests.configMaps.set(text(path(root, 'metadata', 'name')) ?? '', configMapFiles(root, file, lineOf));
    if (!kind || !WORKLOADS.has(kind)) return;
    const pod = kind === 'Pod' ? child(root, 'spec') : path(root, 'spec', 'template', 'spec');
    const labelsNode =
      kind === 'Pod' ? path(root, 'metadata', 'labels') : path(root, 'spec', 'template', 'metadata', 'labels');
    const replicas = text(path(root, 'spec', 'replicas'));
    manifests.workloads.push({
      kind,
      name: text(path(root, 'metadata', 'name')) ?? '?',
      ...at(lineOf(root)),
      labels: new Map(entries(labelsNode).map(([key, value]) => [key, text(value) ?? ''])),
      pod,
      ...(kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet'
        ? {
            replicas: replicas
              ? { value: Number(replicas), ...at(lineOf(path(root, 'spec', 'replicas'))) }
              : { value: 1, byDefault: true },
          }
        : {}),
      file,
      lineOf,
    });
  };
  for (const { text: content, file } of texts)
    for (const { document, lineOf } of readYamlDocuments(content, file)) {
      const root = document.contents;
      if (text(child(root, 'kind')) === 'List')
        for (const item of items(child(root, 'items'))) collect(item, file, lineOf);
      else collect(root, file, lineOf);
    }
  return manifests;
}

/** One container of a workload, when it runs a known FTP server image: how it will run and what reaches it. */
function containerServer(
  workload: Manifests['workloads'][number],
  container: unknown,
  manifests: Manifests,
  reader: ConfigReader,
): DeployedServer | undefined {
  const imageNode = child(container, 'image');
  const image = text(imageNode) ?? '';
  const known = knownImage(image);
  if (!known) return undefined;
  const { lineOf, file } = workload;
  const hostNetwork = text(child(workload.pod, 'hostNetwork')) === 'true';
  const hostPorts: PublishedPort[] = items(child(container, 'ports')).flatMap((port) => {
    const hostPort = Number(text(child(port, 'hostPort')));
    const containerPort = Number(text(child(port, 'containerPort')));
    return hostPort > 0 ? [{ outside: hostPort, container: containerPort, count: 1, ...at(lineOf(port)) }] : [];
  });
  const mounts = podMounts(workload.pod, container, manifests.configMaps, lineOf);
  // command replaces the image's entrypoint, args its CMD: together, the command line the container runs.
  const commandWords = [...items(child(container, 'command')), ...items(child(container, 'args'))].map(
    (word) => text(word) ?? '',
  );
  const commandLine = lineOf(child(container, 'command') ?? child(container, 'args'));
  const fronts = selecting(manifests, workload.labels).map((service) =>
    serviceInFront(service.node, service.lineOf, container),
  );
  return {
    source: 'kubernetes',
    file,
    name: `${workload.kind}/${workload.name}`,
    ...at(workload.line),
    image: { value: image, ...at(lineOf(imageNode)) },
    imageName: known.name,
    software: known.software,
    ...startSettings({
      image: known,
      environment: containerEnvironment(container, manifests.configMaps, lineOf),
      ...(commandWords.length > 0 ? { command: { args: commandWords, ...at(commandLine) } } : {}),
      files: new ContainerFiles(mounts, reader),
      declaredIn: file,
      expandsVariables: true,
    }),
    published: hostNetwork
      ? 'host'
      : [...hostPorts, ...fronts.flatMap((front) => (front.type === 'ClusterIP' ? [] : front.ports))],
    ...(workload.replicas ? { replicas: workload.replicas } : {}),
    services: fronts,
  };
}

/** envFrom a ConfigMap of these manifests (its keys), then env: (which wins), configMapKeyRef followed. */
function containerEnvironment(container: unknown, configMaps: Manifests['configMaps'], lineOf: LineOf): Environment {
  const environment: Environment = new Map();
  for (const source of items(child(container, 'envFrom'))) {
    const name = text(path(source, 'configMapRef', 'name'));
    const data = name !== undefined ? configMaps.get(name) : undefined;
    for (const [key, value] of data ?? [])
      environment.set(key, { value: value.text, file: value.file, ...at(value.firstLine) });
  }
  for (const variable of items(child(container, 'env'))) {
    const name = text(child(variable, 'name'));
    if (!name) continue;
    const reference = path(variable, 'valueFrom', 'configMapKeyRef');
    const referenced = reference
      ? configMaps.get(text(child(reference, 'name')) ?? '')?.get(text(child(reference, 'key')) ?? '')
      : undefined;
    if (referenced) {
      environment.set(name, { value: referenced.text, file: referenced.file, ...at(referenced.firstLine) });
      continue;
    }
    // Any other valueFrom (a Secret, the pod's own IP) is decided at run time: kept as unresolved.
    const value = child(variable, 'value') ? (text(child(variable, 'value')) ?? '') : '${valueFrom}';
    environment.set(name, { value, ...at(lineOf(variable)) });
  }
  return environment;
}

/** A ConfigMap's `data:`, each key a file, with the manifest line its text starts on (a block scalar starts on the next). */
function configMapFiles(
  root: unknown,
  file: string,
  lineOf: (node: unknown) => number | undefined,
): Map<string, ManifestFile> {
  const files = new Map<string, ManifestFile>();
  for (const [key, value] of entries(child(root, 'data'))) {
    const content = text(value);
    if (content === undefined) continue;
    const line = lineOf(value);
    const block = (value as { type?: string }).type?.startsWith('BLOCK');
    files.set(key, { text: content, file, ...(line !== undefined ? { firstLine: block ? line + 1 : line } : {}) });
  }
  return files;
}

/** The container's volumeMounts with the pod volumes they name: ConfigMaps (their files), Secrets and other volumes. */
function podMounts(
  pod: unknown,
  container: unknown,
  configMaps: Map<string, Map<string, ManifestFile>>,
  lineOf: (node: unknown) => number | undefined,
): Mount[] {
  const volumes = new Map(items(child(pod, 'volumes')).map((volume) => [text(child(volume, 'name')) ?? '', volume]));
  const mounts: Mount[] = [];
  for (const mount of items(child(container, 'volumeMounts'))) {
    const target = text(child(mount, 'mountPath'));
    const volume = volumes.get(text(child(mount, 'name')) ?? '');
    if (!target) continue;
    const subPath = text(child(mount, 'subPath'));
    const base = { target, readOnly: text(child(mount, 'readOnly')) === 'true', ...at(lineOf(mount)) };
    const mapName = text(path(volume, 'configMap', 'name'));
    const secretName = text(path(volume, 'secret', 'secretName'));
    if (mapName !== undefined) {
      const data = configMaps.get(mapName);
      // `items:` puts chosen keys at chosen paths; without it every key is a file.
      const chosen = items(path(volume, 'configMap', 'items'));
      const byPath = new Map<string, ManifestFile>();
      for (const [key, value] of data ?? []) if (chosen.length === 0) byPath.set(key, value);
      for (const item of chosen) {
        const value = data?.get(text(child(item, 'key')) ?? '');
        if (value) byPath.set(text(child(item, 'path')) ?? '', value);
      }
      const files =
        subPath !== undefined
          ? new Map([...byPath].filter(([key]) => key === subPath).map(([, v]) => ['', v] as const))
          : byPath;
      mounts.push({
        ...base,
        kind: 'configMap',
        source: mapName,
        files,
        ...(data ? {} : { unreadable: 'missing' as const }),
      });
    } else if (secretName !== undefined) mounts.push({ ...base, kind: 'secret', source: secretName });
    else mounts.push({ ...base, kind: 'volume' });
  }
  return mounts;
}

/** A Service's selector picks a pod when every one of its labels is the pod's. */
/** The Services whose selector picks these labels, in the order of the manifests. */
function selecting(manifests: Manifests, labels: Map<string, string>): ServiceManifest[] {
  const found = new Set<ServiceManifest>();
  for (const [key, value] of labels)
    for (const service of manifests.servicesBySelector.get(`${key}=${value}`) ?? [])
      if (service.selector.every(([k, v]) => labels.get(k) === v)) found.add(service);
  return [...found].sort((a, b) => a.order - b.order);
}

const ANNOTATIONS = {
  aws: /^service\.beta\.kubernetes\.io\/aws-load-balancer-/,
  azure: /^service\.beta\.kubernetes\.io\/azure-/,
  gcp: /^(cloud\.google\.com|networking\.gke\.io)\//,
} as const;

function serviceInFront(
  service: unknown,
  lineOf: (node: unknown) => number | undefined,
  container: unknown,
): ServiceInFront {
  const spec = child(service, 'spec');
  const type = text(child(spec, 'type')) ?? 'ClusterIP';
  // A named targetPort stands for the container port of that name.
  const named = new Map(
    items(child(container, 'ports')).map((port) => [
      text(child(port, 'name')) ?? '',
      Number(text(child(port, 'containerPort'))),
    ]),
  );
  const ports: PublishedPort[] = items(child(spec, 'ports')).flatMap((port) => {
    if ((text(child(port, 'protocol')) ?? 'TCP').toUpperCase() !== 'TCP') return [];
    const exposed = Number(text(child(port, 'port')));
    const targetText = text(child(port, 'targetPort'));
    const target =
      targetText === undefined
        ? exposed
        : /^\d+$/.test(targetText)
          ? Number(targetText)
          : (named.get(targetText) ?? NaN);
    const nodePort = Number(text(child(port, 'nodePort')));
    // Outside the cluster a NodePort Service is reached at its node port (any free one when none is given); a load balancer at its port.
    const outside = type === 'NodePort' ? (nodePort > 0 ? nodePort : 0) : exposed;
    return Number.isFinite(target) ? [{ outside, container: target, count: 1, ...at(lineOf(port)) }] : [];
  });
  const annotations = entries(path(service, 'metadata', 'annotations'));
  const cloud = (Object.keys(ANNOTATIONS) as Array<keyof typeof ANNOTATIONS>).find((name) =>
    annotations.some(([key]) => ANNOTATIONS[name].test(key)),
  );
  const azureIdle = annotations.find(
    ([key]) => key === 'service.beta.kubernetes.io/azure-load-balancer-tcp-idle-timeout',
  );
  const tlsAnnotation = annotations.find(([key]) => key === 'service.beta.kubernetes.io/aws-load-balancer-ssl-cert');
  const affinity = child(spec, 'sessionAffinity');
  const policy = child(spec, 'externalTrafficPolicy');
  return {
    name: text(path(service, 'metadata', 'name')) ?? '?',
    ...at(lineOf(service)),
    type,
    ports,
    ...(affinity ? { sessionAffinity: { value: text(affinity) ?? '', ...at(lineOf(affinity)) } } : {}),
    ...(policy ? { externalTrafficPolicy: { value: text(policy) ?? '', ...at(lineOf(policy)) } } : {}),
    ...(cloud ? { cloud } : {}),
    ...(tlsAnnotation ? { terminatesTls: { value: tlsAnnotation[0], ...at(lineOf(tlsAnnotation[1])) } } : {}),
    // Azure's annotation is in minutes.
    ...(azureIdle ? { idleTimeoutS: { value: Number(text(azureIdle[1])) * 60, ...at(lineOf(azureIdle[1])) } } : {}),
  };
}

function at(line: number | undefined): { line?: number } {
  return line !== undefined ? { line } : {};
}
