import { ConfigError } from '../config/config-errors.js';
import type { WindowsFirewallParts, WindowsRule } from './windows-firewall.js';

/**
 * Windows Firewall from PowerShell's JSON (docs/windows.md gives the exact
 * command): Get-NetFirewallRule joined with its port, address, application
 * and service filters, Get-NetFirewallProfile, Get-NetFirewallSetting and
 * Get-NetTCPSetting, from the active policy store, through ConvertTo-Json.
 * Unlike netsh text it does not depend on Windows' language. Enumerations are
 * read as PowerShell names them ([string] casts in the command) or as their
 * CIM numbers, which is what ConvertTo-Json writes without the casts.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The document's own mark, written by the documented command, so that a file is not mistaken for nft's JSON. */
export const WINDOWS_FIREWALL_FORMAT = 'ftp-doctor windows-firewall 1';

/** MSFT_NetFirewallRule: Enabled 1 True, 2 False; Direction 1 Inbound, 2 Outbound; Action 2 Allow, 3 AllowBypass, 4 Block. */
const RULE_ENUMS = {
  enabled: { '1': 'true', '2': 'false' },
  direction: { '1': 'inbound', '2': 'outbound' },
  action: { '2': 'allow', '3': 'allowbypass', '4': 'block' },
} as const;
/** GpoBoolean 0 False, 1 True, 2 NotConfigured; Action (DefaultInboundAction) 0 NotConfigured, 2 Allow, 4 Block. */
const GPO_BOOLEAN: Record<string, string> = { '0': 'false', '1': 'true', '2': 'notconfigured' };
const DEFAULT_ACTION: Record<string, string> = { '0': 'notconfigured', '2': 'allow', '4': 'block' };
/** MSFT_NetProtocolPortFilter's Protocol: a name or an IANA number (6 is TCP). */
const PROTOCOLS: Record<string, string> = { '6': 'TCP', '17': 'UDP' };

/** Whether a saved file is this JSON: the documented command's mark, or an array of rule objects. */
export function isWindowsFirewallJson(text: string): boolean {
  const start = text.trimStart();
  if (!start.startsWith('{') && !start.startsWith('[')) return false;
  return text.includes(WINDOWS_FIREWALL_FORMAT) || /"DisplayName"\s*:/.test(text.slice(0, 4096));
}

export function windowsJsonParts(text: string, file: string): WindowsFirewallParts {
  let document: Json;
  try {
    document = JSON.parse(text) as Json;
  } catch (error) {
    throw new ConfigError(file, undefined, `expected PowerShell's JSON of the firewall (${(error as Error).message})`);
  }
  // Only the rules piped to ConvertTo-Json: an array of them (or one rule, which PowerShell writes without the array).
  const whole = isObject(document) && 'rules' in document ? document : { rules: document };
  const rules = listOf(whole.rules ?? null).map((rule, index) => ruleOf(rule, index, file));
  const parts: WindowsFirewallParts = {
    rules,
    profiles: listOf(whole.profiles ?? null).map((profile) => profileOf(profile, file)),
  };
  const stateful = text1(whole.enableStatefulFtp);
  // NotConfigured leaves Windows' default, which is enabled.
  if (stateful) parts.statefulFtp = { on: word(stateful, GPO_BOOLEAN) !== 'false', file };
  const start = Number(text1(whole.dynamicPortStart));
  const count = Number(text1(whole.dynamicPortCount));
  if (Number.isInteger(start) && Number.isInteger(count) && start >= 1 && count >= 1 && start + count - 1 <= 65535)
    parts.dynamicPorts = { low: start, high: start + count - 1 };
  return parts;
}

function ruleOf(value: Json, index: number, file: string): WindowsRule {
  if (!isObject(value)) throw new ConfigError(file, undefined, `rule ${index + 1} is not an object`);
  const name = text1(value.DisplayName) ?? text1(value.Name) ?? `rule ${index + 1}`;
  const action = word(text1(value.Action) ?? '', RULE_ENUMS.action);
  if (!['allow', 'allowbypass', 'block'].includes(action))
    throw new ConfigError(file, undefined, `rule "${name}" has no Action Allow or Block`);
  return {
    name,
    enabled: word(text1(value.Enabled) ?? 'true', RULE_ENUMS.enabled) === 'true',
    inbound: word(text1(value.Direction) ?? '', RULE_ENUMS.direction) === 'inbound',
    action: action === 'block' ? 'block' : action === 'allow' ? 'allow' : 'bypass',
    protocol: protocolOf(text1(value.Protocol) ?? 'Any'),
    localPorts: portsOf(
      listOf(value.LocalPort ?? 'Any').map((p) => text1(p) ?? ''),
      name,
      file,
    ),
    remoteAny: anyOf(value.RemoteAddress),
    localAny: anyOf(value.LocalAddress),
    profiles: text1(value.Profile) ?? 'Any',
    program: text1(value.Program) ?? 'Any',
    service: text1(value.Service) ?? 'Any',
  };
}

function profileOf(value: Json, file: string): WindowsFirewallParts['profiles'][number] {
  if (!isObject(value)) throw new ConfigError(file, undefined, 'a profile is not an object');
  const enabled = word(text1(value.Enabled) ?? 'true', GPO_BOOLEAN);
  const inbound = word(text1(value.DefaultInboundAction) ?? 'notconfigured', DEFAULT_ACTION);
  return {
    profile: text1(value.Name) ?? '?',
    // NotConfigured leaves Windows' defaults: the profile on, inbound blocked.
    on: enabled !== 'false',
    blockInbound: inbound !== 'allow',
    policy: inbound === 'allow' ? 'Allow' : inbound === 'block' ? 'Block' : 'NotConfigured, which blocks',
    file,
  };
}

function portsOf(values: string[], rule: string, file: string): WindowsRule['localPorts'] {
  if (values.some((v) => /^any$/i.test(v.trim()))) return 'any';
  const ranges: Array<{ low: number; high: number }> = [];
  for (const part of values.flatMap((v) => v.split(',')).map((p) => p.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    // Keywords (RPC, RPCEPMap, IPHTTPSIn, Teredo, PlayToDiscovery) are not TCP port numbers an FTP client reaches.
    if (!match) continue;
    const low = Number(match[1]);
    const high = Number(match[2] ?? match[1]);
    if (low > high || high > 65535)
      throw new ConfigError(file, undefined, `rule "${rule}": LocalPort ${part} is not a port range`);
    ranges.push({ low, high });
  }
  return ranges.length > 0 ? ranges : 'other';
}

function protocolOf(value: string): string {
  return PROTOCOLS[value] ?? value.toUpperCase();
}

function anyOf(value: Json | undefined): boolean {
  const values = listOf(value ?? 'Any').map((v) => text1(v) ?? '');
  return values.length === 0 || values.some((v) => /^any$/i.test(v.trim()));
}

function word(value: string, numbers: Record<string, string>): string {
  return numbers[value] ?? value.toLowerCase();
}

function text1(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function listOf(value: Json): Json[] {
  if (value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
