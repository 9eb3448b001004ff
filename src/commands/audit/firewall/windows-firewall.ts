import type { FirewallVerdict } from '../../../record/audit-record.js';
import type { Packet, Ruleset } from './model.js';

/**
 * Windows Firewall as the audit models it, whichever way it was saved
 * (netsh text or PowerShell JSON): its inbound rules, the StatefulFTP setting
 * and each profile's state and default inbound action. A block rule wins over
 * an allow rule; StatefulFTP plays the conntrack FTP helper's part, and is as
 * blind under TLS. Without the profiles, Windows' default applies: inbound
 * blocked.
 */
export interface WindowsRule {
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

export interface WindowsProfile {
  profile: string;
  on: boolean;
  blockInbound: boolean;
  /** The default inbound action as the file said it (NotConfigured blocks). */
  policy: string;
  file: string;
}

/** What one saved file told of the firewall and of the host's TCP ports; the parts combine across files. */
export interface WindowsFirewallParts {
  rules: WindowsRule[];
  statefulFtp?: { on: boolean; file: string };
  profiles: WindowsProfile[];
  /** Windows' dynamic TCP port range (`netsh int ipv4 show dynamicport tcp`, Get-NetTCPSetting). */
  dynamicPorts?: { low: number; high: number };
  /** Ranges reserved from binding (`netsh int ipv4 show excludedportrange protocol=tcp`): Hyper-V and WinNAT take these. */
  excludedPorts?: Array<{ low: number; high: number }>;
}

/**
 * Whether a rule's program and service scope can cover an FTP server: any
 * program, the service host IIS's ftpsvc runs in (for any service or ftpsvc),
 * or FileZilla Server. A rule for one other program (javaw.exe) decides
 * nothing for the FTP server's ports.
 */
function scopedToFtpServer(rule: WindowsRule): boolean {
  const service = rule.service.toLowerCase();
  if (service !== 'any' && service !== 'ftpsvc') return false;
  const program = rule.program.toLowerCase();
  return program === 'any' || /\\svchost\.exe$/.test(program) || program === 'svchost.exe' || /filezilla/.test(program);
}

function describeRule(rule: WindowsRule): string {
  const ports =
    rule.localPorts === 'any'
      ? 'Any'
      : rule.localPorts === 'other'
        ? 'other'
        : rule.localPorts.map((r) => (r.low === r.high ? String(r.low) : `${r.low}-${r.high}`)).join(',');
  const scope = `${rule.program !== 'Any' ? `, Program: ${rule.program}` : ''}${rule.service !== 'Any' ? `, Service: ${rule.service}` : ''}`;
  return `Rule Name: ${rule.name} (Action: ${rule.action === 'block' ? 'Block' : 'Allow'}, Protocol: ${rule.protocol}, LocalPort: ${ports}, Profiles: ${rule.profiles}${scope})`;
}

/** Several files' parts as one: rules add up, the last StatefulFTP and port ranges given win. */
export function mergeParts(parts: WindowsFirewallParts[]): WindowsFirewallParts {
  const merged: WindowsFirewallParts = { rules: [], profiles: [] };
  for (const part of parts) {
    merged.rules.push(...part.rules);
    merged.profiles.push(...part.profiles);
    if (part.statefulFtp) merged.statefulFtp = part.statefulFtp;
    if (part.dynamicPorts) merged.dynamicPorts = part.dynamicPorts;
    if (part.excludedPorts) merged.excludedPorts = [...(merged.excludedPorts ?? []), ...part.excludedPorts];
  }
  return merged;
}

/** How each way of saving the firewall names its settings, so that a verdict quotes what the admin ran. */
const DIALECTS = {
  netsh: {
    allOff: 'Windows Firewall is off in every profile (netsh advfirewall show allprofiles)',
    allAllow: 'the default inbound policy of every profile is AllowInbound',
    blocking: "the {profile} profile's default inbound policy ({policy})",
    unknown:
      "Windows Firewall's default inbound policy (BlockInbound; give `netsh advfirewall show allprofiles` output to read it)",
    stateful: 'StatefulFTP Enable (netsh advfirewall show global)',
  },
  powershell: {
    allOff: 'Windows Firewall is off in every profile (Get-NetFirewallProfile: Enabled False)',
    allAllow: 'the DefaultInboundAction of every profile is Allow (Get-NetFirewallProfile)',
    blocking: "the {profile} profile's DefaultInboundAction ({policy})",
    unknown: "Windows Firewall's default inbound action (Block; the profiles were not in the file)",
    stateful: 'EnableStatefulFtp True (Get-NetFirewallSetting)',
  },
} as const;
export type WindowsDialect = keyof typeof DIALECTS;

/** One Windows Firewall from its parts; `dialect` is how it was saved, for the words its verdicts quote. */
export function windowsRuleset(parts: WindowsFirewallParts, source: string, dialect: WindowsDialect): Ruleset {
  const { rules, statefulFtp, profiles } = parts;
  const words = DIALECTS[dialect];
  const applicable = (rule: WindowsRule, port: number): boolean =>
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
    if (profiles.length > 0 && profiles.every((p) => !p.on)) return { verdict: 'accept', rule: words.allOff };
    const blocking = profiles.find((p) => p.on && p.blockInbound);
    if (profiles.length > 0 && !blocking) return { verdict: 'accept', rule: words.allAllow };
    return {
      verdict: 'drop',
      rule: blocking
        ? words.blocking.replace('{profile}', blocking.profile).replace('{policy}', blocking.policy)
        : words.unknown,
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
      if (packet.state === 'related' && statefulFtp?.on) return { verdict: 'accept', rule: words.stateful };
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
