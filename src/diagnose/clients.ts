import { CLIENT_UNROUTABLE_SCOPES, scopeOf } from '../net/address.js';
import type { ModeResult } from './mode-result.js';
import type { DescribedFinding } from './finding.js';
import { entryOf } from './findings/catalogue.js';
import { CLIENT_WORDS } from './words/client-matrix-words.js';
import { fill } from './template.js';

/** What a client will do against this server, from this vantage point. */
export type ClientOutcome = 'works' | 'fails' | 'works-with-setting' | 'could-not-tell' | 'not-supported';

export interface ClientRow {
  id: string;
  client: string;
  short: string;
  outcome: ClientOutcome;
  why: string;
  /** The setting that makes it work, for works-with-setting. */
  setting?: string;
}

/** A mode's fate for a kind of client: listed, failed, or not tested. */
type Fate = 'works' | 'fails' | 'unknown';

/** The observations the client rules read, derived once from the modes and findings. */
export interface Observed {
  /** PASV for clients that connect where the 227 reply says. */
  pasvTrusting: Fate;
  /** PASV for clients that always connect to the control connection's address. */
  pasvControl: Fate;
  /** PASV for clients that use the control address only when the 227 address is private, loopback or link-local (FileZilla, WinSCP, lftp, Go). */
  pasvUnroutable: Fate;
  /** PASV for basic-ftp: a private 227 address is replaced, another public one is an error. */
  pasvBasicFtp: Fate;
  epsv: Fate | 'unsupported';
  port: Fate;
  tlsReuseRequired: boolean;
  /** A reply current curl refuses outright (SERVER_REPLY_MALFORMED). */
  replyRefusedByCurl: boolean;
}

export function observe(modes: ModeResult[], findings: DescribedFinding[]): Observed {
  const mode = (name: ModeResult['mode']): ModeResult | undefined =>
    modes.find((m) => m.mode === name && m.status !== 'not_tested');
  const fate = (m: ModeResult | undefined): Fate => (!m ? 'unknown' : m.status === 'ok' ? 'works' : 'fails');
  const pasv = mode('passive');
  const advertised = pasv?.advertised;
  const scope = advertised?.host ? scopeOf(advertised.host) : undefined;
  // Where the probe connected: the advertised address, or the control address instead (notAdvertised).
  const skipped = pasv?.connection?.notAdvertised === true;
  const sameAsControl = advertised?.host !== undefined && !advertised.unusualScope && !skipped;
  const pasvFate = fate(pasv);
  const pasvTrusting: Fate = !pasv ? 'unknown' : pasvFate === 'fails' ? 'fails' : skipped ? 'fails' : 'works';
  // A failure at a foreign address the client followed says nothing of the ports at the control address.
  const failedAtAdvertised =
    pasvFate === 'fails' && advertised?.unusualScope === true && !skipped && pasv?.connection?.host === advertised.host;
  const pasvControl: Fate = !pasv
    ? 'unknown'
    : failedAtAdvertised
      ? 'unknown'
      : pasvFate === 'fails'
        ? 'fails'
        : skipped || sameAsControl
          ? 'works'
          : 'unknown';
  const unroutable = scope !== undefined && CLIENT_UNROUTABLE_SCOPES.has(scope);
  const pasvUnroutable: Fate = unroutable ? pasvControl : pasvTrusting;
  const pasvBasicFtp: Fate = unroutable ? pasvControl : skipped ? 'fails' : pasvTrusting;
  const epsvMode = mode('epsv');
  const epsv = !epsvMode ? 'unknown' : epsvMode.status === 'unsupported' ? 'unsupported' : fate(epsvMode);
  return {
    pasvTrusting,
    pasvControl,
    pasvUnroutable,
    pasvBasicFtp,
    epsv,
    port: fate(mode('active')),
    tlsReuseRequired: findings.some((f) => entryOf(f.code).clients === 'tls-reuse-required'),
    replyRefusedByCurl: findings.some((f) => entryOf(f.code).clients === 'reply-refused-by-curl'),
  };
}

/** EPSV first, PASV when the server does not support EPSV or EPSV's data connection fails. */
function epsvThenPasv(o: Observed, pasv: Fate): { outcome: ClientOutcome; why: string } {
  if (o.epsv === 'works') return { outcome: 'works', why: 'EPSV lists' };
  if (o.epsv === 'unknown') return { outcome: 'could-not-tell', why: 'EPSV, which it tries first, was not tested' };
  const after =
    o.epsv === 'unsupported' ? 'EPSV is not supported, so PASV' : 'EPSV fails (after waiting for it), so PASV';
  return pasv === 'works'
    ? { outcome: 'works', why: `${after} lists` }
    : pasv === 'fails'
      ? { outcome: 'fails', why: `${after} fails too` }
      : { outcome: 'could-not-tell', why: `${after}, which was not tested` };
}

function passive(pasv: Fate, how: string): { outcome: ClientOutcome; why: string } {
  if (pasv === 'works') return { outcome: 'works', why: `PASV lists (${how})` };
  if (pasv === 'fails') return { outcome: 'fails', why: `PASV fails (${how})` };
  return {
    outcome: 'could-not-tell',
    why: `PASV was not tested, or the probe could not tell where such a client connects (${how})`,
  };
}

interface ClientRule {
  id: string;
  client: string;
  /** For the one-sentence summary. */
  short: string;
  rule: (o: Observed) => { outcome: ClientOutcome; why: string; setting?: string };
}

/**
 * Documented behaviour of real clients (docs/clients.md gives each one's source),
 * as rules over what the probe saw. One table, in code, tested per client.
 */
export const CLIENT_RULES: readonly ClientRule[] = [
  {
    id: 'ftp-exe',
    client: 'Windows ftp.exe',
    short: 'Windows ftp.exe',
    rule: (o) =>
      o.port === 'works'
        ? { outcome: 'works', why: 'it uses active mode only, and PORT lists' }
        : o.port === 'fails'
          ? { outcome: 'fails', why: 'it uses active mode only, and PORT fails' }
          : { outcome: 'could-not-tell', why: 'it uses active mode only, which was not tested' },
  },
  {
    id: 'filezilla',
    client: 'FileZilla',
    short: 'FileZilla',
    rule: (o) => {
      const first = passive(
        o.pasvUnroutable,
        'a private, loopback or link-local 227 address is replaced by the server address',
      );
      if (first.outcome !== 'fails') return first;
      return o.port === 'works'
        ? { outcome: 'works', why: 'PASV fails, and it falls back to active mode, where PORT lists' }
        : first;
    },
  },
  {
    id: 'winscp',
    client: 'WinSCP',
    short: 'WinSCP',
    rule: (o) =>
      passive(o.pasvUnroutable, '"Force IP address for passive mode connections: Auto" replaces a private 227 address'),
  },
  {
    id: 'curl',
    client: 'curl 7.74 and later',
    short: 'curl 7.74+',
    rule: (o) =>
      o.replyRefusedByCurl
        ? { outcome: 'fails', why: 'current releases refuse a malformed reply ("weird server reply") on every URL' }
        : epsvThenPasv(o, o.pasvControl),
  },
  {
    id: 'curl-old',
    client: 'curl before 7.74',
    short: 'older curl',
    rule: (o) => {
      const result = epsvThenPasv(o, o.pasvTrusting);
      return result.outcome === 'fails' && o.pasvControl === 'works'
        ? { outcome: 'works-with-setting', why: `${result.why} to the 227 address`, setting: '--ftp-skip-pasv-ip' }
        : result;
    },
  },
  {
    id: 'lftp',
    client: 'lftp',
    short: 'lftp',
    rule: (o) => passive(o.pasvUnroutable, 'ftp:fix-pasv-address (on by default) replaces a private 227 address'),
  },
  {
    id: 'python-ftplib',
    client: 'Python ftplib with the CVE-2021-4189 fix (3.6.14, 3.7.11, 3.8.9, 3.9.3 and later)',
    short: 'Python ftplib (fixed)',
    rule: (o) => passive(o.pasvControl, 'the 227 address is ignored unless trust_server_pasv_ipv4_address'),
  },
  {
    id: 'python-ftplib-old',
    client: 'Python ftplib without the CVE-2021-4189 fix',
    short: 'Python ftplib without the CVE-2021-4189 fix',
    rule: (o) => passive(o.pasvTrusting, 'it connects where the 227 reply says'),
  },
  {
    id: 'python-ftp-tls',
    client: "Python's FTP_TLS",
    short: 'Python FTP_TLS',
    rule: (o) =>
      o.tlsReuseRequired
        ? {
            outcome: 'fails',
            why: 'it does not resume the TLS session on data connections, and this server requires it',
          }
        : passive(o.pasvControl, 'as ftplib; data connections do not resume the TLS session'),
  },
  { id: 'basic-ftp', client: 'Node basic-ftp', short: 'basic-ftp', rule: (o) => epsvThenPasv(o, o.pasvBasicFtp) },
  {
    id: 'commons-net',
    client: 'Apache Commons Net',
    short: 'Commons Net',
    rule: (o) => {
      if (o.port === 'works') return { outcome: 'works', why: 'it uses active mode by default, and PORT lists' };
      const inPassive = passive(o.pasvUnroutable, 'its NAT workaround replaces a private 227 address');
      return inPassive.outcome === 'works'
        ? {
            outcome: 'works-with-setting',
            why: `active mode (its default) ${o.port === 'fails' ? 'fails' : 'was not tested'}; ${inPassive.why}`,
            setting: 'enterLocalPassiveMode()',
          }
        : o.port === 'fails'
          ? { outcome: 'fails', why: `active mode (its default) fails; ${inPassive.why}` }
          : { outcome: 'could-not-tell', why: 'active mode, its default, was not tested' };
    },
  },
  {
    id: 'go-jlaffaye',
    client: 'Go jlaffaye/ftp',
    short: 'Go jlaffaye/ftp',
    rule: (o) => epsvThenPasv(o, o.pasvUnroutable),
  },
  {
    id: 'browsers',
    client: 'Web browsers',
    short: 'browsers',
    rule: () => ({ outcome: 'not-supported', why: 'FTP support was removed (Chrome 95, Firefox 90)' }),
  },
];

/** The matrix for this probe's vantage point. */
export function clientMatrix(modes: ModeResult[], findings: DescribedFinding[]): ClientRow[] {
  const observed = observe(modes, findings);
  return CLIENT_RULES.map(({ id, client, short, rule }) => ({ id, client, short, ...rule(observed) }));
}

/** "FileZilla and curl users are fine; Windows ftp.exe users hang.": the matrix in one sentence, for the report's first screen. */
export function clientSummary(rows: ClientRow[], fromAnalysis = false): string {
  const names = (outcome: ClientOutcome): string[] =>
    rows.filter((row) => row.outcome === outcome).map((row) => row.short);
  const list = (items: string[]): string =>
    items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  const parts: string[] = [];
  const fine = names('works');
  const failing = names('fails');
  const setting = rows.filter((row) => row.outcome === 'works-with-setting');
  const undecided = names('could-not-tell');
  const decided = rows.filter((row) => row.outcome !== 'not-supported' && row.outcome !== 'could-not-tell');
  // "Every client" only when no row is left undecided.
  if (fine.length && fine.length === decided.length && undecided.length === 0) parts.push(CLIENT_WORDS.allFine);
  else if (fine.length) parts.push(fill(CLIENT_WORDS.fine, { clients: list(fine) }));
  if (setting.length)
    parts.push(
      fill(CLIENT_WORDS.setting, { clients: list(setting.map((row) => `${row.short} (${row.setting ?? ''})`)) }),
    );
  if (failing.length) parts.push(fill(CLIENT_WORDS.failing, { clients: list(failing) }));
  if (!fine.length && !failing.length && !setting.length) parts.push(CLIENT_WORDS.unknown);
  else if (undecided.length) parts.push(fill(CLIENT_WORDS.undecided, { clients: list(undecided) }));
  return `${parts.join('; ')}. ${clientVantage(fromAnalysis)}`;
}

/** Where the matrix holds: where the probe ran, or where a log's or a capture's client did. */
export function clientVantage(fromAnalysis: boolean): string {
  return fromAnalysis ? CLIENT_WORDS.vantageAnalysis : CLIENT_WORDS.vantage;
}

/**
 * The rows for a name's several addresses: a client whose outcome is the same
 * over each keeps it; one whose outcome differs cannot be told without knowing
 * which address it picks, and says how it fares over each.
 */
export function combineClientRows(perAddress: Array<{ address: string; rows: ClientRow[] }>): ClientRow[] {
  const [first, ...rest] = perAddress;
  if (!first) return [];
  return first.rows.map((row) => {
    const others = rest.map((each) => ({ address: each.address, row: each.rows.find((other) => other.id === row.id) }));
    if (others.every((other) => other.row?.outcome === row.outcome)) return row;
    const outcomes = [{ address: first.address, row }, ...others]
      .map(
        (each) =>
          `${each.address}: ${each.row ? CLIENT_WORDS.outcomes[each.row.outcome] : CLIENT_WORDS.outcomes['could-not-tell']}`,
      )
      .join('; ');
    const { setting: _setting, ...plain } = row;
    return { ...plain, outcome: 'could-not-tell', why: fill(CLIENT_WORDS.byAddress, { outcomes }) };
  });
}
