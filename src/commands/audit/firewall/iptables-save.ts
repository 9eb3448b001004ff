import type { FirewallVerdict } from '../../../record/audit-record.js';
import { ConfigError } from '../config/config-errors.js';
import type { Packet, Ruleset } from './model.js';

interface Rule {
  args: string[];
  text: string;
  /** The rule's matches, read once: evaluating thousands of rules for thousands of ports must stay cheap. */
  test: (packet: Packet) => boolean;
  jump?: string;
}

interface Chain {
  policy?: 'ACCEPT' | 'DROP';
  rules: Rule[];
}

const MAX_JUMPS = 64;

/**
 * The output of iptables-save / ip6tables-save (nft or legacy back end): the
 * filter table's INPUT path evaluated for a new TCP connection, with jumps into
 * user chains, -p, --dport/--dports (ranges and lists), -m state/conntrack, -i
 * and -s where they decide; and the raw table's `-j CT --helper ftp` rules.
 */
export function parseIptablesSave(text: string, file: string, family: 4 | 6): Ruleset {
  const tables = new Map<string, Map<string, Chain>>();
  let current: Map<string, Chain> | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      current = new Map();
      tables.set(line.slice(1), current);
    } else if (line === 'COMMIT') {
      current = undefined;
    } else if (line.startsWith(':')) {
      if (!current) throw new ConfigError(file, index + 1, 'a chain line outside a *table section');
      const [name = '', policy = '-'] = line.slice(1).split(/\s+/);
      current.set(name, { ...(policy === 'ACCEPT' || policy === 'DROP' ? { policy } : {}), rules: [] });
    } else if (line.startsWith('-A ')) {
      if (!current) throw new ConfigError(file, index + 1, 'a rule outside a *table section');
      const args = tokenize(line);
      const chain = current.get(args[1] ?? '');
      if (!chain)
        throw new ConfigError(
          file,
          index + 1,
          `a rule for the chain "${args[1]}", which no ":${args[1]}" line declares`,
        );
      const ruleArgs = args.slice(2);
      const jump = target(ruleArgs);
      const test = compile(ruleArgs);
      // A rule no new TCP connection from anywhere can meet (UDP, loopback, some sources only) is left out of the input path; the raw table keeps every rule.
      if (test !== NEVER || current !== tables.get('filter'))
        chain.rules.push({ args: ruleArgs, text: line, test, ...(jump ? { jump } : {}) });
    } else {
      throw new ConfigError(
        file,
        index + 1,
        `expected *table, :CHAIN, -A CHAIN ... or COMMIT (iptables-save output), not "${line.slice(0, 60)}"`,
      );
    }
  });
  const filter = tables.get('filter') ?? new Map<string, Chain>();
  const raw = tables.get('raw') ?? new Map<string, Chain>();
  const nat = tables.get('nat') ?? new Map<string, Chain>();
  return {
    source: file,
    families: [family],
    evaluate: (packet) => evaluateChain(filter, 'INPUT', packet, 0) ?? policyOf(filter),
    portBreakpoints: () =>
      [...filter.values()].flatMap((chain) =>
        chain.rules.flatMap((rule) => (portSpec(rule.args)?.ranges ?? []).flatMap(([low, high]) => [low, high + 1])),
      ),
    forwardsPort: (port) =>
      [...nat.values()]
        .flatMap((chain) => chain.rules)
        .find((rule) => option(rule.args, '-j') === 'DNAT' && portMatches(rule.args, port) === true)?.text,
    attachesFtpHelper: (port) =>
      [...raw.values()].some((chain) =>
        chain.rules.some(
          (rule) =>
            target(rule.args) === 'CT' &&
            option(rule.args, '--helper') === 'ftp' &&
            portMatches(rule.args, port) !== false,
        ),
      ),
  };
}

function policyOf(filter: Map<string, Chain>): FirewallVerdict {
  const policy = filter.get('INPUT')?.policy ?? 'ACCEPT';
  return { verdict: policy === 'ACCEPT' ? 'accept' : 'drop', rule: `:INPUT ${policy} (the chain's policy)` };
}

/** The verdict of a chain, or undefined when the packet falls off its end (back to the caller). */
function evaluateChain(
  chains: Map<string, Chain>,
  name: string,
  packet: Packet,
  depth: number,
): FirewallVerdict | undefined {
  const chain = chains.get(name);
  if (!chain || depth > MAX_JUMPS) return undefined;
  for (const rule of chain.rules) {
    if (!rule.test(packet)) continue;
    const jump = rule.jump;
    if (jump === 'ACCEPT') return { verdict: 'accept', rule: rule.text };
    if (jump === 'DROP') return { verdict: 'drop', rule: rule.text };
    if (jump === 'REJECT') return { verdict: 'reject', rule: rule.text };
    if (jump === 'RETURN') return undefined;
    if (jump && chains.has(jump)) {
      const inner = evaluateChain(chains, jump, packet, depth + 1);
      if (inner) return inner;
    }
    // LOG, NFLOG, MARK and other non-terminating targets: go on with the next rule.
  }
  return undefined;
}

const NEVER = (): boolean => false;

/** A rule's matches as one test: the packet-independent ones decided here, once. */
function compile(args: string[]): (packet: Packet) => boolean {
  const proto = option(args, '-p') ?? option(args, '--protocol');
  if (proto && !negatable(proto, (value) => value === 'tcp' || value === 'all' || value === '6')) return NEVER;
  // The loopback interface is not where clients come from; other interfaces are taken as the outside.
  const inIface = option(args, '-i') ?? option(args, '--in-interface');
  if (inIface && !negatable(inIface, (value) => value !== 'lo')) return NEVER;
  // A rule for some sources only does not decide for "a client from anywhere".
  const source = option(args, '-s') ?? option(args, '--source');
  if (source && !negatable(source, (value) => value === '0.0.0.0/0' || value === '::/0')) return NEVER;
  const ports = portSpec(args);
  const stateSpec = option(args, '--ctstate') ?? option(args, '--state');
  const states = stateSpec
    ? { negated: stateSpec.startsWith('!'), list: stateSpec.replace(/^!/, '').toLowerCase().split(',') }
    : undefined;
  // Plain loops over flat arrays: this runs once per rule per port stretch, thousands of times over.
  const bounds = ports ? ports.ranges.flat() : undefined;
  const portsNegated = ports?.negated ?? false;
  return (packet) => {
    if (bounds) {
      let inside = false;
      for (let i = 0; i < bounds.length; i += 2) {
        if (packet.port >= bounds[i]! && packet.port <= bounds[i + 1]!) {
          inside = true;
          break;
        }
      }
      if (inside === portsNegated) return false;
    }
    if (states && states.list.includes(packet.state) === states.negated) return false;
    return true;
  };
}

/** A rule's --dport/--dports as ranges, or undefined when it has none. */
function portSpec(args: string[]): { negated: boolean; ranges: Array<[number, number]> } | undefined {
  const spec =
    option(args, '--dport') ??
    option(args, '--dports') ??
    option(args, '--destination-port') ??
    option(args, '--destination-ports');
  if (!spec) return undefined;
  const ranges = spec
    .replace(/^!/, '')
    .split(',')
    .map((part): [number, number] => {
      const [low, high] = part.split(':').map(Number);
      return [low ?? 0, high ?? low ?? 65535];
    });
  return { negated: spec.startsWith('!'), ranges };
}

/** Whether the rule's port match (if any) includes the port: undefined when it has none. */
function portMatches(args: string[], port: number): boolean | undefined {
  const spec = portSpec(args);
  return spec ? spec.ranges.some(([low, high]) => port >= low && port <= high) !== spec.negated : undefined;
}

/** An option's value, with "!" kept in front when negated (iptables-save writes "! --dport 21"). */
function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1] ?? '';
  return args[index - 1] === '!' ? `!${value}` : value;
}

function negatable(value: string, test: (value: string) => boolean): boolean {
  return value.startsWith('!') ? !test(value.slice(1)) : test(value);
}

function target(args: string[]): string | undefined {
  return option(args, '-j') ?? option(args, '--jump') ?? option(args, '-g') ?? option(args, '--goto');
}

function tokenize(line: string): string[] {
  return (line.match(/"[^"]*"|\S+/g) ?? []).map((word) => word.replace(/^"(.*)"$/, '$1'));
}
