/**
 * Builds one scenario's network from network namespaces, veth pairs, routes
 * and iptables rules, runs vsftpd in it, and removes all of it again. Nothing
 * here touches the machine's own namespace: links are created inside the lab's
 * namespaces, and no lab namespace is linked or routed to the root one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rangesOverlap } from '../../src/net/address.js';
import { BIN, REPO_ROOT } from '../support/paths.js';
import type { LabScenario } from './scenarios.js';
import type { DefaultPaths } from '../../src/commands/audit/kinds.js';
import {
  ALL_LAB_RANGES,
  ALL_LAB_RANGES6,
  CLIENT_LAN,
  CLIENT_LAN6,
  INTERNET,
  INTERNET6,
  LAB_NAME,
  PASSIVE_RANGE,
  SERVER_LAN,
  SERVER_LAN6,
} from './topology.js';

export const NAMESPACE_PREFIX = 'fdlab-';

/** Where test/lab/unpack-servers.sh unpacked ProFTPD and Pure-FTPd. */
export function labServersDir(): string {
  return process.env.FTP_DOCTOR_LAB_SERVERS ?? path.join(REPO_ROOT, '.lab-servers');
}

/** Why a scenario's server cannot run here, if it cannot. */
export function missingServer(kind: 'proftpd' | 'pure-ftpd' | undefined): string | undefined {
  if (!kind) return undefined;
  return fs.existsSync(path.join(labServersDir(), 'usr', 'sbin', kind))
    ? undefined
    : `${kind} is not unpacked in ${labServersDir()} (run test/lab/unpack-servers.sh)`;
}

interface LanPlan {
  host: string;
  router: string;
  cidr: string;
}

/** The lab container's bridge address: inside the server LAN's private block, reached only through DNAT. */
const CONTAINER_ADDRESS = '10.88.9.2';

export class LabError extends Error {}

function run(args: string[], options: { allowFail?: boolean } = {}): string {
  const [command = '', ...rest] = args;
  const result = spawnSync(command, rest, { encoding: 'utf8' });
  if (result.status !== 0 && !options.allowFail) {
    throw new LabError(`${args.join(' ')} failed: ${(result.stderr || result.stdout || '').trim()}`);
  }
  return result.stdout;
}

/** Routes every machine has, that no lab range can meet: loopback, link-local, multicast, broadcast. */
const HOST_ONLY_ROUTE = /^(127\.|255\.255\.255\.255\/|::1\/|fe80:|ff[0-9a-f]{2}:)/i;

/** The first lab range that overlaps one of the given routes (ip -j route / ip -j -6 route output), if any. */
export function overlappingRange(
  routes: Array<{ dst?: string }>,
  ranges: readonly string[] = [...ALL_LAB_RANGES, ...ALL_LAB_RANGES6],
): { range: string; route: string } | undefined {
  for (const route of routes) {
    const dst = route.dst;
    if (!dst || dst === 'default') continue;
    const cidr = dst.includes('/') ? dst : `${dst}/${dst.includes(':') ? 128 : 32}`;
    if (HOST_ONLY_ROUTE.test(cidr)) continue;
    const range = ranges.find((candidate) => rangesOverlap(candidate, cidr));
    if (range) return { range, route: cidr };
  }
  return undefined;
}

/** Refuses to build anything if a lab range overlaps a route of this machine's own namespace. */
export function checkRangesAgainstHost(): void {
  const routes = [
    ...(JSON.parse(run(['ip', '-j', 'route', 'show', 'table', 'all'])) as Array<{ dst?: string }>),
    ...(JSON.parse(run(['ip', '-j', '-6', 'route', 'show', 'table', 'all'])) as Array<{ dst?: string }>),
  ];
  const overlap = overlappingRange(routes);
  if (overlap)
    throw new LabError(
      `lab range ${overlap.range} overlaps this machine's route ${overlap.route}: refusing to build the lab`,
    );
}

/**
 * Kills every process whose command line names a path under `prefix`: vsftpd's
 * session processes live in network namespaces of their own (isolate_network),
 * which `ip netns pids` does not list, and outlive their parent otherwise.
 */
function killProcessesNaming(prefix: string): void {
  for (const pid of processesNaming(prefix)) spawnSync('kill', ['-9', pid]);
}

/** The processes whose command line has an argument under `prefix`. */
export function processesNaming(prefix: string): string[] {
  return fs.readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return false;
    try {
      return fs
        .readFileSync(`/proc/${entry}/cmdline`, 'utf8')
        .split('\0')
        .some((arg) => arg.startsWith(prefix));
    } catch {
      return false;
    }
  });
}

/** Where every scenario keeps its files, and so what its processes name. */
export const LAB_DIR_PREFIX = path.join(os.tmpdir(), 'ftp-doctor-lab-');

/** Removes every namespace the lab ever made (left over from an interrupted run, too), with its processes. */
export function removeAllLabNamespaces(): void {
  killProcessesNaming(LAB_DIR_PREFIX);
  const names = run(['ip', 'netns', 'list'], { allowFail: true })
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(NAMESPACE_PREFIX));
  for (const name of names) {
    const pids = run(['ip', 'netns', 'pids', name], { allowFail: true }).split('\n').filter(Boolean);
    for (const pid of pids) spawnSync('kill', ['-9', pid]);
    run(['ip', 'netns', 'del', name], { allowFail: true });
  }
  // Hosts files of the lab's client namespaces, left over too.
  if (fs.existsSync('/etc/netns')) {
    for (const entry of fs.readdirSync('/etc/netns'))
      if (entry.startsWith(NAMESPACE_PREFIX))
        fs.rmSync(path.join('/etc/netns', entry), { recursive: true, force: true });
  }
}

export class Lab {
  readonly client: string;
  readonly clientRouter: string;
  readonly serverRouter: string;
  readonly server: string;
  readonly dir: string;
  private vsftpd: ChildProcess | undefined;

  constructor(readonly scenario: LabScenario) {
    const base = `${NAMESPACE_PREFIX}${scenario.id}-`;
    this.client = `${base}client`;
    this.clientRouter = `${base}crouter`;
    this.serverRouter = `${base}srouter`;
    this.server = `${base}server`;
    this.dir = fs.mkdtempSync(`${LAB_DIR_PREFIX}${scenario.id}-`);
  }

  /**
   * Where the audit looks for the packages' default configuration: inside this
   * lab's folder, absent (as on a clean machine) unless the scenario puts a
   * stale default file there.
   */
  auditDefaults(): DefaultPaths {
    const dir = path.join(this.dir, 'package-defaults');
    const defaults = {
      vsftpd: path.join(dir, 'vsftpd.conf'),
      proftpd: path.join(dir, 'proftpd.conf'),
      pureFtpdConfDir: path.join(dir, 'pure-ftpd-conf'),
      iis: path.join(dir, 'applicationHost.config'),
    };
    const stale = this.scenario.staleDefaultConfig;
    if (stale) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(defaults[stale.software], stale.text);
    }
    return defaults;
  }

  get clientLan() {
    return this.scenario.clientNat ? CLIENT_LAN.private : CLIENT_LAN.public;
  }

  get serverLan() {
    return this.scenario.serverNat ? SERVER_LAN.private : SERVER_LAN.public;
  }

  /** 990 for implicit FTPS, else 21. */
  get controlPort(): number {
    return this.scenario.vsftpd && this.scenario.vsftpd.tls === 'implicit' ? 990 : 21;
  }

  /** The address the world reaches the server at: the router's, behind NAT. */
  get serverPublicAddress(): string {
    return this.scenario.serverNat ? INTERNET.serverRouter : SERVER_LAN.public.host;
  }

  /** What the probe is given: the public IPv4 address, the IPv6 literal, or the dual-stack name. */
  get probeTarget(): string {
    if (this.scenario.target === 'ipv6') return `[${SERVER_LAN6.host}]`;
    // A container's control port published under another number: the probe goes to that one.
    const control = this.scenario.container?.published.find(([, inside]) => inside === 21)?.[0];
    if (control !== undefined && control !== 21) return `${this.serverPublicAddress}:${control}`;
    if (this.scenario.target === 'name') return LAB_NAME;
    return this.serverPublicAddress;
  }

  /** The client namespace's own hosts file: `ip netns exec` mounts /etc/netns/NAME/hosts over /etc/hosts. */
  get hostsFile(): string {
    return path.join('/etc/netns', this.client, 'hosts');
  }

  private ns(namespace: string, ...args: string[]): string {
    return run(['ip', 'netns', 'exec', namespace, ...args]);
  }

  private ipt(namespace: string, rule: string): void {
    this.ns(namespace, 'iptables', ...rule.split(' '));
  }

  async setup(): Promise<void> {
    checkRangesAgainstHost();
    const { scenario } = this;
    for (const name of [this.client, this.clientRouter, this.serverRouter, this.server]) {
      run(['ip', 'netns', 'add', name]);
      this.ns(name, 'ip', 'link', 'set', 'lo', 'up');
      this.ns(name, 'sysctl', '-qw', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0');
      // No duplicate-address detection: addresses are usable at once, and only the lab's own exist here.
      this.ns(name, 'sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0');
    }
    // Links are created inside the lab's namespaces, never in the machine's own.
    this.link(this.client, 'lan0', this.clientRouter, 'lan0');
    this.link(this.clientRouter, 'wan0', this.serverRouter, 'wan0');
    this.link(this.serverRouter, 'lan0', this.server, 'lan0');

    const c = this.clientLan;
    const s = this.serverLan;
    this.addressPath('-4', c, INTERNET, s);
    for (const router of [this.clientRouter, this.serverRouter])
      this.ns(router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    // Public LANs are routed across the Internet segment; private ones are dropped silently there.
    if (!scenario.serverNat)
      this.ns(this.clientRouter, 'ip', 'route', 'add', SERVER_LAN.public.cidr, 'via', INTERNET.serverRouter);
    if (!scenario.clientNat)
      this.ns(this.serverRouter, 'ip', 'route', 'add', CLIENT_LAN.public.cidr, 'via', INTERNET.clientRouter);
    for (const router of [this.clientRouter, this.serverRouter]) {
      this.ns(router, 'ip', 'route', 'add', 'blackhole', CLIENT_LAN.private.unroutable);
      this.ns(router, 'ip', 'route', 'add', 'blackhole', SERVER_LAN.private.unroutable);
    }
    // The private LANs' own /24s stay reachable from their routers (more specific than the blackholes).
    if (scenario.clientNat && scenario.clientNatPool) {
      // A pool: every other new connection leaves from the second address (NAT rules see a connection's first packet only).
      this.address(this.clientRouter, 'wan0', INTERNET.clientRouterPool, INTERNET.cidr);
      this.ipt(
        this.clientRouter,
        `-t nat -A POSTROUTING -o wan0 -m statistic --mode nth --every 2 --packet 0 -j SNAT --to-source ${INTERNET.clientRouterPool}`,
      );
      this.ipt(this.clientRouter, `-t nat -A POSTROUTING -o wan0 -j SNAT --to-source ${INTERNET.clientRouter}`);
    } else if (scenario.clientNat) this.ipt(this.clientRouter, `-t nat -A POSTROUTING -o wan0 -j MASQUERADE`);
    if (scenario.clientFirewall === 'drop-inbound')
      this.ipt(this.clientRouter, '-A FORWARD -i wan0 -o lan0 -m conntrack --ctstate NEW,RELATED -j DROP');
    if (scenario.clientFirewall === 'drop-egress-high')
      this.ipt(
        this.clientRouter,
        '-A FORWARD -i lan0 -o wan0 -p tcp --dport 1024:65535 -m conntrack --ctstate NEW -j DROP',
      );
    if (scenario.clientAlg)
      this.ipt(this.clientRouter, `-t raw -A PREROUTING -i lan0 -p tcp --dport 21 -j CT --helper ftp`);
    if (scenario.serverNat) {
      this.ipt(this.serverRouter, `-t nat -A POSTROUTING -o wan0 -j MASQUERADE`);
      this.ipt(
        this.serverRouter,
        `-t nat -A PREROUTING -i wan0 -p tcp --dport ${this.controlPort} -j DNAT --to-destination ${s.host}`,
      );
      if (scenario.forwardPassive) {
        const range = scenario.forwardPassive === true ? PASSIVE_RANGE : scenario.forwardPassive;
        this.ipt(
          this.serverRouter,
          `-t nat -A PREROUTING -i wan0 -p tcp --dport ${range.low}:${range.high} -j DNAT --to-destination ${s.host}`,
        );
      }
    }
    if (scenario.serverAlg)
      this.ipt(this.serverRouter, `-t raw -A PREROUTING -i wan0 -p tcp --dport 21 -j CT --helper ftp`);
    if (scenario.container) this.setupContainer(scenario.container);
    if (scenario.passiveRateLimit) {
      const { burst, perMinute } = scenario.passiveRateLimit;
      this.ipt(
        this.serverRouter,
        `-A FORWARD -p tcp --dport ${PASSIVE_RANGE.low}:${PASSIVE_RANGE.high} -m conntrack --ctstate NEW -m hashlimit --hashlimit-name pasv --hashlimit-mode srcip --hashlimit-above ${perMinute}/minute --hashlimit-burst ${burst} -j DROP`,
      );
    }
    if (scenario.pathMtu) {
      // The narrow link is the routers' own; the hosts keep 1500, so their segments are full-size until told otherwise.
      for (const router of [this.clientRouter, this.serverRouter]) {
        this.ns(router, 'ip', 'link', 'set', 'wan0', 'mtu', String(scenario.pathMtu.mtu));
        if (scenario.pathMtu.icmp === 'dropped')
          for (const chain of ['OUTPUT', 'FORWARD'])
            this.ipt(router, `-A ${chain} -p icmp --icmp-type fragmentation-needed -j DROP`);
      }
    }
    if (scenario.routerForgetsAfterS !== undefined) {
      // A strict router with a short memory (the client side's NAT router if it has one, else the server's):
      // established connections forgotten after N idle seconds (this namespace's conntrack only), and a packet
      // of a forgotten one is INVALID and dropped, neither forwarded nor answered.
      const router = scenario.clientNat ? this.clientRouter : this.serverRouter;
      const timeout = `net.netfilter.nf_conntrack_tcp_timeout_established=${scenario.routerForgetsAfterS}`;
      this.ns(router, 'sysctl', '-qw', timeout);
      this.ns(router, 'sysctl', '-qw', 'net.netfilter.nf_conntrack_tcp_loose=0');
      this.ipt(router, '-I FORWARD -m conntrack --ctstate INVALID -j DROP');
      this.ipt(router, '-I INPUT -m conntrack --ctstate INVALID -j DROP');
    }
    const passiveChain = scenario.serverNat && !scenario.forwardPassive ? 'INPUT' : 'FORWARD';
    if (scenario.passiveFirewall === 'drop')
      this.ipt(
        this.serverRouter,
        `-A ${passiveChain} -i wan0 -p tcp --dport ${PASSIVE_RANGE.low}:${PASSIVE_RANGE.high} -j DROP`,
      );
    if (scenario.passiveFirewall === 'reject') {
      this.ipt(
        this.serverRouter,
        `-A ${passiveChain} -i wan0 -p tcp --dport ${PASSIVE_RANGE.low}:${PASSIVE_RANGE.high} -j REJECT --reject-with tcp-reset`,
      );
    }
    if (scenario.controlFirewall === 'drop')
      this.ipt(this.serverRouter, `-A FORWARD -i wan0 -p tcp --dport 21 -j DROP`);
    if (scenario.ipv6) this.setupIpv6();
    if (scenario.hostFirewall) this.setupHostFirewall(scenario.hostFirewall);
    if (scenario.vsftpd) await this.startVsftpd(scenario.vsftpd);
    if (scenario.otherServer) await this.startOtherServer(scenario.otherServer);
    if (scenario.reflector) this.reflectorFingerprint = await this.startReflector();
  }

  reflectorFingerprint: string | undefined;

  /**
   * A "container" in the server's namespace as Docker makes one: an address of its own, and each
   * published port a DNAT rule from the host's address, outside number to container number.
   */
  private setupContainer(container: NonNullable<LabScenario['container']>): void {
    // The container's address lives on the namespace's loopback (no bridge driver needed): reached only through DNAT.
    this.ns(this.server, 'ip', 'addr', 'add', `${CONTAINER_ADDRESS}/32`, 'dev', 'lo');
    for (const [outside, inside] of container.published)
      this.ipt(
        this.server,
        `-t nat -A PREROUTING -d ${this.serverLan.host} -p tcp --dport ${outside} -j DNAT --to-destination ${CONTAINER_ADDRESS}:${inside}`,
      );
  }

  /** `ftp-doctor reflector` on the server host, on port 21 where routers' helpers look; resolves with its certificate's fingerprint. */
  private async startReflector(): Promise<string> {
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        this.server,
        process.execPath,
        BIN,
        'reflector',
        '--listen',
        SERVER_LAN.public.host,
        '--pasv-range',
        `${PASSIVE_RANGE.low}-${PASSIVE_RANGE.high}`,
        '--timeout',
        '2',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: process.env },
    );
    let stderr = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new LabError(`the reflector did not start in ${this.server}: ${stderr.trim() || 'no output'}`)),
        15_000,
      );
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        const fingerprint = /fingerprint ([0-9A-F:]{95})/.exec(stderr)?.[1];
        if (fingerprint && stderr.includes('Inside the network')) {
          clearTimeout(timer);
          resolve(fingerprint);
        }
      });
      child.once('exit', () => reject(new LabError(`the reflector exited: ${stderr.trim()}`)));
    });
  }

  /** The server host's own firewall, on its INPUT path (what `ftp-doctor audit` reads there). */
  private setupHostFirewall(kind: NonNullable<LabScenario['hostFirewall']>): void {
    if (kind === 'iptables-partial' || kind === 'iptables-control-only') {
      for (const rule of [
        '-P INPUT DROP',
        '-A INPUT -i lo -j ACCEPT',
        '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        '-A INPUT -p tcp --dport 21 -m conntrack --ctstate NEW -j ACCEPT',
        ...(kind === 'iptables-partial'
          ? [
              `-A INPUT -p tcp -m multiport --dports ${PASSIVE_RANGE.low}:${PASSIVE_RANGE.low + 4} -m conntrack --ctstate NEW -j ACCEPT`,
            ]
          : []),
        '-A INPUT -p tcp -j REJECT --reject-with tcp-reset',
      ])
        this.ipt(this.server, rule);
      return;
    }
    const ruleset = `table inet ftpdoctor_lab {
  chain input {
    type filter hook input priority filter; policy drop;
    iifname "lo" accept
    ct state established,related accept
    tcp dport 21 accept
  }
}
`;
    const file = path.join(this.dir, 'host.nft');
    fs.writeFileSync(file, ruleset);
    this.ns(this.server, 'nft', '-f', file);
  }

  /** Runs a command in the server's namespace (ftp-doctor audit, on the server host). */
  runInServer(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
    return this.runIn(this.server, args, env);
  }

  /** Both public LANs get IPv6 from 2001:db8::/32, routed across the Internet segment (no NAT66), and the client a hosts file naming the server. */
  private setupIpv6(): void {
    const { scenario } = this;
    if (scenario.clientNat || scenario.serverNat)
      throw new LabError('IPv6 scenarios are plainly routed: no NAT on either side');
    this.addressPath('-6', CLIENT_LAN6, INTERNET6, SERVER_LAN6);
    for (const router of [this.clientRouter, this.serverRouter])
      this.ns(router, 'sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1');
    this.ns(this.clientRouter, 'ip', '-6', 'route', 'add', SERVER_LAN6.cidr, 'via', INTERNET6.serverRouter);
    this.ns(this.serverRouter, 'ip', '-6', 'route', 'add', CLIENT_LAN6.cidr, 'via', INTERNET6.clientRouter);
    if (scenario.passiveFirewall6 === 'drop')
      this.ns(
        this.serverRouter,
        'ip6tables',
        '-A',
        'FORWARD',
        '-i',
        'wan0',
        '-p',
        'tcp',
        '--dport',
        `${PASSIVE_RANGE.low}:${PASSIVE_RANGE.high}`,
        '-j',
        'DROP',
      );
    fs.mkdirSync(path.dirname(this.hostsFile), { recursive: true });
    fs.writeFileSync(
      this.hostsFile,
      `127.0.0.1 localhost\n::1 localhost\n${SERVER_LAN.public.host} ${LAB_NAME}\n${SERVER_LAN6.host} ${LAB_NAME}\n`,
    );
  }

  private link(nsA: string, nameA: string, nsB: string, nameB: string): void {
    const temporary = `fdv${process.pid % 10000}${Math.floor(Math.random() * 1000)}`.slice(0, 15);
    run(['ip', '-n', nsA, 'link', 'add', nameA, 'type', 'veth', 'peer', 'name', temporary, 'netns', nsB]);
    run(['ip', '-n', nsB, 'link', 'set', temporary, 'name', nameB]);
    run(['ip', '-n', nsA, 'link', 'set', nameA, 'up']);
    run(['ip', '-n', nsB, 'link', 'set', nameB, 'up']);
  }

  /** Addresses along client — client router — Internet — server router — server, and each host's default route, for one family. */
  private addressPath(
    family: '-4' | '-6',
    client: LanPlan,
    internet: { clientRouter: string; serverRouter: string; cidr: string },
    server: LanPlan,
  ): void {
    this.address(this.client, 'lan0', client.host, client.cidr);
    this.address(this.clientRouter, 'lan0', client.router, client.cidr);
    this.address(this.clientRouter, 'wan0', internet.clientRouter, internet.cidr);
    this.address(this.serverRouter, 'wan0', internet.serverRouter, internet.cidr);
    this.address(this.serverRouter, 'lan0', server.router, server.cidr);
    this.address(this.server, 'lan0', server.host, server.cidr);
    this.ns(this.client, 'ip', family, 'route', 'add', 'default', 'via', client.router);
    this.ns(this.server, 'ip', family, 'route', 'add', 'default', 'via', server.router);
  }

  private address(namespace: string, device: string, address: string, cidr: string): void {
    run([
      'ip',
      '-n',
      namespace,
      'addr',
      'add',
      `${address}/${cidr.split('/')[1]}`,
      'dev',
      device,
      ...(address.includes(':') ? ['nodad'] : []),
    ]);
  }

  private async startVsftpd(options: Exclude<LabScenario['vsftpd'], false>): Promise<void> {
    const args = [
      path.join(REPO_ROOT, 'test', 'vsftpd', 'run-vsftpd.sh'),
      '--dir',
      path.join(this.dir, 'vsftpd'),
      ...(options.listen === 'dual'
        ? ['--listen-ipv6']
        : ['--listen', this.scenario.container ? CONTAINER_ADDRESS : this.serverLan.host]),
      '--port',
      String(this.controlPort),
      '--pasv-min',
      String(this.scenario.container?.pasv.low ?? PASSIVE_RANGE.low),
      '--pasv-max',
      String(this.scenario.container?.pasv.high ?? PASSIVE_RANGE.high),
    ];
    if (options.pasvAddress)
      args.push('--pasv-address', options.pasvAddress === true ? this.serverPublicAddress : options.pasvAddress);
    if (this.scenario.container?.pasvAddress) args.push('--pasv-address', this.scenario.container.pasvAddress);
    if (options.portPromiscuous) args.push('--port-promiscuous');
    if (options.maxPerIp) args.push('--max-per-ip', String(options.maxPerIp));
    if (options.idleTimeoutS) args.push('--idle-timeout', String(options.idleTimeoutS));
    if (options.largeFileBytes) args.push('--large-file', String(options.largeFileBytes));
    if (options.anonymous === false) args.push('--no-anonymous');
    if (options.tls) args.push(options.tls === 'implicit' ? '--implicit-tls' : '--tls');
    if (options.tls && options.sslReuse === false) args.push('--no-ssl-reuse');
    this.vsftpd = spawn('ip', ['netns', 'exec', this.server, 'bash', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    await this.untilListening(this.vsftpd, 'vsftpd');
  }

  /** Waits up to 5 s for the server's control port to listen in its namespace; says why not with what it printed. */
  private async untilListening(child: ChildProcess, what: string): Promise<void> {
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      if (
        spawnSync('ip', ['netns', 'exec', this.server, 'ss', '-Hltn', `sport = :${this.controlPort}`], {
          encoding: 'utf8',
        }).stdout.trim()
      )
        return;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new LabError(`${what} did not start in ${this.server}: ${stderr.trim() || 'no output'}`);
  }

  /** ProFTPD or Pure-FTPd from the lab's unpacked packages, in the foreground, anonymous, with the lab's passive range. */
  private async startOtherServer(kind: 'proftpd' | 'pure-ftpd'): Promise<void> {
    const root = labServersDir();
    const host = this.serverLan.host;
    let args: string[];
    if (kind === 'proftpd') {
      const conf = path.join(this.dir, 'proftpd.conf');
      fs.writeFileSync(
        conf,
        [
          'ServerType standalone',
          'DefaultServer on',
          `Port ${this.controlPort}`,
          `DefaultAddress ${host}`,
          'UseIPv6 off',
          'User nobody',
          'Group nogroup',
          `PidFile ${path.join(this.dir, 'proftpd.pid')}`,
          `ScoreboardFile ${path.join(this.dir, 'proftpd.scoreboard')}`,
          'DelayTable none',
          'WtmpLog off',
          'UseReverseDNS off',
          `PassivePorts ${PASSIVE_RANGE.low} ${PASSIVE_RANGE.high}`,
          '<Anonymous ~ftp>',
          '  User ftp',
          '  Group nogroup',
          '  UserAlias anonymous ftp',
          '  RequireValidShell off',
          '</Anonymous>',
          '',
        ].join('\n'),
      );
      args = [path.join(root, 'usr', 'sbin', 'proftpd'), '-n', '-c', conf];
    } else {
      // -e: anonymous only; -H: no name lookups; no -P, so the 227 names the server's own address.
      args = [
        path.join(root, 'usr', 'sbin', 'pure-ftpd'),
        '-S',
        `${host},${this.controlPort}`,
        '-p',
        `${PASSIVE_RANGE.low}:${PASSIVE_RANGE.high}`,
        '-e',
        '-H',
      ];
    }
    await this.untilListening(
      spawn('ip', ['netns', 'exec', this.server, ...args], { stdio: ['ignore', 'ignore', 'pipe'] }),
      kind,
    );
  }

  /**
   * Starts tcpdump in the client's or the server's namespace, writing every TCP
   * packet to `file` (unbuffered, whole packets); resolves once it listens.
   * `interfaceName` "any" writes Linux cooked headers (SLL, or SLL2 with
   * `linkType`), a real interface Ethernet. Stopping it waits for the file.
   */
  async startCapture(
    side: 'client' | 'server',
    file: string,
    options: { interfaceName?: string; linkType?: string } = {},
  ): Promise<{ stop(): Promise<void> }> {
    const args = [
      'netns',
      'exec',
      side === 'client' ? this.client : this.server,
      'tcpdump',
      '-U',
      '--immediate-mode',
      '-n',
      '-s',
      '0',
    ];
    args.push(
      '-i',
      options.interfaceName ?? 'any',
      ...(options.linkType ? ['-y', options.linkType] : []),
      '-w',
      file,
      'tcp',
    );
    const child = spawn('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let said = '';
      const timer = setTimeout(() => reject(new LabError(`tcpdump did not start: ${said}`)), 5000);
      child.stderr.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (/listening on/.test(said)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        reject(new LabError(`tcpdump exited: ${said}`));
      });
    });
    return {
      stop: () =>
        new Promise<void>((resolve) => {
          child.removeAllListeners('exit');
          child.on('exit', () => resolve());
          child.kill('SIGINT');
        }),
    };
  }

  /** Runs a command in the client's namespace; resolves with its exit code, output and wall time. */
  runInClient(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
    return this.runIn(this.client, args, env);
  }

  private runIn(
    namespace: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
    return new Promise((resolve) => {
      const started = performance.now();
      const child = spawn('ip', ['netns', 'exec', namespace, ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
    });
  }

  /** Removes every namespace (and with them the veths), process and file of this scenario. */
  teardown(): void {
    for (const name of [this.client, this.clientRouter, this.serverRouter, this.server]) {
      const pids = run(['ip', 'netns', 'pids', name], { allowFail: true }).split('\n').filter(Boolean);
      for (const pid of pids) spawnSync('kill', ['-9', pid]);
      run(['ip', 'netns', 'del', name], { allowFail: true });
    }
    this.vsftpd?.kill('SIGKILL');
    killProcessesNaming(this.dir);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(this.hostsFile), { recursive: true, force: true });
  }
}
