import { classifyAddress, ipFamily, SCOPE_WORDS } from '../net/address.js';
import type { NotChecked } from '../record/audit-record.js';
import type { DeployedServer, DeploymentRecord, PublishedPort, SettingName } from '../record/deployment-record.js';
import { AUDIT_VERDICTS, VERDICTS } from './words/verdict-words.js';
import { PHRASES } from './words/rule-phrases.js';
import { SOFTWARE_LABELS } from './words/report-lines.js';
import { describe } from './diagnose.js';
import { SEVERITY_ORDER, type DescribedFinding, type Finding } from './finding.js';
import { finding } from './rules/helpers.js';
import { fill } from './template.js';
import { counts, decideVerdict, type Verdict } from './verdict.js';

/** Known load balancer idle timeouts (seconds), from each cloud's documentation. */
const LOAD_BALANCER_IDLE_S = { aws: 350, azure: 240 } as const;
const LONG_ENOUGH_IDLE_S = 1800;
/** Kubernetes' default NodePort range. */
const NODE_PORTS = { low: 30000, high: 32767 } as const;

export interface DeploymentDiagnosis {
  findings: DescribedFinding[];
  verdict: Verdict;
  checked: string[];
  notChecked: NotChecked[];
}

/** What a compose file or Kubernetes manifests will do to FTP clients, before anything is deployed. Pure. */
export function diagnoseDeployment(record: DeploymentRecord): DeploymentDiagnosis {
  const raw = record.servers.flatMap((server) => serverRules(server).map((f) => ({ f, server })));
  const findings: DescribedFinding[] = raw
    .map(({ f, server }) => ({
      ...describe(f, { id: server.software, name: SOFTWARE_LABELS[server.software] }),
      location: { file: f.file ?? server.file, ...(f.line !== undefined ? { line: f.line } : {}) },
    }))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);

  const notChecked = record.servers.flatMap((server) => [
    ...server.unresolved.map((value): NotChecked => ({
      check: 'variable',
      why: fill(PHRASES.deployUnresolved, { name: server.name, value }),
    })),
    ...server.unreadConfig.map((unread): NotChecked => ({
      check: 'config',
      why: fill(PHRASES.deployUnread[unread.reason], {
        name: server.name,
        path: unread.path,
        source: unread.source ?? '',
        why: unread.why ?? '',
      }),
    })),
  ]);
  if (findings.length === 0 && notChecked.length === 0 && record.servers.length > 0)
    findings.push(
      describe(finding('CONTAINER_CONFIG_OK', { servers: record.servers.map((s) => s.name).join(', ') }), {
        id: record.servers[0]!.software,
        name: SOFTWARE_LABELS[record.servers[0]!.software],
      }),
    );
  const checked = record.servers.map((server) => `${server.name} (${server.imageName})`);
  return { findings, verdict: verdictOf(findings, notChecked), checked, notChecked };
}

type LocatedFinding = Finding & { line?: number; file?: string };

/** A finding at a line of the compose file or manifest, or of the file named (a mounted configuration file). */
function located(f: Finding, line: number | undefined, file?: string): LocatedFinding {
  return { ...f, ...(line !== undefined ? { line } : {}), ...(file !== undefined ? { file } : {}) };
}

function serverRules(server: DeployedServer): LocatedFinding[] {
  return [...publishRules(server), ...addressRules(server), ...tlsRules(server), ...kubernetesRules(server)];
}

/**
 * Where and how to write a setting, as the fix says it. A setting named in
 * two parts (pasv_min_port and pasv_max_port) takes one value each; one name
 * takes them all, in its own syntax (Pure-FTPd's low:high, ProFTPD's "low high").
 */
function setAt(server: DeployedServer, setting: SettingName, values: string[]): string {
  const names = setting.name.split(' and ');
  const pairs =
    names.length === values.length
      ? names.map((name, i) => [name, values[i]!] as const)
      : [
          [
            setting.name,
            values.join(setting.kind === 'proftpd' || setting.kind === 'conf-folder' ? ' ' : ':'),
          ] as const,
        ];
  const lines = pairs
    .map(([name, value]) => fill(PHRASES.deploySetLine[setting.kind], { setting: name, value }))
    .join(PHRASES.deployAnd);
  return fill(PHRASES.deploySetAt[setting.kind], { file: setting.file ?? server.file, service: server.name, lines });
}

/** A setting's name for the explanation: the image's own file when the image fixes it. */
function settingText(setting: SettingName): string {
  return setting.name || PHRASES.deployRangeFixed;
}

/** The server's configuration could not be read: what it leaves unset is not known, and not reported as unset. */
function configUnknown(server: DeployedServer): boolean {
  return server.unreadConfig.length > 0;
}

function portsText(ports: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < ports.length;) {
    let j = i;
    while (j + 1 < ports.length && ports[j + 1] === ports[j]! + 1) j += 1;
    runs.push(i === j ? String(ports[i]) : `${ports[i]}-${ports[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/** One container port as a mapping publishes it: the port outside (0: any), and the line. */
interface PortMapping {
  container: number;
  outside: number;
  line?: number;
}

function mappingAt(mapping: PublishedPort, port: number): PortMapping {
  return {
    container: port,
    outside: mapping.outside === 0 ? 0 : mapping.outside + (port - mapping.container),
    ...(mapping.line !== undefined ? { line: mapping.line } : {}),
  };
}

/** The first mapping that publishes a container port (a later one of the same port does not replace it). */
function firstMapping(published: PublishedPort[], port: number): PortMapping | undefined {
  const mapping = published.find((range) => port >= range.container && port < range.container + range.count);
  return mapping ? mappingAt(mapping, port) : undefined;
}

/**
 * The first mapping of each port from low to high, one walk over the
 * mappings: each fills the ports of the range it covers that no earlier one did.
 */
function mappingsOver(published: PublishedPort[], low: number, high: number): Array<PortMapping | undefined> {
  const found: Array<PortMapping | undefined> = new Array<PortMapping | undefined>(high - low + 1);
  let left = high - low + 1;
  for (const mapping of published) {
    if (left === 0) break;
    const from = Math.max(low, mapping.container);
    const to = Math.min(high, mapping.container + mapping.count - 1);
    for (let port = from; port <= to; port += 1)
      if (!found[port - low]) {
        found[port - low] = mappingAt(mapping, port);
        left -= 1;
      }
  }
  return found;
}

function publishRules(server: DeployedServer): LocatedFinding[] {
  if (server.published === 'host') return [];
  const published = server.published;
  const found: LocatedFinding[] = [];
  const byContainer = (port: number): PortMapping | undefined => firstMapping(published, port);
  const control = server.controlPort.value;
  const values = { service: server.name, file: server.file };
  if (!byContainer(control))
    found.push(
      located(
        finding(server.source === 'compose' ? 'CONTAINER_CONTROL_NOT_PUBLISHED' : 'K8S_CONTROL_NOT_EXPOSED', {
          ...values,
          port: String(control),
          what: server.tls?.implicit.value ? PHRASES.deployControl.implicit : PHRASES.deployControl.plain,
        }),
        server.line,
      ),
    );
  const declared = server.passiveRange;
  if (!declared) return found;
  const rangeSetting = settingText(server.rangeSetting);
  const rangeLeftOpen = server.unresolved.some((value) =>
    server.rangeSetting.name.split(' and ').includes(value.split('=')[0]!),
  );
  if (rangeLeftOpen) return found;
  if (declared.value === 'any') {
    if (!configUnknown(server))
      found.push(
        located(
          finding('CONTAINER_PASSIVE_RANGE_UNSET', {
            service: server.name,
            rangeSetting,
            where: setAt(server, server.rangeSetting, [PHRASES.deployLowPort, PHRASES.deployHighPort]),
          }),
          server.line,
        ),
      );
    return found;
  }
  const { low, high } = declared.value;
  const range = `${low}-${high}`;
  const rangeValues = { ...values, passiveRange: range, rangeSetting };
  const missing: number[] = [];
  const changed: PortMapping[] = [];
  const inRange = mappingsOver(published, low, high);
  for (let port = low; port <= high; port += 1) {
    const mapping = inRange[port - low];
    if (!mapping) missing.push(port);
    else if (mapping.outside !== port) changed.push(mapping);
  }
  if (missing.length > 0)
    found.push(
      located(
        finding(server.source === 'compose' ? 'CONTAINER_PASSIVE_NOT_PUBLISHED' : 'K8S_PASSIVE_NOT_EXPOSED', {
          ...rangeValues,
          ports: portsText(missing),
          count: String(missing.length),
          size: String(high - low + 1),
        }),
        declared.line ?? server.line,
        declared.file,
      ),
    );
  if (changed.length > 0) {
    const first = changed[0]!;
    const nodePortRange =
      server.source === 'kubernetes' && (low < NODE_PORTS.low || high > NODE_PORTS.high)
        ? PHRASES.deployNodePortRange
        : '';
    found.push(
      located(
        finding('CONTAINER_PASSIVE_PORT_CHANGED', {
          ...rangeValues,
          container: String(first.container),
          outsidePort: first.outside === 0 ? PHRASES.deployAnyPort : String(first.outside),
          count: String(changed.length),
          nodePortRange,
        }),
        first.line,
      ),
    );
  }
  return found;
}

function addressRules(server: DeployedServer): LocatedFinding[] {
  const setting = server.addressSetting;
  const values = {
    service: server.name,
    file: server.externalAddress?.file ?? server.file,
    setting: setting.name,
    where: setAt(server, setting, [PHRASES.deployPublicAddress]),
  };
  // Left to the environment (${VAR}), or in a configuration not read: not checked, and the report says so.
  if (server.unresolved.some((value) => value.startsWith(`${setting.name}=`) || value.startsWith('command:')))
    return [];
  const address = server.externalAddress;
  if (!address) {
    if (configUnknown(server)) return [];
    return [
      located(
        finding('CONTAINER_EXTERNAL_ADDRESS_UNSET', {
          ...values,
          announcedInstead:
            server.whenUnset === 'docker-gateway' ? PHRASES.deployGateway : PHRASES.deployContainerAddress,
        }),
        server.line,
      ),
    ];
  }
  if (address.byDefault)
    return [
      located(finding('CONTAINER_EXTERNAL_ADDRESS_PLACEHOLDER', { ...values, configured: address.value }), server.line),
    ];
  // "localhost" is loopback wherever it is resolved (RFC 6761): the replies name 127.0.0.1 or ::1.
  const scope = isLocalhostName(address.value) ? 'loopback' : classifyAddress(address.value).scope;
  if (ipFamily(address.value) === 0 && scope !== 'loopback')
    return server.resolvesNames
      ? []
      : [
          located(
            finding('CONTAINER_EXTERNAL_ADDRESS_IS_NAME', { ...values, configured: address.value }),
            address.line,
            address.file,
          ),
        ];
  if (scope !== 'public')
    return [
      located(
        finding('CONTAINER_EXTERNAL_ADDRESS_PRIVATE', {
          ...values,
          configured: address.value,
          scope: SCOPE_WORDS[scope],
        }),
        address.line,
        address.file,
      ),
    ];
  return [];
}

function isLocalhostName(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.$/, '');
  return lower === 'localhost' || lower.endsWith('.localhost');
}

/** The files TLS needs at start, each provided by a volume (the reader says which). */
function tlsRules(server: DeployedServer): LocatedFinding[] {
  if (!server.tls) return [];
  return server.tls.files
    .filter((file) => !file.mounted)
    .map((file) =>
      located(
        finding('CONTAINER_TLS_FILE_NOT_MOUNTED', { service: server.name, path: file.value }),
        file.line ?? server.line,
        file.file,
      ),
    );
}

/** With TLS and session reuse required, a data connection on another pod fails its handshake: said where pods can differ. */
function tlsReuse(server: DeployedServer): string {
  const tls = server.tls;
  if (!tls?.reuseRequired.value) return '';
  const setting = server.software === 'proftpd' ? 'TLSOptions NoSessionReuseRequired' : 'require_ssl_reuse=NO';
  return fill(PHRASES.deployTlsReuse, { setting });
}

function kubernetesRules(server: DeployedServer): LocatedFinding[] {
  const found: LocatedFinding[] = [];
  const outside = server.services.filter((s) => s.type === 'NodePort' || s.type === 'LoadBalancer');
  const replicas = server.replicas?.value ?? 1;
  for (const service of server.services) {
    const values = {
      service: service.name,
      workload: server.name,
      replicas: String(replicas),
      tlsReuse: tlsReuse(server),
    };
    const outsideCluster = service.type === 'NodePort' || service.type === 'LoadBalancer';
    if (replicas > 1 && service.sessionAffinity?.value !== 'ClientIP')
      found.push(
        located(finding('K8S_REPLICAS_WITHOUT_AFFINITY', values), service.sessionAffinity?.line ?? service.line),
      );
    else if (replicas > 1 && outsideCluster && (service.externalTrafficPolicy?.value ?? 'Cluster') === 'Cluster')
      found.push(
        located(
          finding('K8S_AFFINITY_WITHOUT_CLIENT_ADDRESS', values),
          service.externalTrafficPolicy?.line ?? service.sessionAffinity?.line ?? service.line,
        ),
      );
    if (service.terminatesTls)
      found.push(
        located(
          finding('K8S_LOAD_BALANCER_TERMINATES_TLS', {
            service: service.name,
            annotation: service.terminatesTls.value,
          }),
          service.terminatesTls.line ?? service.line,
        ),
      );
  }
  for (const service of outside) {
    const policy = service.externalTrafficPolicy?.value ?? 'Cluster';
    if (policy === 'Cluster' && server.checksDataSource)
      found.push(
        located(
          finding('K8S_SOURCE_NAT_REFUSED', { service: service.name, software: SOFTWARE_LABELS[server.software] }),
          service.externalTrafficPolicy?.line ?? service.line,
        ),
      );
    if (service.type === 'LoadBalancer') {
      const idle =
        service.idleTimeoutS?.value ??
        (service.cloud && service.cloud !== 'gcp' ? LOAD_BALANCER_IDLE_S[service.cloud] : undefined);
      // Half an hour covers most transfers; a longer one is the client's keepalive to care for.
      if (idle !== undefined && idle >= LONG_ENOUGH_IDLE_S) continue;
      found.push(
        located(
          idle !== undefined
            ? finding('K8S_LOAD_BALANCER_IDLE_TIMEOUT', {
                service: service.name,
                seconds: String(idle),
                cloud: PHRASES.deployCloud[service.cloud ?? 'other'],
              })
            : finding('K8S_LOAD_BALANCER_IDLE_UNKNOWN', { service: service.name }),
          service.idleTimeoutS?.line ?? service.line,
        ),
      );
    }
  }
  return found;
}

function verdictOf(findings: DescribedFinding[], notChecked: NotChecked[]): Verdict {
  const unresolved = notChecked.length > 0;
  // Said as what was not checked: values left to the environment, files not read, or both.
  const why = [
    ...(notChecked.some((n) => n.check === 'variable') ? [PHRASES.deployUnresolvedWhy] : []),
    ...(notChecked.some((n) => n.check === 'config') ? [PHRASES.deployUnreadWhy] : []),
  ].join(PHRASES.deployAnd);
  const errors = findings.filter((f) => counts('deployment', f));
  const name = decideVerdict('deployment', { findings, open: unresolved });
  const summary = fill(AUDIT_VERDICTS[name], {
    codes: [...new Set(errors.map((f) => f.code))].join(', '),
    why,
  });
  return {
    verdict: name,
    label: VERDICTS[name].label,
    summary: name === 'failed' ? PHRASES.deployUnreachable : summary,
  };
}
