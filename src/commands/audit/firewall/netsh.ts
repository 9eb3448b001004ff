import { ConfigError } from '../config/config-errors.js';
import type { Ruleset } from './model.js';
import { mergeParts, windowsRuleset, type WindowsFirewallParts, type WindowsRule } from './windows-firewall.js';

/**
 * Windows Firewall, from saved netsh output (English):
 * `netsh advfirewall firewall show rule name=all verbose` (one block of
 * "Key: value" lines per rule, each starting with "Rule Name:"),
 * `netsh advfirewall show global` (its StatefulFTP line), and optionally
 * `netsh advfirewall show allprofiles` (each profile's State and Firewall
 * Policy); and the host's TCP ports: `netsh int ipv4 show dynamicport tcp`
 * and `netsh int ipv4 show excludedportrange protocol=tcp`, read by their
 * layout (two "label : number" lines; a table of start and end ports), which
 * does not change with Windows' language.
 */
function fields(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const match = /^([A-Za-z][A-Za-z ]*?):\s+(.*)$/.exec(line.trim());
    if (match) map.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  return map;
}

function portsOf(text: string, file: string): WindowsRule['localPorts'] {
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

function parseRules(text: string, file: string): WindowsRule[] {
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
      action: action as WindowsRule['action'],
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

/** One Windows Firewall from the netsh outputs given (rules, global settings, profiles), in any order. */
export function parseNetsh(files: Array<{ text: string; file: string }>): Ruleset {
  const parts = mergeParts(files.map(({ text, file }) => netshParts(text, file)));
  return windowsRuleset(parts, [...new Set(files.map((f) => f.file))].join(' + '), 'netsh');
}

/** What one netsh output tells: rules, StatefulFTP, profiles, or the host's dynamic and excluded TCP ports. */
export function netshParts(text: string, file: string): WindowsFirewallParts {
  const parts: WindowsFirewallParts = { rules: [], profiles: [] };
  let understood = false;
  if (/^Rule Name:/m.test(text)) {
    parts.rules.push(...parseRules(text, file));
    understood = true;
  }
  const stateful = /^StatefulFTP\s+(Enable|Disable|NotConfigured)/im.exec(text);
  if (stateful) {
    // NotConfigured leaves Windows' default, which is enabled.
    parts.statefulFtp = { on: !/^disable$/i.test(stateful[1]!), file };
    understood = true;
  }
  for (const profile of text.split(/^(?=\w+ Profile Settings:)/m).filter((p) => /^\w+ Profile Settings:/.test(p))) {
    const f = fields(profile);
    parts.profiles.push({
      profile: profile.split(' ')[0]!,
      on: !/^off$/i.test(f.get('state') ?? 'ON'),
      blockInbound: !/allowinbound/i.test(f.get('firewall policy') ?? 'BlockInbound'),
      policy: /allowinbound/i.test(f.get('firewall policy') ?? '') ? 'AllowInbound' : 'BlockInbound',
      file,
    });
    understood = true;
  }
  const dynamic = dynamicPortsOf(text);
  if (dynamic) {
    parts.dynamicPorts = dynamic;
    understood = true;
  }
  const excluded = excludedPortsOf(text);
  if (excluded) {
    parts.excludedPorts = excluded;
    understood = true;
  }
  if (!understood)
    throw new ConfigError(
      file,
      undefined,
      'expected netsh advfirewall output: "Rule Name:" blocks, a StatefulFTP line, or profile settings',
    );
  return parts;
}

/** `netsh int ipv4 show dynamicport tcp`: a "tcp" title, then exactly two "label : number" lines, the start and the count. */
function dynamicPortsOf(text: string): { low: number; high: number } | undefined {
  // The whole output is a title, a rule of dashes and the two lines: a rule listing has many more.
  if (!/\btcp\b/i.test(text) || text.split('\n').filter((line) => line.trim()).length > 6) return undefined;
  const numbers = [...text.matchAll(/^[^:\r\n]+:[ \t]*(\d+)[ \t]*\r?$/gm)].map((m) => Number(m[1]));
  if (numbers.length !== 2) return undefined;
  const [start, count] = numbers as [number, number];
  if (start < 1 || count < 1 || start + count - 1 > 65535) return undefined;
  return { low: start, high: start + count - 1 };
}

/** `netsh int ipv4 show excludedportrange protocol=tcp`: a dashed header, then "start end" lines (a "*" marks administered ones). */
function excludedPortsOf(text: string): Array<{ low: number; high: number }> | undefined {
  if (!/^[ \t]*-{4,}[ \t]+-{4,}[ \t]*\r?$/m.test(text)) return undefined;
  const ranges = [...text.matchAll(/^[ \t]*(\d{1,5})[ \t]+(\d{1,5})(?:[ \t]+\*)?[ \t]*\r?$/gm)]
    .map((m) => ({ low: Number(m[1]), high: Number(m[2]) }))
    .filter((r) => r.low >= 1 && r.low <= r.high && r.high <= 65535);
  return ranges;
}

/** Whether a saved file is netsh output rather than iptables-save or nft JSON. */
export function isNetshOutput(text: string): boolean {
  return (
    /^Rule Name:/m.test(text) ||
    /^StatefulFTP\s/im.test(text) ||
    /^\w+ Profile Settings:/m.test(text) ||
    dynamicPortsOf(text) !== undefined ||
    excludedPortsOf(text) !== undefined
  );
}
