import { classifyAddress, sameAddress, SCOPE_WORDS } from '../net/address.js';
import type { ActiveTest, NetworkRecord, NetworkSession, NetworkTest, PassiveTest } from '../record/network-record.js';
import type { DataMode } from '../record/record.js';
import { UNKNOWN_SOFTWARE } from '../protocol/software.js';
import { NETWORK_PHRASES } from './words/network-phrases.js';
import { NETWORK_VERDICTS } from './words/verdict-words.js';
import { describe } from './diagnose.js';
import { SEVERITY_ORDER, type DescribedFinding, type Finding } from './finding.js';
import type { ModeResult } from './mode-result.js';
import { finding } from './rules/helpers.js';
import type { ModeStatus } from './status.js';
import { INCONCLUSIVE_REASONS, waitStatus } from './status.js';
import { fill } from './template.js';
import { verdictOf, type Verdict } from './verdict.js';
import type { NotTestedReason } from './vocabulary.js';

export interface NetworkTestResult extends Omit<ModeResult, 'outcome'> {
  command: NetworkTest['command'];
  security: 'plain' | 'tls';
  /** Active: what arrived and whether the connection back came in. Passive: where the data connection came from. */
  detail: string;
}

export interface NetworkDiagnosis {
  findings: DescribedFinding[];
  /** What to ask the firewall team for, from the findings that need them: a ticket's worth, in order of severity. */
  asks: string[];
  tests: NetworkTestResult[];
  verdict: Verdict;
  publicAddress?: string;
  localAddress?: string;
  nat?: boolean;
  /** Whether routers' FTP helpers can see the reflector's control port: they watch port 21 only. */
  helpersSeen?: boolean;
}

/** The only port routers' FTP helpers watch. */
const FTP_CONTROL_PORT = 21;

const MODE_OF: Record<NetworkTest['command'], DataMode> = {
  PORT: 'active',
  EPRT: 'eprt',
  PASV: 'passive',
  EPSV: 'epsv',
};

/** Findings, one result per test and the verdict, from what the network command saw. Pure: no I/O. */
export function diagnoseNetwork(record: NetworkRecord): NetworkDiagnosis {
  const plain = record.sessions.find((s) => s.security === 'plain');
  const secure = record.sessions.find((s) => s.security === 'tls');
  const found: Finding[] = [];
  const address = record.via.address ?? record.via.host;
  const port = String(record.via.port);
  const hello = plain?.hello;
  const local = plain?.control?.localAddress;
  if (plain && !hello) {
    if (plain.control?.outcome !== 'ok')
      found.push(finding('NETWORK_REFLECTOR_UNREACHABLE', { address, port, how: howControl(plain) }));
    else if (plain.notTested?.reason === 'not-a-reflector')
      found.push(
        finding('NETWORK_NOT_A_REFLECTOR', {
          address,
          port,
          greeting: plain.greeting ? `"${plain.greeting}"` : `nothing (${plain.notTested.detail ?? 'no reply'})`,
        }),
      );
  }
  const nat = hello && local ? !sameAddress(hello.source, local) : undefined;
  if (hello && local) {
    const values = { seenAs: hello.source, localAddress: local, localScope: SCOPE_WORDS[classifyAddress(local).scope] };
    found.push(nat ? finding('NETWORK_NAT_DETECTED', values) : finding('NETWORK_NO_NAT', values));
  }
  if (hello) {
    found.push(...activeRules(plain, secure, hello.source, nat === true));
    found.push(...passiveRules(plain, secure, address, hello.controlPort ?? record.via.port, hello.pasvRange ?? 'any'));
    found.push(...sourceRules([plain, ...(secure ? [secure] : [])], hello.source));
    found.push(...tlsRules(secure, record));
    found.push(...idleRules(record));
  }
  const tests = [plain, secure].flatMap((session) => (session ? testResults(session, hello !== undefined) : []));
  const described = found.map((f) => describe(f, UNKNOWN_SOFTWARE));
  if (
    tests.some((t) => t.status === 'ok') &&
    described.every((f) => f.severity === 'info') &&
    tests.every((t) => t.status === 'ok' || t.reasonCode === 'not-requested' || t.reasonCode === 'not-applicable')
  ) {
    const tlsRan = tests.some((t) => t.security === 'tls' && t.status === 'ok');
    described.push(
      describe(
        finding('NETWORK_ALL_OK', {
          tests: tests
            .filter((t) => t.status === 'ok')
            .map((t) => t.label)
            .join(', '),
          tlsPart: tlsRan ? NETWORK_PHRASES.tlsPart : NETWORK_PHRASES.plainPart,
          address,
        }),
        UNKNOWN_SOFTWARE,
      ),
    );
  }
  const findings = described.sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]);
  const severityOf = (f: Finding): number =>
    SEVERITY_ORDER[findings.find((d) => d.code === f.code)?.severity ?? 'info'];
  const asks = [...found]
    .sort((a, b) => severityOf(b) - severityOf(a))
    .flatMap((f) => {
      const template = NETWORK_PHRASES.asks[f.code];
      return template
        ? [fill(template, { ...f.params, localAddress: local ?? '', via: `${address} port ${port}` })]
        : [];
    });
  // A test that could not run for reasons of its own (a certificate not pinned) leaves the question open, as a deadline does.
  const verdict = verdictOf(
    tests,
    findings,
    {
      summaries: NETWORK_VERDICTS,
      inconclusiveReasons: [...INCONCLUSIVE_REASONS, 'stopped-earlier'],
    },
    'network',
  );
  return {
    findings,
    asks,
    tests,
    verdict,
    ...(hello ? { publicAddress: hello.source } : {}),
    ...(local ? { localAddress: local } : {}),
    ...(nat !== undefined ? { nat } : {}),
    ...(hello ? { helpersSeen: (hello.controlPort ?? record.via.port) === FTP_CONTROL_PORT } : {}),
  };
}

/** network --idle: whether a long transfer's 226 came back over the idle control connection. */
function idleRules(record: NetworkRecord): Finding[] {
  const idle = record.idle;
  if (!idle) return [];
  const seconds = String(idle.seconds);
  if (idle.final === 'not-tested') {
    const why = idle.notTested
      ? fill(NETWORK_PHRASES.idleNotTested[idle.notTested.reason], { detail: idle.notTested.detail ?? '', seconds })
      : '';
    return [finding('NETWORK_IDLE_NOT_TESTED', { seconds, why })];
  }
  if (idle.final === 'ok') return [finding('NETWORK_IDLE_226_ARRIVED', { seconds })];
  const how = idle.final === 'other-reply' ? `"${idle.reply ?? ''}"` : NETWORK_PHRASES.idleEnds[idle.final];
  return [finding('NETWORK_IDLE_226_LOST', { seconds, how, bytes: String(idle.data?.bytes ?? 0) })];
}

function howControl(session: NetworkSession): string {
  const outcome = session.control?.outcome ?? 'error';
  return outcome === 'timeout' || outcome === 'refused' || outcome === 'unreachable'
    ? how(outcome)
    : fill(NETWORK_PHRASES.failedWith, { error: session.control?.error ?? outcome });
}

function how(result: string | undefined): string {
  return NETWORK_PHRASES.how[result ?? 'error'] ?? NETWORK_PHRASES.how.error!;
}

function where(plainFailed: boolean, tlsFailed: boolean): string {
  return plainFailed && tlsFailed
    ? NETWORK_PHRASES.both
    : plainFailed
      ? NETWORK_PHRASES.plainOnly
      : NETWORK_PHRASES.tlsOnly;
}

function activeTests(session: NetworkSession | undefined): ActiveTest[] {
  return (session?.tests ?? []).filter((t): t is ActiveTest => t.kind === 'active' && !t.notTested);
}

function passiveTests(session: NetworkSession | undefined): PassiveTest[] {
  return (session?.tests ?? []).filter((t): t is PassiveTest => t.kind === 'passive' && !t.notTested);
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function rewritten(test: ActiveTest): boolean {
  return (
    test.arrived !== undefined &&
    (!sameAddress(test.arrived.address, test.sent.address) || test.arrived.port !== test.sent.port)
  );
}

function activeRules(
  plain: NetworkSession,
  secure: NetworkSession | undefined,
  publicAddress: string,
  nat: boolean,
): Finding[] {
  const found: Finding[] = [];
  const plainTests = activeTests(plain);
  const tlsTests = activeTests(secure);
  for (const test of plainTests) {
    if (!test.arrived) continue;
    const values = {
      command: test.command,
      sent: hostPort(test.sent.address, test.sent.port),
      arrived: hostPort(test.arrived.address, test.arrived.port),
      seenAs: publicAddress,
    };
    if (rewritten(test)) {
      found.push(
        sameAddress(test.arrived.address, publicAddress)
          ? finding('NETWORK_HELPER_REWROTE', values)
          : finding('NETWORK_HELPER_WRONG_ADDRESS', values),
      );
    } else if (nat) {
      const alsoTls = tlsTests.some((t) => t.command === test.command && t.arrived && !rewritten(t));
      found.push(
        finding('NETWORK_PORT_NOT_REWRITTEN', {
          ...values,
          where: alsoTls ? NETWORK_PHRASES.both : NETWORK_PHRASES.plainOnly,
        }),
      );
    }
  }
  const failed = (t: ActiveTest): boolean => t.connectBack !== undefined && t.connectBack.result !== 'ok';
  const plainFailed = plainTests.filter(failed);
  const tlsFailed = tlsTests.filter(failed);
  const helperInPlain = plainTests.some((t) => rewritten(t) && t.connectBack?.result === 'ok');
  if (tlsFailed.length > 0 && plainFailed.length === 0 && helperInPlain) {
    const first = tlsFailed[0]!;
    found.push(
      finding('NETWORK_TLS_BLINDS_HELPER', {
        commands: tlsFailed.map((t) => t.command).join(' and '),
        seenAs: publicAddress,
        arrived: first.arrived ? hostPort(first.arrived.address, first.arrived.port) : first.sent.address,
        how: how(first.connectBack?.result),
      }),
    );
  } else if (plainFailed.length > 0 || tlsFailed.length > 0) {
    const all = [...plainFailed, ...tlsFailed];
    const result = all[0]!.connectBack!.result;
    const commands = [...new Set(all.map((t) => t.command))].join(' and ');
    found.push(
      finding('NETWORK_ACTIVE_INBOUND_BLOCKED', {
        commands,
        where: where(plainFailed.length > 0, tlsFailed.length > 0),
        seenAs: publicAddress,
        how: how(result),
        cause:
          result === 'refused'
            ? NETWORK_PHRASES.causeRefused
            : result === 'timeout'
              ? NETWORK_PHRASES.causeTimeout
              : NETWORK_PHRASES.causeOther,
      }),
    );
  }
  return found;
}

function passiveRules(
  plain: NetworkSession,
  secure: NetworkSession | undefined,
  address: string,
  controlPort: number,
  pasvRange: string,
): Finding[] {
  // A connection the deadline or Ctrl-C cut short says nothing about this network.
  const failed = (t: PassiveTest): boolean =>
    t.connect !== undefined && t.connect.outcome !== 'ok' && waitStatus(t.connect.outcome) !== 'not_tested';
  const plainFailed = passiveTests(plain).filter(failed);
  const tlsFailed = passiveTests(secure).filter(failed);
  const all = [...plainFailed, ...tlsFailed];
  if (all.length === 0) return [];
  const outcome = all[0]!.connect!.outcome;
  return [
    finding('NETWORK_PASSIVE_OUTBOUND_BLOCKED', {
      ports: [...new Set(all.map((t) => t.connect!.port))].join(', '),
      how: how(
        outcome === 'refused'
          ? 'refused'
          : outcome === 'timeout'
            ? 'timeout'
            : outcome === 'unreachable'
              ? 'unreachable'
              : 'error',
      ),
      commands: [...new Set(all.map((t) => t.command))].join(' and '),
      where: where(plainFailed.length > 0, tlsFailed.length > 0),
      address,
      controlPort: String(controlPort),
      pasvRange,
    }),
  ];
}

/** Each session's control connection has its own source, which a NAT pool may change: data is compared with its own session's. */
function sourceRules(sessions: NetworkSession[], publicAddress: string): Finding[] {
  const others = sessions.flatMap((session) =>
    passiveTests(session).flatMap((t) =>
      t.dataArrived?.source && !sameAddress(t.dataArrived.source, session.hello?.source ?? publicAddress)
        ? [t.dataArrived.source]
        : [],
    ),
  );
  if (others.length === 0) return [];
  return [
    finding('NETWORK_DATA_SOURCE_DIFFERS', {
      dataAddresses: [...new Set(others)].join(', '),
      seenAs: publicAddress,
      count: String(others.length),
    }),
  ];
}

function tlsRules(secure: NetworkSession | undefined, record: NetworkRecord): Finding[] {
  if (!secure?.notTested) return [];
  const reason = secure.notTested.reason;
  if (reason === 'fingerprint-mismatch')
    return [
      finding('NETWORK_TLS_FINGERPRINT_MISMATCH', {
        seen: secure.tls?.certificate?.fingerprint256 ?? '?',
        pinned: record.via.fingerprint ?? '',
      }),
    ];
  const why = `${NETWORK_PHRASES.notTested[reason]}${secure.notTested.detail ? ` (${secure.notTested.detail})` : ''}`;
  const hint =
    reason === 'certificate-unverified' || reason === 'tls-not-offered'
      ? NETWORK_PHRASES.notTestedHint[reason]
      : NETWORK_PHRASES.notTestedHint.other;
  return reason === 'tls-off' ||
    reason === 'deadline' ||
    reason === 'interrupted' ||
    reason === 'not-a-reflector' ||
    reason === 'control-failed'
    ? []
    : [finding('NETWORK_TLS_NOT_TESTED', { why, hint })];
}

/** Why a test did not run, in the report's reason codes: a choice or a limit is not counted; the rest leaves the verdict open. */
function reasonCodeOf(reason: NonNullable<NetworkTest['notTested']>['reason']): NotTestedReason {
  if (reason === 'deadline' || reason === 'interrupted') return reason;
  if (reason === 'tls-off') return 'not-requested';
  if (reason === 'tls-not-offered' || reason === 'family') return 'not-applicable';
  return 'stopped-earlier';
}

function testResults(session: NetworkSession, reflector: boolean): NetworkTestResult[] {
  const commands: NetworkTest['command'][] = ['PORT', 'EPRT', 'PASV', 'EPSV'];
  const ipv6 = (session.control?.localAddress ?? '').includes(':');
  if (!reflector && session.security === 'plain' && session.notTested?.reason !== 'limit') return [];
  return commands.map((command) => {
    const label = session.security === 'tls' ? fill(NETWORK_PHRASES.tlsLabel, { command }) : command;
    const base = {
      mode: MODE_OF[command],
      command,
      label,
      security: session.security,
      phase: 'done' as const,
      durationMs: 0,
      timed: false,
      replies: [],
    };
    const test = session.tests.find((t) => t.command === command);
    const reason =
      test?.notTested?.reason ??
      session.notTested?.reason ??
      (ipv6 && (command === 'PORT' || command === 'PASV') ? 'family' : 'control-failed');
    if (!test || test.notTested) {
      return {
        ...base,
        status: 'not_tested' as const,
        reasonCode: reasonCodeOf(reason),
        reason: NETWORK_PHRASES.notTested[reason],
        detail: '',
      };
    }
    const outcome = statusOf(test);
    return {
      ...base,
      ...(test.reply ? { serverSaid: `${test.reply.code} ${test.reply.text}` } : {}),
      ...outcome,
      ...(outcome.reasonCode === 'deadline' || outcome.reasonCode === 'interrupted'
        ? { reason: NETWORK_PHRASES.notTested[outcome.reasonCode] }
        : {}),
    };
  });
}

/** A wait's status, and the reason when the deadline or Ctrl-C cut it short (not tested, never failed). */
function waited(
  outcome: Parameters<typeof waitStatus>[0] | undefined,
  detail: string,
): { status: ModeStatus; detail: string; reasonCode?: NotTestedReason } {
  const status = waitStatus(outcome ?? 'error');
  return status === 'not_tested'
    ? { status, detail, reasonCode: outcome as 'deadline' | 'interrupted' }
    : { status, detail };
}

function statusOf(test: NetworkTest): { status: ModeStatus; detail: string; reasonCode?: NotTestedReason } {
  const words = NETWORK_PHRASES.detail;
  if (test.reply && test.reply.code >= 400)
    return { status: 'rejected', detail: `${test.reply.code} ${test.reply.text}` };
  if (!test.reply) return waited(test.replyOutcome, fill(words.noReply, { outcome: test.replyOutcome ?? 'error' }));
  const listFailed = (): string =>
    test.listReply
      ? fill(words.listReply, { reply: `${test.listReply.code} ${test.listReply.text}` })
      : fill(words.noListAnswer, { outcome: test.listOutcome ?? 'error' });
  if (test.kind === 'active') {
    const arrived = test.arrived
      ? fill(rewritten(test) ? words.arrivedRewritten : words.arrived, {
          arrived: hostPort(test.arrived.address, test.arrived.port),
        })
      : words.arrivalNotReported;
    const back = test.connectBack?.result;
    if (back === 'ok') return { status: 'ok', detail: fill(words.connectBackOk, { arrived }) };
    if (back)
      return {
        status: back === 'timeout' || back === 'refused' ? back : 'error',
        detail: fill(words.connectBackFailed, { arrived, how: how(back) }),
      };
    return waited(test.listOutcome, `${arrived}; ${listFailed()}`);
  }
  const connect = test.connect;
  if (!connect) return { status: 'error', detail: words.passiveUnreadable };
  if (connect.outcome !== 'ok')
    return waited(
      connect.outcome,
      fill(words.connectFailed, { port: String(connect.port), how: how(connect.outcome) }),
    );
  const arrived = test.dataArrived;
  if (arrived?.result === 'ok')
    return {
      status: 'ok',
      detail: fill(arrived.sameAsControl === false ? words.dataFromOther : words.dataFrom, {
        source: arrived.source ?? '?',
      }),
    };
  if (arrived) return { status: 'error', detail: fill(words.noDataSeen, { result: arrived.result }) };
  return waited(test.listOutcome, listFailed());
}
