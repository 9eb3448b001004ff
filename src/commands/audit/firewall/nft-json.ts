import type { FirewallVerdict } from '../../../record/audit-record.js';
import { ConfigError } from '../config/config-errors.js';
import type { Packet, Ruleset } from './model.js';

type Json = unknown;
interface NftChain {
  family: string;
  table: string;
  name: string;
  hook?: string;
  prio?: number;
  policy?: string;
  type?: string;
}
interface NftRule {
  family: string;
  table: string;
  chain: string;
  expr: Json[];
}

const MAX_JUMPS = 64;
const FAMILIES: Record<string, ReadonlyArray<4 | 6>> = { inet: [4, 6], ip: [4], ip6: [6] };

/**
 * `nft -j list ruleset` (nftables' JSON): every filter base chain on the input
 * hook of the inet, ip and ip6 families, in priority order; a packet must pass
 * each. Matches on tcp dport (values, ranges, sets), ct state, iifname,
 * l4proto and saddr are read; jumps, gotos and returns followed. iptables-nft
 * tables show here with their xt matches opaque: read those with iptables-save.
 */
export function parseNftJson(text: string, file: string): Ruleset {
  try {
    return parseNftDocument(text, file);
  } catch (error) {
    // JSON of an unexpected shape (a string where an object belongs, say) is a file that is not nft's, not a defect here.
    if (error instanceof TypeError)
      throw new ConfigError(file, undefined, `expected the JSON of \`nft -j list ruleset\` (${error.message})`);
    throw error;
  }
}

function parseNftDocument(text: string, file: string): Ruleset {
  const { chains, rules } = readChainsAndRules(text, file);
  return rulesetOf(chains, rules, file);
}

/** The document's chains and rules, named sets resolved, tables made by iptables-nft left out. */
function readChainsAndRules(text: string, file: string): { chains: NftChain[]; rules: NftRule[] } {
  let document: { nftables?: Json[] } | null;
  try {
    document = JSON.parse(text) as { nftables?: Json[] };
  } catch (error) {
    throw new ConfigError(
      file,
      undefined,
      `expected the JSON of \`nft -j list ruleset\` (${(error as Error).message})`,
    );
  }
  if (typeof document !== 'object' || document === null || !Array.isArray(document.nftables))
    throw new ConfigError(file, undefined, 'expected {"nftables": [...]}, the JSON of `nft -j list ruleset`');
  const chains: NftChain[] = [];
  const rules: NftRule[] = [];
  const sets = new Map<string, Json[]>();
  for (const item of document.nftables) {
    const entry = item as {
      chain?: NftChain;
      rule?: NftRule;
      set?: { family: string; table: string; name: string; elem?: Json[] };
    };
    if (entry.set) sets.set(`${entry.set.family} ${entry.set.table} @${entry.set.name}`, entry.set.elem ?? []);
    if (entry.chain) chains.push(entry.chain);
    if (entry.rule) rules.push({ ...entry.rule, expr: Array.isArray(entry.rule.expr) ? entry.rule.expr : [] });
  }
  // A named set (`tcp dport @ftp_passive`) stands for its elements.
  for (const rule of rules)
    rule.expr = rule.expr.map((expr) => resolveSets(expr, (name) => sets.get(`${rule.family} ${rule.table} ${name}`)));
  // Tables iptables-nft made show their matches as opaque "xt" expressions: they are read through iptables-save instead.
  const opaque = new Set(
    rules.filter((rule) => JSON.stringify(rule.expr).includes('"xt"')).map((rule) => `${rule.family} ${rule.table}`),
  );
  for (let i = chains.length - 1; i >= 0; i -= 1)
    if (opaque.has(`${chains[i]!.family} ${chains[i]!.table}`)) chains.splice(i, 1);
  return { chains, rules };
}

/** The ports where a destination-port match starts or stops matching: the audit evaluates one port per stretch. */
function dportBreakpoints(rules: NftRule[]): number[] {
  const points: number[] = [];
  const walk = (right: Json): void => {
    if (typeof right === 'number') points.push(right, right + 1);
    else if (Array.isArray(right)) right.forEach(walk);
    else if (right && typeof right === 'object') {
      const r = right as { set?: Json[]; range?: [number, number] };
      if (r.set) walk(r.set);
      if (r.range) points.push(r.range[0], r.range[1] + 1);
    }
  };
  for (const rule of rules)
    for (const expr of rule.expr) {
      const match = (expr as { match?: { left?: Json; right?: Json } }).match;
      if (match && JSON.stringify(match.left ?? null).includes('"dport"')) walk(match.right);
    }
  return points;
}

/** The input hook's filter chains, evaluated in priority order, as a ruleset. */
function rulesetOf(chains: NftChain[], rules: NftRule[], file: string): Ruleset {
  const rulesOf = (family: string, table: string, chain: string): NftRule[] =>
    rules.filter((r) => r.family === family && r.table === table && r.chain === chain);
  const bases = chains
    .filter((chain) => chain.hook === 'input' && (chain.type ?? 'filter') === 'filter' && FAMILIES[chain.family])
    .sort((a, b) => (a.prio ?? 0) - (b.prio ?? 0));
  return {
    source: file,
    families: [...new Set(bases.flatMap((chain) => FAMILIES[chain.family] ?? []))],
    evaluate(packet) {
      const applicable = bases.filter((chain) => FAMILIES[chain.family]?.includes(packet.family));
      let last: FirewallVerdict | undefined;
      for (const chain of applicable) {
        const verdict = evaluateChain(chain.family, chain.table, chain.name, packet, 0) ?? {
          verdict: chain.policy === 'drop' ? ('drop' as const) : ('accept' as const),
          rule: `${chain.family} ${chain.table} ${chain.name}: policy ${chain.policy ?? 'accept'}`,
        };
        if (verdict.verdict !== 'accept') return verdict;
        last = verdict;
      }
      return last ?? { verdict: 'accept', rule: 'no input chain for this family' };
    },
    portBreakpoints: () => dportBreakpoints(rules),
    forwardsPort(port) {
      const rule = rules.find((r) => JSON.stringify(r.expr).includes('"dnat"') && portMatch(r.expr, port) === true);
      return rule ? `${rule.family} ${rule.table} ${rule.chain}: ${describeRule(rule.expr)}` : undefined;
    },
    attachesFtpHelper(port) {
      // `ct helper set "ftp-..."`: a mangle of the ct helper key, on the control port.
      return rules.some(
        (rule) => JSON.stringify(rule.expr).includes('"helper"') && portMatch(rule.expr, port) !== false,
      );
    },
  };

  function evaluateChain(
    family: string,
    table: string,
    name: string,
    packet: Packet,
    depth: number,
  ): FirewallVerdict | undefined {
    if (depth > MAX_JUMPS) return undefined;
    for (const rule of rulesOf(family, table, name)) {
      if (!ruleMatches(rule.expr, packet)) continue;
      for (const expr of rule.expr) {
        const e = expr as Record<string, Json>;
        const text = `${family} ${table} ${name}: ${describeRule(rule.expr)}`;
        if ('accept' in e) return { verdict: 'accept', rule: text };
        if ('drop' in e) return { verdict: 'drop', rule: text };
        if ('reject' in e) return { verdict: 'reject', rule: text };
        if ('return' in e) return undefined;
        const jump = (e.jump ?? e.goto) as { target?: string } | undefined;
        if (jump?.target) {
          const inner = evaluateChain(family, table, jump.target, packet, depth + 1);
          if (inner) return inner;
          if ('goto' in e) return undefined;
        }
      }
    }
    return undefined;
  }
}

function resolveSets(expr: Json, lookup: (name: string) => Json[] | undefined): Json {
  const match = (expr as { match?: { op?: string; left?: Json; right?: Json } }).match;
  if (!match || typeof match.right !== 'string' || !match.right.startsWith('@')) return expr;
  const elements = lookup(match.right);
  return elements ? { match: { ...match, right: { set: elements } } } : expr;
}

function ruleMatches(exprs: Json[], packet: Packet): boolean {
  for (const expr of exprs) {
    const match = (expr as { match?: { op?: string; left?: Json; right?: Json } }).match;
    if (!match) continue;
    const left = JSON.stringify(match.left ?? null);
    const negate = match.op === '!=';
    let result: boolean | undefined;
    if (left.includes('"dport"')) result = valueIncludes(match.right, packet.port);
    else if (left.includes('"state"') && left.includes('"ct"')) result = valueIncludes(match.right, packet.state);
    else if (left.includes('"iifname"') || left.includes('"iif"')) result = !valueIncludes(match.right, 'lo');
    else if (left.includes('"l4proto"') || left.includes('"protocol"')) result = valueIncludes(match.right, 'tcp');
    else if (left.includes('"saddr"'))
      result = false; // a rule for some sources only does not decide for "anyone"
    else if (left.includes('"nfproto"')) result = valueIncludes(match.right, packet.family === 4 ? 'ipv4' : 'ipv6');
    if (result === undefined) continue;
    if (negate ? result : !result) return false;
  }
  return true;
}

function portMatch(exprs: Json[], port: number): boolean | undefined {
  for (const expr of exprs) {
    const match = (expr as { match?: { left?: Json; right?: Json } }).match;
    if (match && JSON.stringify(match.left ?? null).includes('"dport"')) return valueIncludes(match.right, port);
  }
  return undefined;
}

/** A right-hand side: a value, a list, a set, a range. */
function valueIncludes(right: Json, value: number | string): boolean {
  if (typeof right === 'number' || typeof right === 'string') return right === value;
  if (Array.isArray(right)) return right.some((item) => valueIncludes(item, value));
  if (right && typeof right === 'object') {
    const r = right as { set?: Json[]; range?: [number, number] };
    if (r.set) return valueIncludes(r.set, value);
    if (r.range && typeof value === 'number') return value >= r.range[0] && value <= r.range[1];
  }
  return false;
}

/** A short text of a rule, after nft's own syntax, for the report. */
function describeRule(exprs: Json[]): string {
  return exprs
    .map((expr) => {
      const e = expr as Record<string, Json>;
      const match = e.match as { op?: string; left?: Json; right?: Json } | undefined;
      if (match) return `${leftText(match.left)} ${match.op === '!=' ? '!= ' : ''}${rightText(match.right)}`;
      if ('jump' in e || 'goto' in e)
        return `${'jump' in e ? 'jump' : 'goto'} ${((e.jump ?? e.goto) as { target?: string }).target ?? ''}`;
      const key = Object.keys(e)[0] ?? '';
      return key === 'counter' || key === 'log' ? '' : key;
    })
    .filter(Boolean)
    .join(' ');
}

function leftText(left: Json): string {
  const l = left as { payload?: { protocol?: string; field?: string }; ct?: { key?: string }; meta?: { key?: string } };
  if (l?.payload) return `${l.payload.protocol ?? ''} ${l.payload.field ?? ''}`.trim();
  if (l?.ct) return `ct ${l.ct.key ?? ''}`;
  if (l?.meta) return `meta ${l.meta.key ?? ''}`;
  return JSON.stringify(left);
}

function rightText(right: Json): string {
  if (typeof right === 'number' || typeof right === 'string') return String(right);
  if (Array.isArray(right)) return `{ ${right.map(rightText).join(', ')} }`;
  const r = right as { set?: Json[]; range?: [number, number] };
  if (r?.set) return `{ ${r.set.map(rightText).join(', ')} }`;
  if (r?.range) return `${r.range[0]}-${r.range[1]}`;
  return JSON.stringify(right);
}
