import type { FirewallVerdict } from '../../../record/audit.js';
import { ConfigError } from '../config/errors.js';
import type { Packet, Ruleset } from './model.js';

/**
 * Windows Firewall, from saved netsh output (English):
 * `netsh advfirewall firewall show rule name=all verbose` (one block of
 * "Key: value" lines per rule, each starting with "Rule Name:"),
 * `netsh advfirewall show global` (its StatefulFTP line), and optionally
 * `netsh advfirewall show allprofiles` (each profile's State and Firewall
 * Policy). Without the profiles, Windows' default applies: inbound blocked.
 * A block rule wins over an allow rule; StatefulFTP plays the conntrack FTP
 * helper's part, and is as blind under TLS.
 */
interface NetshRule {
  name: string;
  enabled: boolean;
  inbound: boolean;
  action: 'allow' | 'block' | 'bypass';
  protocol: string;
  localPorts: Array<{ low: number; high: number }> | 'any' | 'other';
  remoteAny: boolean;
  localAny: boolean;
  profiles: string;
  /** The program and service the rule is limited to ("Any" when it is not). */
  program: string;
  service: string;
}

/**
 * Whether a rule's program and service scope can cover an FTP server: any
 * program, the service host IIS's ftpsvc runs in (for any service or ftpsvc),
 * or FileZilla Server. A rule for one other program (javaw.exe) decides
 * nothing for the FTP server's ports.
 */
function scopedToFtpServer(rule: NetshRule): boolean {
  const service = rule.service.toLowerCase();
  if (service !== 'any' && service !== 'ftpsvc') return false;
  const program = rule.program.toLowerCase();
  return program === 'any' || /\\svchost\.exe$/.test(program) || program === 'svchost.exe' || /filezilla/.test(program);
}

function fields(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const match = /^([A-Za-z][A-Za-z ]*?):\s+(.*)$/.exec(line.trim());
    if (match) map.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  return map;
}

function portsOf(text: string, file: string): NetshRule['localPorts'] {
  if (/^any$/i.test(text)) return 'any';
  const ranges: Array<{ low: number; high: number }> = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    // Keywords (RPC, RPC-EPMap, IPHTTPS, Teredo, PlayToDiscovery) are not TCP port numbers an FTP client reaches.
    if (!match) continue;
    const low = Number(match[1]);
    const high = Number(match[2] ?? match[1]);
    if (low > high || high > 65535) throw new ConfigError(file, undefined, `LocalPort ${part} is not a port range`);
    ranges.push({ low, high });
  }
  return ranges.length > 0 ? ranges : 'other';
}

function parseRules(text: string, file: string): NetshRule[] {
  const blocks = text.split(/^(?=Rule Name:)/m).filter((b) => /^Rule Name:/.test(b));
  return blocks.map((block) => {
    const f = fields(block);
    const action = (f.get('action') ?? '').toLowerCase();
    if (!['allow', 'block', 'bypass'].includes(action))
      throw new ConfigError(
        file,
        undefined,
        `rule "${f.get('rule name')}" has no Action: Allow or Block (is this \`netsh advfirewall firewall show rule name=all verbose\` output?)`,
      );
    return {
      name: f.get('rule name') ?? '?',
      enabled: /^yes$/i.test(f.get('enabled') ?? 'yes'),
      inbound: /^in$/i.test(f.get('direction') ?? ''),
      action: action as NetshRule['action'],
      protocol: (f.get('protocol') ?? 'Any').toUpperCase(),
      localPorts: portsOf(f.get('localport') ?? 'Any', file),
      remoteAny: /^any$/i.test(f.get('remoteip') ?? 'Any'),
      localAny: /^any$/i.test(f.get('localip') ?? 'Any'),
      profiles: f.get('profiles') ?? 'Domain,Private,Public',
      program: f.get('program') ?? 'Any',
      service: f.get('service') ?? 'Any',
    };
  });
}

function describeRule(rule: NetshRule): string {
  const ports =
    rule.localPorts === 'any'
      ? 'Any'
      : rule.localPorts === 'other'
        ? 'other'
        : rule.localPorts.map((r) => (r.low === r.high ? String(r.low) : `${r.low}-${r.high}`)).join(',');
  const scope = `${rule.program !== 'Any' ? `, Program: ${rule.program}` : ''}${rule.service !== 'Any' ? `, Service: ${rule.service}` : ''}`;
  return `Rule Name: ${rule.name} (Action: ${rule.action === 'block' ? 'Block' : 'Allow'}, Protocol: ${rule.protocol}, LocalPort: ${ports}, Profiles: ${rule.profiles}${scope})`;
}

/** One Windows Firewall from the netsh outputs given (rules, global settings, profiles), in any order. */
export function parseNetsh(files: Array<{ text: string; file: string }>): Ruleset {
  const rules: NetshRule[] = [];
  let statefulFtp: { on: boolean; file: string } | undefined;
  const policies: Array<{ profile: string; on: boolean; blockInbound: boolean; file: string }> = [];
  for (const { text, file } of files) {
    let understood = false;
    if (/^Rule Name:/m.test(text)) {
      rules.push(...parseRules(text, file));
      understood = true;
    }
    const stateful = /^StatefulFTP\s+(Enable|Disable|NotConfigured)/im.exec(text);
    if (stateful) {
      // NotConfigured leaves Windows' default, which is enabled.
      statefulFtp = { on: !/^disable$/i.test(stateful[1]!), file };
      understood = true;
    }
    for (const profile of text.split(/^(?=\w+ Profile Settings:)/m).filter((p) => /^\w+ Profile Settings:/.test(p))) {
      const f = fields(profile);
      policies.push({
        profile: profile.split(' ')[0]!,
        on: !/^off$/i.test(f.get('state') ?? 'ON'),
        blockInbound: !/allowinbound/i.test(f.get('firewall policy') ?? 'BlockInbound'),
        file,
      });
      understood = true;
    }
    if (!understood)
      throw new ConfigError(
        file,
        undefined,
        'expected netsh advfirewall output: "Rule Name:" blocks, a StatefulFTP line, or profile settings',
      );
  }
  const source = [...new Set(files.map((f) => f.file))].join(' + ');
  const applicable = (rule: NetshRule, port: number): boolean =>
    rule.enabled &&
    rule.inbound &&
    (rule.protocol === 'TCP' || rule.protocol === 'ANY') &&
    // A rule for some remote or local addresses only decides nothing for a client from anywhere.
    rule.remoteAny &&
    rule.localAny &&
    scopedToFtpServer(rule) &&
    (rule.localPorts === 'any' ||
      (rule.localPorts !== 'other' && rule.localPorts.some((r) => port >= r.low && port <= r.high)));
  const defaultVerdict = (): FirewallVerdict => {
    if (policies.length > 0 && policies.every((p) => !p.on))
      return {
        verdict: 'accept',
        rule: 'Windows Firewall is off in every profile (netsh advfirewall show allprofiles)',
      };
    const blocking = policies.find((p) => p.on && p.blockInbound);
    if (policies.length > 0 && !blocking)
      return { verdict: 'accept', rule: 'the default inbound policy of every profile is AllowInbound' };
    return {
      verdict: 'drop',
      rule: blocking
        ? `the ${blocking.profile} profile's default inbound policy (BlockInbound)`
        : "Windows Firewall's default inbound policy (BlockInbound; give `netsh advfirewall show allprofiles` output to read it)",
    };
  };
  return {
    source,
    families: [4, 6],
    evaluate(packet: Packet): FirewallVerdict {
      const matching = rules.filter((rule) => applicable(rule, packet.port));
      const block = matching.find((rule) => rule.action === 'block');
      if (block) return { verdict: 'drop', rule: describeRule(block) };
      const allow = matching.find((rule) => rule.action !== 'block');
      if (allow) return { verdict: 'accept', rule: describeRule(allow) };
      if (packet.state === 'related' && statefulFtp?.on)
        return { verdict: 'accept', rule: 'StatefulFTP Enable (netsh advfirewall show global)' };
      return defaultVerdict();
    },
    // The stateful FTP filter watches FTP on port 21.
    attachesFtpHelper: (port: number) => statefulFtp?.on === true && port === 21,
    forwardsPort: () => undefined,
    portBreakpoints: () =>
      rules.flatMap((rule) =>
        Array.isArray(rule.localPorts) ? rule.localPorts.flatMap((r) => [r.low, r.high + 1]) : [],
      ),
  };
}

/** Whether a saved file is netsh output rather than iptables-save or nft JSON. */
export function isNetshOutput(text: string): boolean {
  return /^Rule Name:/m.test(text) || /^StatefulFTP\s/im.test(text) || /^\w+ Profile Settings:/m.test(text);
}
