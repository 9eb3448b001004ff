import { AUDIT_NOT_CHECKED } from '../../diagnose/words/audit-words.js';
import { PHRASES } from '../../diagnose/words/rule-phrases.js';
import { fill } from '../../diagnose/template.js';
/** Builds an audit record from the live system and the files given: what was read, and what could not be. Read only. */
import {
  AUDIT_KINDS,
  type AuditRecord,
  type AuditSoftware,
  type FirewallFamily,
  type NotChecked,
  type ServerConfig,
} from '../../record/audit-record.js';
import { ConfigError, type ConfigReader } from './config/config-errors.js';
import { kindOfFile, PACKAGE_DEFAULT_PATHS, readFile, SERVER_KINDS, type DefaultPaths } from './kinds.js';
import { isWindowsFirewallFile, readWindowsFirewall } from './firewall/windows.js';
import { FIREWALL_SCRIPT, powershellArguments } from './firewall/windows-powershell.js';
import type { WindowsFirewallParts } from './firewall/windows-firewall.js';
import { parseIptablesSave } from './firewall/iptables-save.js';
import { combine, stretches, type Ruleset } from './firewall/model.js';
import { parseNftJson } from './firewall/nft-json.js';
import {
  ephemeralRange,
  findServers,
  ftpHelperLoaded,
  hostAddresses,
  runTool,
  type ServerProcess,
  type ToolRun,
} from './system.js';

type WindowsHostPorts = Pick<WindowsFirewallParts, 'dynamicPorts' | 'excludedPorts'>;

export interface AuditInputs {
  config?: string;
  /** The IIS FTP site to audit (--site); the first one otherwise. */
  site?: string;
  server?: AuditSoftware;
  firewallFiles: string[];
  publicAddress?: string;
  startedAt: string;
  toolVersion: string;
}

export interface AuditSystem {
  reader: ConfigReader;
  /** The server's own answers on its listening socket: the passive address and ports it hands out. */
  askServer(address: string, port: number): Promise<{ address?: string; ports: number[]; error?: string }>;
  findServers(): ServerProcess[];
  runTool(command: string, args: string[], timeoutMs?: number): Promise<ToolRun>;
  hostAddresses(): string[];
  ephemeralRange(): { low: number; high: number } | undefined;
  ftpHelperLoaded(): boolean;
  /** Where the packages put their configuration; tests point these at files of their own. */
  defaults?: DefaultPaths;
  /** The host's operating system (process.platform): Windows has no /proc to find servers in. */
  platform?: NodeJS.Platform;
}

export function liveSystem(
  reader: ConfigReader,
  askServer: AuditSystem['askServer'],
  defaults: DefaultPaths = PACKAGE_DEFAULT_PATHS,
): AuditSystem {
  return {
    reader,
    askServer,
    findServers,
    runTool,
    hostAddresses,
    ephemeralRange,
    ftpHelperLoaded,
    defaults,
    platform: process.platform,
  };
}

/** What an audit reads: the server running (or named), its configuration, its own answers, the firewall and the host. */
export async function readAudit(inputs: AuditInputs, system: AuditSystem): Promise<AuditRecord> {
  const notChecked: NotChecked[] = [];
  const { running, software, onWindows } = findServer(inputs, system, notChecked);
  const read = software ? readServerConfig(software, inputs, system, running, onWindows, notChecked) : {};
  const { config, assumed, answers, configNotRunning } = await checkAgainstServer(
    read,
    inputs,
    system,
    running,
    notChecked,
  );
  // A Windows server audited from another host: only files given are read, never this machine's firewall or addresses.
  const windows = software !== undefined && AUDIT_KINDS[software].host === 'windows' && !onWindows;
  const controlPort = config?.controlPort.value ?? 21;
  const { rulesets, windowsPorts, firewall } = await readFirewallPart(
    inputs,
    system,
    windows,
    controlPort,
    config,
    answers,
    notChecked,
  );
  const thisHost = hostPart(inputs, windows, running, config, notChecked);
  // Windows' dynamic port range is its ephemeral range, and where IIS picks passive ports when its range is 0-0.
  const ephemeral = (thisHost ? system.ephemeralRange() : undefined) ?? windowsPorts?.dynamicPorts;
  return {
    recordVersion: 1,
    tool: { name: 'ftp-doctor', version: inputs.toolVersion },
    startedAt: inputs.startedAt,
    ...(running
      ? {
          server: {
            software: running.software,
            pid: running.pid,
            executable: running.executable,
            commandLine: [running.executable, ...running.args].join(' '),
            listening: running.listening,
          },
        }
      : {}),
    ...(config ? { config } : {}),
    ...(config && assumed ? { configAssumed: assumed } : {}),
    ...(configNotRunning ? { configNotRunning } : {}),
    ...(answers ? { answers } : {}),
    firewall,
    host: {
      addresses: thisHost ? system.hostAddresses() : [],
      ...(ephemeral ? { ephemeralRange: ephemeral } : {}),
      ...(windowsPorts?.excludedPorts ? { excludedPorts: windowsPorts.excludedPorts } : {}),
      ...(thisHost ? { ftpHelperLoaded: system.ftpHelperLoaded() } : {}),
      ftpHelperAttached: rulesets.some((ruleset) => ruleset.attachesFtpHelper(controlPort)),
    },
    ...(inputs.publicAddress ? { publicAddress: inputs.publicAddress } : {}),
    notChecked,
  };
}

/** The server to audit: the one running (or named), and its kind; on Windows IIS when nothing else is named. */
function findServer(
  inputs: AuditInputs,
  system: AuditSystem,
  notChecked: NotChecked[],
): { running: ServerProcess | undefined; software: AuditSoftware | undefined; onWindows: boolean } {
  const running =
    inputs.config && inputs.server
      ? undefined
      : system.findServers().find((s) => !inputs.server || s.software === inputs.server);
  const onWindows = system.platform === 'win32';
  // On a Windows host IIS is the FTP server to read when nothing else is named: its configuration file is always in one place.
  const software = inputs.server ?? running?.software ?? kindOfFile(inputs.config) ?? (onWindows ? 'iis' : undefined);
  if (!running && !inputs.config && onWindows && software !== 'iis')
    notChecked.push({ check: 'server', why: AUDIT_NOT_CHECKED.windowsOnlyIis });
  else if (!running && !inputs.config && !onWindows)
    notChecked.push({ check: 'server', why: AUDIT_NOT_CHECKED.noServerRunning });
  return { running, software, onWindows };
}

/** The server's configuration file, read by its kind's reader; one that cannot be read at all is "not checked". */
function readServerConfig(
  software: AuditSoftware,
  inputs: AuditInputs,
  system: AuditSystem,
  running: ServerProcess | undefined,
  onWindows: boolean,
  notChecked: NotChecked[],
): { config?: ServerConfig; assumed?: string } {
  try {
    const read = SERVER_KINDS[software].read({
      given: inputs.config,
      running,
      reader: system.reader,
      defaults: system.defaults ?? PACKAGE_DEFAULT_PATHS,
      onWindows,
      ...(inputs.site !== undefined ? { site: inputs.site } : {}),
    });
    for (const unread of read.config?.unreadIncludes ?? []) notChecked.push({ check: 'config-part', why: unread });
    const others = read.config?.otherSites ?? [];
    if (others.length > 0)
      notChecked.push({ check: 'other-sites', why: fill(AUDIT_NOT_CHECKED.otherSites, { sites: others.join(', ') }) });
    return { ...(read.config ? { config: read.config } : {}), ...(read.assumed ? { assumed: read.assumed } : {}) };
  } catch (error) {
    if (error instanceof ConfigError && error.unreadable) notChecked.push({ check: 'config', why: error.message });
    else throw error;
    return {};
  }
}

/**
 * The server's own answers, where its options could not be read (a process
 * title overwritten, a file or folder missing) or the file was assumed; an
 * assumed file they contradict is not the running server's, and is dropped.
 */
async function checkAgainstServer(
  read: { config?: ServerConfig; assumed?: string },
  inputs: AuditInputs,
  system: AuditSystem,
  running: ServerProcess | undefined,
  notChecked: NotChecked[],
): Promise<{
  config?: ServerConfig;
  assumed?: string;
  answers?: AuditRecord['answers'];
  configNotRunning?: AuditRecord['configNotRunning'];
}> {
  const { config, assumed } = read;
  const titleHidesOptions =
    running !== undefined && !running.args.some((arg) => arg.startsWith('-') || arg.startsWith('/'));
  const ask =
    running &&
    !inputs.config &&
    (!config || assumed !== undefined || (titleHidesOptions && running.software !== 'vsftpd'));
  if (!ask) return read;
  const answers = await askTheServer(running, config, system, notChecked);
  // A default file nothing showed the server read, and the server's own answers disagree with it: the answers win.
  const disagreement = assumed && config && answers ? contradicts(config, answers) : undefined;
  if (assumed && disagreement) return { assumed, answers, configNotRunning: { file: assumed, why: disagreement } };
  return { ...read, ...(answers ? { answers } : {}) };
}

/** The host firewall's verdicts for the ports that matter; files from another host replace this one's. */
async function readFirewallPart(
  inputs: AuditInputs,
  system: AuditSystem,
  windows: boolean,
  controlPort: number,
  config: ServerConfig | undefined,
  answers: AuditRecord['answers'],
  notChecked: NotChecked[],
): Promise<{
  rulesets: Awaited<ReturnType<typeof readFirewalls>>['rulesets'];
  windowsPorts?: Awaited<ReturnType<typeof readFirewalls>>['windowsPorts'];
  firewall: FirewallFamily[];
}> {
  if (windows && inputs.firewallFiles.length === 0) {
    notChecked.push({ check: 'firewall', why: AUDIT_NOT_CHECKED.windowsFirewallFiles });
    return { rulesets: [], firewall: evaluateFirewall([], config, answers) };
  }
  const { rulesets, windowsPorts } = await readFirewalls(inputs.firewallFiles, system, notChecked);
  const forwarded = rulesets.map((ruleset) => ruleset.forwardsPort(controlPort)).find(Boolean);
  // A server in a container, reached through DNAT and FORWARD (Docker's published ports): that path is not evaluated.
  if (forwarded)
    notChecked.push({
      check: 'firewall',
      why: fill(AUDIT_NOT_CHECKED.forwarded, { port: String(controlPort), rule: forwarded }),
    });
  return {
    rulesets,
    ...(windowsPorts ? { windowsPorts } : {}),
    firewall: evaluateFirewall(rulesets, config, answers),
  };
}

/** Whether this host's addresses and ports are the server's: not when the files came from another host. */
function hostPart(
  inputs: AuditInputs,
  windows: boolean,
  running: ServerProcess | undefined,
  config: ServerConfig | undefined,
  notChecked: NotChecked[],
): boolean {
  if (!inputs.publicAddress) notChecked.push({ check: 'public-address', why: AUDIT_NOT_CHECKED.publicAddress });
  // Files sent from another host (--firewall, and no server running here) say nothing of this host's addresses or ports.
  const thisHost = !windows && (running !== undefined || inputs.firewallFiles.length === 0);
  if (!thisHost) notChecked.push({ check: 'host', why: AUDIT_NOT_CHECKED.otherHost });
  // Without the host's addresses, a missing external address cannot be judged: behind NAT it is an error, on a public address nothing.
  if (!thisHost && config && !config.externalAddress)
    notChecked.push({ check: 'host', why: AUDIT_NOT_CHECKED.otherHostNoExternal });
  return thisHost;
}

/**
 * Whether what an assumed file says contradicts what the server answered: a
 * passive port outside the file's range, another announced address, or a file
 * without a range while every port handed out lies within a span no server
 * picking any free port would keep to.
 */
export function contradicts(config: ServerConfig, answers: { address?: string; ports: number[] }): string | undefined {
  const range = config.passiveRange?.value;
  const ports = [...new Set(answers.ports)].sort((a, b) => a - b);
  if (range) {
    const outside = ports.find((port) => port < range.low || port > range.high);
    if (outside !== undefined)
      return fill(PHRASES.configContradicts.portOutside, {
        port: String(outside),
        low: String(range.low),
        high: String(range.high),
      });
  } else if (ports.length >= 3 && ports.at(-1)! - ports[0]! < NARROW_SPAN) {
    return fill(PHRASES.configContradicts.narrowBand, { low: String(ports[0]), high: String(ports.at(-1)) });
  }
  const external = config.externalAddress?.value;
  if (answers.address && external && answers.address !== external)
    return fill(PHRASES.configContradicts.address, { announced: answers.address, external });
  return undefined;
}

/** A server without a range picks from about 28,000 ephemeral ports: a few samples within this span mean a configured range. */
const NARROW_SPAN = 2000;

/** Saved rulesets (--firewall), or the live ones: iptables-nft, iptables-legacy and native nftables, each read once. */
async function readFirewalls(
  files: string[],
  system: AuditSystem,
  notChecked: NotChecked[],
): Promise<{ rulesets: Ruleset[]; windowsPorts?: WindowsHostPorts }> {
  if (files.length > 0) {
    const texts = files.map((file) => ({ file, text: readFile(file, system.reader) }));
    const windows = texts.filter((t) => isWindowsFirewallFile(t.text));
    const others = texts.filter((t) => !isWindowsFirewallFile(t.text)).map((t) => parseFirewallText(t.text, t.file));
    if (windows.length === 0) return { rulesets: others };
    const read = readWindowsFirewall(windows);
    return { rulesets: [...others, ...(read.ruleset ? [read.ruleset] : [])], windowsPorts: read.ports };
  }
  if (system.platform === 'win32') return readLiveWindowsFirewall(system, notChecked);
  const rulesets: Ruleset[] = [];
  const runs: ToolRun[] = [];
  for (const [command, family] of [
    ['iptables-nft-save', 4],
    ['ip6tables-nft-save', 6],
    ['iptables-legacy-save', 4],
    ['ip6tables-legacy-save', 6],
  ] as const) {
    const run = await system.runTool(command, []);
    runs.push(run);
    // An empty legacy table set (or nft one) is not in use: only a ruleset with rules counts.
    if (run.output !== undefined && (/^-A /m.test(run.output) || /^:INPUT (DROP|ACCEPT)/m.test(run.output)))
      rulesets.push(parseIptablesSave(run.output, command, family));
  }
  const nft = await system.runTool('nft', ['-j', 'list', 'ruleset']);
  runs.push(nft);
  if (nft.output) rulesets.push(parseNftJson(nft.output, 'nft -j list ruleset'));
  const why = rulesets.length === 0 ? firewallNotRead(runs) : undefined;
  if (why) notChecked.push({ check: 'firewall', why });
  return { rulesets };
}

/** Why the host firewall was not read: no tool installed, a tool that needs root, or another error. */
function firewallNotRead(runs: ToolRun[]): string | undefined {
  const failed = runs.filter((run) => run.output === undefined && run.error);
  if (failed.length === 0) return undefined;
  if (failed.length === runs.length && failed.every((run) => run.missing)) return AUDIT_NOT_CHECKED.firewallNoTool;
  const denied = failed.find((run) => !run.missing && PERMISSION_DENIED.test(run.error ?? ''));
  if (denied) return fill(AUDIT_NOT_CHECKED.firewallUnreadable, { error: denied.error ?? '' });
  // Some tool ran and showed no rules: nothing to report unless every one that exists failed.
  if (runs.some((run) => run.output !== undefined)) return undefined;
  const other = failed.find((run) => !run.missing) ?? failed[0];
  return fill(AUDIT_NOT_CHECKED.firewallFailed, { error: other?.error ?? '' });
}

/** How iptables-save and nft say they need root. */
const PERMISSION_DENIED = /permission denied|operation not permitted|must be root|are you root|EACCES|EPERM/i;

/** Windows Firewall on this host, through PowerShell's JSON (language-independent), and the TCP ports Windows reserves. */
async function readLiveWindowsFirewall(
  system: AuditSystem,
  notChecked: NotChecked[],
): Promise<{ rulesets: Ruleset[]; windowsPorts?: WindowsHostPorts }> {
  const outputs: Array<{ text: string; file: string }> = [];
  // Get-NetFirewallRule takes seconds on a host with many rules.
  const firewall = await system.runTool('powershell.exe', powershellArguments(FIREWALL_SCRIPT), 60_000);
  if (firewall.output) outputs.push({ text: firewall.output, file: 'Get-NetFirewallRule (PowerShell)' });
  else
    notChecked.push({
      check: 'firewall',
      why: fill(AUDIT_NOT_CHECKED.windowsFirewallUnreadable, { error: firewall.error ?? 'no output' }),
    });
  const excluded = await system.runTool('netsh', ['int', 'ipv4', 'show', 'excludedportrange', 'protocol=tcp']);
  if (excluded.output && isWindowsFirewallFile(excluded.output))
    outputs.push({ text: excluded.output, file: 'netsh int ipv4 show excludedportrange protocol=tcp' });
  if (outputs.length === 0) return { rulesets: [] };
  const read = readWindowsFirewall(outputs);
  return { rulesets: read.ruleset ? [read.ruleset] : [], windowsPorts: read.ports };
}

/** A saved ruleset: nft -j JSON, or iptables-save / ip6tables-save output (the family from its header or its addresses). */
export function parseFirewallText(text: string, file: string): Ruleset {
  // netsh writes in Windows' language: only English output is read, and saying so beats an iptables parse error.
  const foreign = /^(Regelname|Nom de la règle|Nombre de regla|Nome regola|Nome da regra|Regelnaam)\s*:/m.exec(text);
  if (foreign)
    throw new ConfigError(
      file,
      undefined,
      `netsh output in another language than English ("${foreign[1]}:"): only English netsh output is read; save it from an English session of Windows`,
    );
  // An empty file says nothing about the firewall: no policy may be invented for it.
  if (!text.trim())
    throw new ConfigError(
      file,
      undefined,
      'is empty: expected iptables-save, ip6tables-save, `nft -j list ruleset` or netsh output',
    );
  if (text.trimStart().startsWith('{')) return parseNftJson(text, file);
  // ip6tables-save's header, an IPv6 address in a rule, or the file's name (Debian's /etc/iptables/rules.v6, ip6tables.rules).
  const v6 =
    /ip6tables/.test(text.split('\n')[0] ?? '') ||
    /\s-[sd] [0-9a-f]*:[0-9a-f:]*\//i.test(text) ||
    /(^|[._-])(v6|ipv6|ip6tables)([._-]|$)/i.test(file.split(/[\\/]/).pop() ?? '');
  return parseIptablesSave(text, file, v6 ? 6 : 4);
}

/** The server's own passive replies, asked at an address a client would use; a refusal to answer is noted, not fatal. */
async function askTheServer(
  running: ServerProcess,
  config: ServerConfig | undefined,
  system: AuditSystem,
  notChecked: NotChecked[],
): Promise<AuditRecord['answers']> {
  let answers: AuditRecord['answers'];
  const socket =
    running.listening.find((l) => l.port === (config?.controlPort.value ?? l.port)) ?? running.listening[0];
  if (socket) {
    // The server announces the address a client reached it at: ask at one of the host's own addresses, not loopback, where it listens on all.
    const own = system
      .hostAddresses()
      .find((address) => (socket.address === '::' ? true : !address.includes(':')) && !/^(127\.|::1$)/.test(address));
    const local =
      socket.address === '0.0.0.0' || socket.address === '::'
        ? (own ?? (socket.address === '::' ? '::1' : '127.0.0.1'))
        : socket.address;
    const asked = await system.askServer(local, socket.port);
    if (asked.ports.length > 0) answers = { ...(asked.address ? { address: asked.address } : {}), ports: asked.ports };
    else
      notChecked.push({
        check: 'server-answers',
        why: fill(AUDIT_NOT_CHECKED.noAnswers, {
          address: local,
          port: String(socket.port),
          error: asked.error ? ` (${asked.error})` : '',
        }),
      });
  }
  return answers;
}

/** Each family's verdicts: the control port, and the passive range (from the configuration, or the ports the server handed out). */
function evaluateFirewall(
  rulesets: Ruleset[],
  config: ServerConfig | undefined,
  answers: AuditRecord['answers'],
): FirewallFamily[] {
  const firewall: FirewallFamily[] = [];
  for (const family of [4, 6] as const) {
    const applicable = rulesets.filter((ruleset) => ruleset.families.includes(family));
    if (applicable.length === 0) continue;
    const port = config?.controlPort.value ?? 21;
    const control = combine(applicable, { family, port, state: 'new' })!;
    const entry: FirewallFamily = {
      family,
      sources: applicable.map((r) => r.source),
      control,
      ftpHelperAttached: applicable.some((r) => r.attachesFtpHelper(port)),
    };
    const range = config?.passiveRange?.value;
    const observed = !range && answers ? [...new Set(answers.ports)].sort((a, b) => a - b) : [];
    if (observed.length > 0) {
      // No range in the files: each port the server handed out is evaluated.
      entry.passive = observed.map((port) => {
        const verdict = combine(applicable, { family, port, state: 'new' })!;
        const related =
          verdict.verdict === 'accept' ? undefined : combine(applicable, { family, port, state: 'related' });
        return {
          low: port,
          high: port,
          ...verdict,
          ...(related?.verdict === 'accept' ? { relatedRule: related.rule } : {}),
        };
      });
    }
    if (range) {
      const evaluated = stretches(range.low, range.high, applicable).map((stretch) => {
        const verdict = combine(applicable, { family, port: stretch.low, state: 'new' })!;
        if (verdict.verdict === 'accept') return { ...stretch, ...verdict };
        const related = combine(applicable, { family, port: stretch.low, state: 'related' })!;
        return { ...stretch, ...verdict, ...(related.verdict === 'accept' ? { relatedRule: related.rule } : {}) };
      });
      // Neighbouring stretches that meet the same rules are one stretch in the report.
      entry.passive = evaluated.reduce<typeof evaluated>((merged, stretch) => {
        const last = merged.at(-1);
        if (
          last &&
          last.high + 1 === stretch.low &&
          last.verdict === stretch.verdict &&
          last.rule === stretch.rule &&
          last.relatedRule === stretch.relatedRule
        )
          last.high = stretch.high;
        else merged.push({ ...stretch });
        return merged;
      }, []);
    }
    firewall.push(entry);
  }
  return firewall;
}
