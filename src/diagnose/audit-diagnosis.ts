import { classifyAddress, ipFamily, SCOPE_WORDS } from '../net/address.js';
import {
  AUDIT_KINDS,
  type AuditRecord,
  type Fact,
  type FactSource,
  type FirewallFamily,
  type ServerConfig,
} from '../record/audit-record.js';
import type { ServerSoftware } from '../protocol/software.js';
import { AUDIT_VERDICTS, VERDICTS } from './words/verdict-words.js';
import { CATALOGUE } from './findings/catalogue.js';
import { PHRASES } from './words/rule-phrases.js';
import { SOFTWARE_LABELS } from './words/report-lines.js';
import { fill } from './template.js';
import { describe } from './diagnose.js';
import { SEVERITY_ORDER, type DescribedFinding, type Finding } from './finding.js';
import { finding } from './rules/helpers.js';
import { counts, decideVerdict, type Verdict } from './verdict.js';

export interface AuditDiagnosis {
  findings: DescribedFinding[];
  verdict: Verdict;
  /** What was checked, what was not and why: "could not check" is never "ok". */
  checked: string[];
  notChecked: AuditRecord['notChecked'];
}

/** Ports of a large range evaluated one by one at most; the rest in blocks (a rule matches ranges, not single ports). */
const MAX_PORTS_LISTED = 12;

/** An audit's findings and verdict, from what was read. Pure: no I/O. */
export function diagnoseAudit(record: AuditRecord): AuditDiagnosis {
  const config = record.config;
  const found: Finding[] = [];
  const checked: string[] = [];
  const familiesChecked: string[] = [];
  if (config) {
    checked.push('the server configuration');
    found.push(...configRules(record, config));
  }
  if (record.configNotRunning) {
    const software = record.server ? SOFTWARE_LABELS[record.server.software] : 'server';
    found.push(
      finding('AUDIT_CONFIG_NOT_RUNNING', {
        file: record.configNotRunning.file,
        contradiction: record.configNotRunning.why,
        software,
      }),
    );
  }
  if (record.answers) {
    checked.push("the server's own passive replies");
    // No configuration was read: the address the server itself announced is all there is to check.
    if (!config && record.answers.address) found.push(...addressRules(record));
  }
  for (const family of record.firewall) {
    // A family the server does not listen on: its firewall cannot make this server's clients hang.
    // From the configuration, or else from the sockets the running server listens on.
    const sockets = record.server?.listening.flatMap((l) => (l.address === '::' ? [4, 6] : [ipFamily(l.address)]));
    const listens =
      (family.family === 4 ? config?.listenIpv4.value : config?.listenIpv6.value) ??
      (sockets ? sockets.includes(family.family) : undefined);
    if (listens === false) continue;
    checked.push(`the IPv${family.family} firewall`);
    familiesChecked.push(String(family.family));
    found.push(...firewallRules(record, family));
  }
  found.push(...ipv6Rules(record));
  mergeFamilies(found);
  const id = config?.software ?? record.server?.software;
  const software: ServerSoftware = id
    ? { id, name: SOFTWARE_LABELS[id] }
    : { id: 'unknown', name: 'unknown server software' };
  if (
    checked.length > 0 &&
    found.every((f) => severityOf(f) === 'info') &&
    !record.notChecked.some((n) => n.check === 'config-part')
  ) {
    found.push(finding('AUDIT_ALL_CHECKS_OK', { checked: checked.join(', ') }));
  }
  const findings = found
    .map((f) => describe(f, software))
    .sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]);
  const verdict = auditVerdict(findings, checked.length, familiesChecked, record);
  return { findings, verdict, checked, notChecked: record.notChecked };
}

/** One finding for both families where they say the same (one Windows Firewall for IPv4 and IPv6, one nftables inet table with the same fix). */
function mergeFamilies(found: Finding[]): void {
  for (let i = found.length - 1; i > 0; i -= 1) {
    const later = found[i]!;
    if (!later.params.family) continue;
    const same = (a: Finding): boolean =>
      a.code === later.code &&
      a.severity === later.severity &&
      a.params.family !== later.params.family &&
      Object.keys(a.params).every((key) => key === 'family' || a.params[key] === later.params[key]);
    const twin = found.slice(0, i).find(same);
    if (!twin) continue;
    twin.params = { ...twin.params, family: `${twin.params.family} and IPv${later.params.family}` };
    found.splice(i, 1);
  }
}

function severityOf(f: Finding): string {
  return f.severity ?? CATALOGUE[f.code].severity;
}

/**
 * failed: no client could reach the server as configured (the control port blocked in every family checked);
 * degraded: something at warning or above; inconclusive: nothing could be checked, or part of the configuration was not read; ok otherwise.
 */
function auditVerdict(findings: DescribedFinding[], checks: number, families: string[], record: AuditRecord): Verdict {
  // Part of the configuration unread: what was read cannot vouch for the rest, so never ok.
  const partUnread = record.notChecked.some((n) => n.check === 'config-part');
  const name = decideVerdict('audit', { findings, places: families, nothingChecked: checks === 0, open: partUnread });
  const summary = fill(AUDIT_VERDICTS[name], {
    codes: [...new Set(findings.filter((f) => counts('audit', f)).map((f) => f.code))].join(', '),
    why: record.notChecked.map((n) => n.why).join('; '),
  });
  return { verdict: name, label: VERDICTS[name].label, summary };
}

function where(source: FactSource): string {
  if (source.kind === 'file')
    return `${source.file}${source.line ? `:${source.line}` : ''}${source.text ? `: ${source.text}` : ''}`;
  if (source.kind === 'default') return `${source.file ? `${source.file}: ` : ''}${source.text}`;
  return `${source.kind === 'server' ? 'the server answered' : 'the host'}: ${source.text}`;
}

function fileOf(config: ServerConfig): string {
  return config.files[0] ?? 'the configuration';
}

/** Ports of the passive range that Windows reserves (excluded port ranges): no server may listen on them. */
function excludedPortRules(record: AuditRecord, config: ServerConfig, range: { low: number; high: number }): Finding[] {
  const excluded = (record.host.excludedPorts ?? []).filter((r) => r.low <= range.high && r.high >= range.low);
  if (excluded.length === 0) return [];
  const size = range.high - range.low + 1;
  const taken = new Set<number>();
  for (const r of excluded)
    for (let port = Math.max(r.low, range.low); port <= Math.min(r.high, range.high); port += 1) taken.add(port);
  const values = {
    passiveRange: `${range.low}-${range.high}`,
    excluded: excluded.map((r) => (r.low === r.high ? String(r.low) : `${r.low}-${r.high}`)).join(', '),
    software: SOFTWARE_LABELS[config.software],
    low: String(range.low),
    size: String(size),
  };
  if (taken.size === size) return [finding('AUDIT_PASSIVE_RANGE_EXCLUDED', values)];
  return [
    finding('AUDIT_PASSIVE_RANGE_PARTLY_EXCLUDED', {
      ...values,
      excludedCount: String(taken.size),
      usable: String(size - taken.size),
    }),
  ];
}

function configRules(record: AuditRecord, config: ServerConfig): Finding[] {
  const found: Finding[] = [];
  const software = SOFTWARE_LABELS[config.software];
  const file = fileOf(config);
  const range = config.passiveRange;
  if (!range)
    found.push(
      finding('AUDIT_NO_PASSIVE_RANGE', {
        software,
        where: `${file}: not set`,
        file,
        ...suggestedRange(
          record.host.ephemeralRange ??
            (AUDIT_KINDS[config.software].host === 'windows' ? WINDOWS_DYNAMIC_PORTS : undefined),
        ),
      }),
    );
  found.push(...addressRules(record, config));
  if (config.allowedClients)
    found.push(
      finding('AUDIT_CLIENTS_RESTRICTED', {
        allowed: config.allowedClients.value.join(', ') || PHRASES.auditNoneListed,
        where: where(config.allowedClients.source),
      }),
    );
  if (config.portPromiscuous?.value)
    found.push(
      finding('AUDIT_PORT_PROMISCUOUS', {
        setting: config.portPromiscuous.source.kind === 'file' ? (config.portPromiscuous.source.text ?? '') : '',
        where: where(config.portPromiscuous.source),
      }),
    );
  if (config.pasvPromiscuous?.value)
    found.push(
      finding('AUDIT_PASV_PROMISCUOUS', {
        setting: config.pasvPromiscuous.source.kind === 'file' ? (config.pasvPromiscuous.source.text ?? '') : '',
        where: where(config.pasvPromiscuous.source),
      }),
    );
  if (range) {
    const { low, high } = range.value;
    const ephemeral = record.host.ephemeralRange;
    const rangeText = `${low}-${high}`;
    if (ephemeral && low <= ephemeral.high && high >= ephemeral.low) {
      found.push(
        finding('AUDIT_RANGE_OVERLAPS_EPHEMERAL', {
          passiveRange: rangeText,
          ephemeral: `${ephemeral.low}-${ephemeral.high}`,
          rangeDash: rangeText,
        }),
      );
    }
    found.push(...excludedPortRules(record, config, range.value));
    const clients = config.maxClients;
    if (clients && high - low + 1 < clients.value) {
      found.push(
        finding('AUDIT_RANGE_SMALL', {
          size: String(high - low + 1),
          clients: String(clients.value),
          passiveRange: rangeText,
          where: where(clients.source),
        }),
      );
    }
  }
  return found;
}

/** The rule that allows new connections to these ports, for the firewall the server's platform has. */
/**
 * The address 227 replies carry: the configured external address, or else the one the server itself announced.
 * Without a configuration, the server announcing one of this host's own private addresses means none is set.
 */
function addressRules(record: AuditRecord, config?: ServerConfig): Finding[] {
  const id = config?.software ?? record.server?.software;
  const software = id ? SOFTWARE_LABELS[id] : PHRASES.auditServerUnknown;
  const file = config ? fileOf(config) : PHRASES.auditConfigUnread;
  const publicAddress = record.publicAddress ?? PHRASES.publicAddressUnknown;
  const announced = record.answers?.address;
  const answered: Fact<string> | undefined = announced
    ? { value: announced, source: { kind: 'server', text: `227 names ${announced}` } }
    : undefined;
  const usable = record.host.addresses.filter(
    (address) => ipFamily(address) === 4 && classifyAddress(address).scope !== 'loopback',
  );
  const onlyPrivate = usable.length > 0 && usable.every((address) => classifyAddress(address).scope !== 'public');
  const ownPrivateAnswer = !config && onlyPrivate && announced !== undefined && usable.includes(announced);
  const external = ownPrivateAnswer ? undefined : (config?.externalAddress ?? answered);
  if (!external)
    return onlyPrivate
      ? [finding('AUDIT_NO_EXTERNAL_ADDRESS', { software, addresses: usable.join(', '), publicAddress, file })]
      : [];
  const values = { external: external.value, where: where(external.source), publicAddress };
  if (config?.externalAddressIsName || ipFamily(external.value) === 0)
    return [finding('AUDIT_EXTERNAL_ADDRESS_IS_NAME', values)];
  if (classifyAddress(external.value).scope !== 'public')
    return [
      finding('AUDIT_EXTERNAL_ADDRESS_PRIVATE', {
        ...values,
        scope: SCOPE_WORDS[classifyAddress(external.value).scope],
      }),
    ];
  if (record.publicAddress && record.publicAddress !== external.value)
    return [finding('AUDIT_EXTERNAL_ADDRESS_MISMATCH', values)];
  return [];
}

/** The rule that lets the ports in, for the firewall that was read: netsh on Windows, nft for an nftables chain, else iptables. */
function allowCommand(
  family: 4 | 6,
  ports: string,
  software: ServerConfig['software'] | undefined,
  blockingRule = '',
): string {
  if (software && AUDIT_KINDS[software].host === 'windows')
    return `New-NetFirewallRule -DisplayName "FTP ${ports.replace(':', '-')}" -Direction Inbound -Action Allow -Protocol TCP -LocalPort ${ports.replace(':', '-')}`;
  // An nftables chain is named "family table chain: rule"; iptables would add its rule to another table, which this chain still drops after.
  const chain = /^(ip|ip6|inet) (\S+) (\S+): /.exec(blockingRule);
  if (chain)
    return `nft insert rule ${chain[1]} ${chain[2]} ${chain[3]} tcp dport ${ports.includes(':') ? ports.replace(':', '-') : ports} ct state new accept`;
  return `${family === 6 ? 'ip6tables' : 'iptables'} -I INPUT -p tcp ${ports.includes(':') ? '-m multiport --dports' : '--dport'} ${ports} -m conntrack --ctstate NEW -j ACCEPT`;
}

function firewallRules(record: AuditRecord, fw: FirewallFamily): Finding[] {
  const found: Finding[] = [];
  const port = String(record.config?.controlPort.value ?? 21);
  if (fw.control.verdict !== 'accept') {
    found.push(
      finding('AUDIT_CONTROL_PORT_BLOCKED', {
        port,
        family: String(fw.family),
        rule: fw.control.rule,
        verdictWords: fw.control.verdict === 'drop' ? 'drops' : 'rejects',
        allowCommand: allowCommand(fw.family, port, record.config?.software, fw.control.rule),
      }),
    );
  }
  // The configured range, or else the ports the server itself handed out when asked.
  const observed = record.answers?.ports.length
    ? { low: Math.min(...record.answers.ports), high: Math.max(...record.answers.ports) }
    : undefined;
  const range =
    record.config?.passiveRange ??
    (observed
      ? {
          value: observed,
          source: { kind: 'server', text: `it handed out ports ${[...new Set(record.answers!.ports)].join(', ')}` },
        }
      : undefined);
  if (range && fw.passive && fw.passive.length > 0) {
    const { low, high } = range.value;
    const rangeText = `${low}-${high}`;
    // RELATED happens only where a rule attaches the FTP helper: without one, "RELATED only" is blocked.
    const viaHelper = (p: { verdict: string; relatedRule?: string }): boolean =>
      p.verdict !== 'accept' && p.relatedRule !== undefined && fw.ftpHelperAttached;
    const blocked = fw.passive.filter((p) => p.verdict !== 'accept' && !viaHelper(p));
    const helperOnly = fw.passive.filter(viaHelper);
    if (blocked.length > 0) {
      found.push(
        finding('AUDIT_PASSIVE_RANGE_BLOCKED', {
          blockedPorts: blocked.length === fw.passive.length ? PHRASES.auditAllPorts : portList(blocked),
          passiveRange: rangeText,
          rangeColon: `${low}:${high}`,
          family: String(fw.family),
          where: where(range.source),
          rule: blocked[0]!.rule,
          allowCommand: allowCommand(fw.family, `${low}:${high}`, record.config?.software, blocked[0]!.rule),
        }),
      );
    } else if (helperOnly.length > 0) {
      const tls = record.config?.tlsEnabled?.value === true;
      const helperFinding = finding('AUDIT_PASSIVE_RANGE_HELPER_ONLY', {
        family: String(fw.family),
        rule: helperOnly[0]!.relatedRule ?? helperOnly[0]!.rule,
        tlsHint: tls ? PHRASES.auditTlsOn.replace('{where}', where(record.config!.tlsEnabled!.source)) : '',
        allowCommand: allowCommand(
          fw.family,
          `${low}:${high}`,
          record.config?.software,
          helperOnly[0]!.relatedRule ?? helperOnly[0]!.rule,
        ),
      });
      found.push(tls ? { ...helperFinding, severity: 'error' } : helperFinding);
    }
  }
  return found;
}

/** A family whose firewall blocks what the other allows, and a server that does not listen on IPv6 on a host that has it. */
function ipv6Rules(record: AuditRecord): Finding[] {
  const found: Finding[] = [];
  const v4 = record.firewall.find((f) => f.family === 4);
  const v6 = record.firewall.find((f) => f.family === 6);
  const config = record.config;
  if (v4 && v6 && config?.listenIpv6.value) {
    const port = String(config.controlPort.value);
    if (v4.control.verdict === 'accept' && v6.control.verdict !== 'accept')
      found.push(
        finding('AUDIT_IPV6_FIREWALL_MISSES', { what: `TCP ${port} (the control port)`, rule: v6.control.rule }),
      );
    const open = (fw: FirewallFamily): boolean => (fw.passive ?? []).every((p) => p.verdict === 'accept');
    if (config.passiveRange && v4.passive && v6.passive && open(v4) && !open(v6)) {
      const { low, high } = config.passiveRange.value;
      found.push(
        finding('AUDIT_IPV6_FIREWALL_MISSES', {
          what: `the passive range ${low}-${high}`,
          rule: v6.passive.find((p) => p.verdict !== 'accept')?.rule ?? '',
        }),
      );
    }
  }
  const global6 = record.host.addresses.filter(
    (address) => ipFamily(address) === 6 && classifyAddress(address).scope === 'public',
  );
  if (config && !config.listenIpv6.value && global6.length > 0) {
    found.push(
      finding('AUDIT_NO_IPV6_LISTENER', {
        software: SOFTWARE_LABELS[config.software],
        addresses6: global6.join(', '),
        where: where(config.listenIpv6.source),
        file: fileOf(config),
      }),
    );
  }
  return found;
}

function portList(stretches: Array<{ low: number; high: number }>): string {
  const runs = stretches.map((s) => (s.low === s.high ? String(s.low) : `${s.low}-${s.high}`));
  return runs.length > MAX_PORTS_LISTED ? `${runs.slice(0, MAX_PORTS_LISTED).join(', ')}, …` : runs.join(', ');
}

/** Windows' dynamic (ephemeral) port range since Vista and Server 2008. */
const WINDOWS_DYNAMIC_PORTS = { low: 49152, high: 65535 };

/** The passive range the audit suggests: 100 ports outside the host's ephemeral range, so that its own advice passes its own check. */
export function suggestedRange(ephemeral: { low: number; high: number } | undefined): { low: string; high: string } {
  // Linux's default ephemeral range is 32768-60999: just above it is free of outgoing connections.
  const { low, high } = ephemeral ?? { low: 32768, high: 60999 };
  if (high + 101 <= 65535) return { low: String(high + 1), high: String(high + 101) };
  if (low - 101 >= 1024) return { low: String(low - 101), high: String(low - 1) };
  return { low: '50000', high: '50100' };
}
