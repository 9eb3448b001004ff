import type { LogClientName } from './entry.js';
import { classifyAddress, isBehindNat, isUnusualFor, sameAddress } from '../net/address.js';
import { serverSoftware } from '../record/derive.js';
import {
  ALL_MODES,
  type EnduranceObservation,
  type IdleObservation,
  type LogSource,
  type ModeObservation,
  type NotShown,
  type ProbeRecord,
} from '../record/record.js';
import type { ServerSoftware } from '../protocol/software.js';
import { CATALOGUE } from './findings/catalogue.js';
import { NOT_TESTED_WORDS } from './words/verdict-words.js';
import { OUTCOME_WORDS } from './words/report-lines.js';
import { PHRASES } from './words/rule-phrases.js';
import { STOPPED_WORDS } from './words/exit-words.js';
import type { CatalogueEntry, DescribedFinding, Finding } from './finding.js';
import { SEVERITY_ORDER } from './finding.js';
import {
  connectionLimitRules,
  controlRules,
  malformedReplyRules,
  oddReplyRules,
  surplusReplyRules,
} from './rules/control-rules.js';
import { modeRules } from './rules/data-rules.js';
import { downloadResult, downloadRules } from './rules/download-rules.js';
import { enduranceRules } from './rules/endurance-rules.js';
import { finding, seconds } from './rules/helpers.js';
import { expectationRules, sampleRules } from './rules/sample-rules.js';
import { tlsRules } from './rules/tls-rules.js';
import { middleboxRules } from './rules/middlebox.js';
import { idleRules, idleSummary, type IdleSummary } from './rules/idle-rules.js';
import { clientMatrix, clientSummary, type ClientRow } from './clients.js';
import { dualStackRules } from './rules/dual-stack.js';
import { firewallSummary, type FirewallSummary } from './firewall.js';
import type { EnduranceResult, ModeResult } from './mode-result.js';
import { MODE_LABELS, modeStatus, notTestedReason } from './status.js';
import type { NotTestedReason } from './vocabulary.js';
import { verdictOf, type Verdict } from './verdict.js';
import { fill } from './template.js';
import type { Expectations } from './gate.js';
import { SCOPE_WORDS, type AddressScope } from '../net/address.js';

export interface Diagnosis {
  modes: ModeResult[];
  findings: DescribedFinding[];
  verdict: Verdict;
  /** This machine's side of the control connection, and whether NAT lies between it and the server. */
  vantage: { localAddress?: string; localScope?: AddressScope; behindNat: boolean };
  software: ServerSoftware;
  firewall: FirewallSummary;
  /** Which clients work against this server from this vantage point, and the same in one sentence. */
  clients: ClientRow[];
  clientSummary: string;
  /** --idle: whose timer forgets an idle control connection, the bounds found, and each connection's wait. */
  idle?: IdleSummary & { connections: IdleObservation['connections'] };
  /** --transfers N: how far the run of transfers went. */
  endurance?: EnduranceResult;
  /** analyze: the log the observations come from, and what it does not show, in words and as codes. */
  source?: Omit<LogSource, 'notShown'> & { notShown: string[]; notShownCodes: NotShown[] };
}

function enduranceResult(run: EnduranceObservation): EnduranceResult {
  return {
    mode: run.mode,
    command: run.command,
    asked: run.asked,
    worked: run.worked,
    durationMs: run.ms,
    ...(run.failed ? { failedAt: run.worked + 1 } : {}),
  };
}

/** Turns a recorded probe into findings, mode results and a verdict. Pure: no I/O. */
/** `siblings`: the other addresses of the same name, probed alongside (the other family, say). */
export function diagnose(
  record: ProbeRecord,
  expectations: Expectations = {},
  siblings: readonly ProbeRecord[] = [],
): Diagnosis {
  const fromLog = record.source !== undefined;
  const recorded = record.modes.map((mode) => {
    const result = modeResult(mode, record.control.address, fromLog);
    const download = downloadResult(record, mode);
    return download ? { ...result, download } : result;
  });
  // Every mode appears, so that what was not tested says why in every format.
  const absent: ModeResult[] = ALL_MODES.filter((mode) => !record.modes.some((m) => m.mode === mode)).map((mode) => {
    const reasonCode: NotTestedReason = fromLog ? 'not-shown-in-log' : 'not-requested';
    return {
      mode,
      label: MODE_LABELS[mode],
      status: 'not_tested',
      outcome: OUTCOME_WORDS.notTested,
      reasonCode,
      reason: NOT_TESTED_WORDS[reasonCode],
      phase: 'setup',
      durationMs: 0,
      timed: false,
      replies: [],
    };
  });
  const modes = [...recorded, ...absent];
  const raw = [
    ...rawFindings(record),
    ...dualStackRules(record, siblings),
    ...unmetExpectationRules(modes, expectations),
  ];
  const software = serverSoftware(record);
  const findings = raw.map((f) => describe(f, software, record.source?.client)).sort(bySeverity);
  const verdict = verdictOf(modes, findings);
  const clients = clientMatrix(modes, findings);
  const localAddress = record.control.localAddress;
  return {
    modes,
    findings,
    verdict,
    vantage: {
      ...(localAddress ? { localAddress, localScope: classifyAddress(localAddress).scope } : {}),
      behindNat: localAddress ? isBehindNat(localAddress, record.control.address) : false,
    },
    software,
    firewall: firewallSummary(record),
    clients,
    clientSummary: clientSummary(clients, record.source !== undefined),
    ...(record.idle ? { idle: { ...idleSummary(record.idle), connections: record.idle.connections } } : {}),
    ...(record.endurance ? { endurance: enduranceResult(record.endurance) } : {}),
    ...(record.source
      ? {
          source: {
            ...record.source,
            notShown: record.source.notShown.map((code) => PHRASES.notShown[code]),
            notShownCodes: record.source.notShown,
          },
        }
      : {}),
  };
}

/** A mode the targets file expects to work that did not. */
function unmetExpectationRules(modes: ModeResult[], expectations: Expectations): Finding[] {
  return modes
    .filter((mode) => expectations.modes?.[mode.mode] === 'ok' && mode.status !== 'ok')
    .map((mode) =>
      finding(
        'EXPECTED_OK',
        {
          modeName: mode.label,
          modeKey: mode.mode,
          status: mode.status,
          detail: mode.reason ?? `phase reached: ${mode.phase}`,
        },
        [],
        mode.mode,
      ),
    );
}

function rawFindings(record: ProbeRecord): Finding[] {
  const found = [...controlRules(record), ...tlsRules(record), ...connectionLimitRules(record)];
  const local = record.settings.externalIp ?? record.control.localAddress;
  const activeModes = record.modes.filter((m) => (m.mode === 'active' || m.mode === 'eprt') && m.command);
  if (local && activeModes.length > 0 && isBehindNat(local, record.control.address)) {
    found.push(
      finding('ACTIVE_CLIENT_PRIVATE_ADDRESS', {
        local,
        localScope: SCOPE_WORDS[classifyAddress(local).scope],
        peer: record.control.address,
      }),
    );
  }
  for (const mode of record.modes) found.push(...modeRules(record, mode));
  found.push(...downloadRules(record), ...enduranceRules(record));
  found.push(...sampleRules(record), ...expectationRules(record));
  found.push(...oddReplyRules(record), ...surplusReplyRules(record), ...malformedReplyRules(record));
  found.push(...middleboxRules(record));
  found.push(...idleRules(record, serverSoftware(record).name));
  for (const flood of record.control.floods ?? []) {
    found.push(
      finding('SERVER_REPLY_FLOOD', {
        channel: flood.channel,
        replies: String(flood.replies),
        bytes: String(flood.bytes),
        sample: flood.sample,
      }),
    );
  }
  if (record.deadlineHit)
    found.push(finding('PROBE_DEADLINE_REACHED', { deadlineS: seconds(record.settings.deadlineMs) }));
  const tested = record.modes.filter((m) => modeStatus(m) !== 'not_tested');
  const quiet = found.every((f) => CATALOGUE[f.code].severity === 'info');
  if (tested.length > 0 && tested.every((m) => modeStatus(m) === 'ok') && quiet) {
    found.push(finding('ALL_MODES_OK', { modes: tested.map((m) => MODE_LABELS[m.mode]).join(', ') }));
  }
  return found;
}

/** A finding in words; `logClient` is given for a log's or a capture's analysis, whose words are the client's, not this machine's. */
export function describe(f: Finding, software: ServerSoftware, logClient?: string): DescribedFinding {
  const catalogued: CatalogueEntry = CATALOGUE[f.code];
  const entry: CatalogueEntry = logClient !== undefined ? { ...catalogued, ...catalogued.inAnalysis } : catalogued;
  // A log's client that limits what its user can do gets its own fix; otherwise the server software's.
  const forClient = logClient ? entry.fixForClient?.[logClient as LogClientName] : undefined;
  const specific = forClient ?? (software.id !== 'unknown' ? entry.fixFor?.[software.id] : undefined);
  return {
    code: f.code,
    severity: f.severity ?? entry.severity,
    ...(f.mode ? { mode: f.mode } : {}),
    title: fill(entry.title, f.params),
    explanation: fill(entry.explanation, f.params),
    fix: fill(specific ?? entry.fix, f.params),
    params: f.params,
    ...(forClient ? { fixFor: logClient } : specific ? { fixFor: software.name } : {}),
    evidence: f.evidence,
  };
}

function bySeverity(a: DescribedFinding, b: DescribedFinding): number {
  return SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity];
}

function modeResult(o: ModeObservation, peer: string, fromLog: boolean): ModeResult {
  const status = modeStatus(o);
  const result: ModeResult = {
    mode: o.mode,
    label: MODE_LABELS[o.mode],
    status,
    outcome: outcomeWords(status, o),
    phase: o.phase,
    durationMs: o.durationMs,
    // A log without timestamps (or with one for the whole mode) shows no time: 0 ms there is not a measurement.
    timed: status !== 'not_tested' && !(fromLog && o.durationMs === 0),
    replies: [o.command?.reply, ...o.listReplies].flatMap((reply) => reply?.lines ?? []),
  };
  const reasonCode = notTestedReason(o, fromLog);
  if (reasonCode) {
    const recorded = o.notTested?.reason;
    result.reasonCode = reasonCode;
    result.reason =
      recorded === 'login-failed' || recorded === 'control-failed' || recorded === 'setup-failed'
        ? STOPPED_WORDS[recorded]
        : NOT_TESTED_WORDS[reasonCode];
    const waited = cutShortWait(o);
    if (waited && (reasonCode === 'deadline' || reasonCode === 'interrupted'))
      result.reason = fill(PHRASES.waitedFor, {
        reason: result.reason,
        seconds: (waited.ms / 1000).toFixed(1),
        what: waited.what,
      });
  }
  const said = o.command?.reply?.lines.at(-1);
  if (said) result.serverSaid = said;
  if (o.advertised) {
    const host = o.advertised.host;
    const scope = host ? classifyAddress(host).scope : undefined;
    const unusualScope = host !== undefined && isUnusualFor(host, peer);
    result.advertised = {
      ...(host ? { host } : {}),
      port: o.advertised.port,
      ...(scope ? { scope, scopeWords: SCOPE_WORDS[scope] } : {}),
      ...(unusualScope ? { unusualScope } : {}),
    };
  }
  if (o.dataTarget?.host) {
    result.connection = {
      direction: 'outbound',
      host: o.dataTarget.host,
      port: o.dataTarget.port,
      // A client that always uses the control address (curl) "skips" a 227 that named that address: no other address.
      notAdvertised:
        o.dataTarget.advertisedSkipped &&
        !(o.advertised?.host !== undefined && sameAddress(o.advertised.host, o.dataTarget.host)),
    };
  } else if (o.accept?.remoteAddress && o.accept.remotePort) {
    result.connection = {
      direction: 'inbound',
      host: o.accept.remoteAddress,
      port: o.accept.remotePort,
      notAdvertised: false,
    };
  }
  if (o.dataTls)
    result.tls = {
      outcome: o.dataTls.outcome,
      ...(o.dataTls.resumed !== undefined ? { resumed: o.dataTls.resumed } : {}),
    };
  if (o.transfer) {
    result.entries = o.transfer.lines;
    result.bytes = o.transfer.bytes;
  }
  return result;
}

/** The wait a deadline or Ctrl-C cut short, and how long it had lasted: what was seen is kept beside "not tested". */
function cutShortWait(o: ModeObservation): { ms: number; what: string } | undefined {
  const cut = (outcome: string | undefined): boolean => outcome === 'deadline' || outcome === 'interrupted';
  const words = PHRASES.waitedWhat;
  if (o.command && cut(o.command.outcome))
    return { ms: o.command.ms, what: fill(words.command, { command: o.command.command.split(' ')[0] ?? '' }) };
  if (o.dataConnect && cut(o.dataConnect.outcome)) return { ms: o.dataConnect.ms, what: words.dataConnect };
  if (o.accept && cut(o.accept.outcome)) return { ms: o.accept.ms, what: words.accept };
  if (o.list && cut(o.list.outcome)) return { ms: o.list.ms, what: words.list };
  if (o.transfer && cut(o.transfer.end))
    return { ms: o.transfer.ms, what: fill(words.transfer, { bytes: String(o.transfer.bytes) }) };
  if (o.completion && cut(o.completion.outcome)) return { ms: o.completion.ms, what: words.completion };
  return undefined;
}

/** A mode's outcome in the catalogue's few words. */
function outcomeWords(status: ModeResult['status'], o: ModeObservation): string {
  if (status === 'ok') {
    const entries = o.transfer?.lines ?? 0;
    return fill(OUTCOME_WORDS.ok, { entries: String(entries), entryWord: entries === 1 ? 'entry' : 'entries' });
  }
  if (status === 'not_tested') return OUTCOME_WORDS.notTested;
  if (status === 'unsupported') return OUTCOME_WORDS.unsupported;
  return fill(OUTCOME_WORDS.failed, { status, phaseWords: OUTCOME_WORDS.phases[o.phase] });
}
