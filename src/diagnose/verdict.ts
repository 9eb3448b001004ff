import { NOT_TESTED_WORDS, VERDICT_PHRASES, VERDICTS } from './catalogue.js';
import type { ModeResult } from './mode-result.js';
import type { NotTestedReason, VerdictName } from './vocabulary.js';
import type { DescribedFinding } from './finding.js';
import { INCONCLUSIVE_REASONS, UNCOUNTED_REASONS, type ModeStatus } from './status.js';
import { fill } from './template.js';

export interface Verdict {
  verdict: VerdictName;
  label: string;
  summary: string;
}

/** Worst first: the order in which verdicts win when several apply (and when several addresses combine). */
export const VERDICT_PRECEDENCE: readonly VerdictName[] = ['failed', 'degraded', 'inconclusive', 'ok'];

const BROKEN: readonly ModeStatus[] = ['refused', 'timeout', 'rejected', 'error'];
const WORKAROUND_CODES = new Set(['PASV_PRIVATE_ADDRESS', 'PASV_UNSPECIFIED_ADDRESS', 'PASV_ADDRESS_MISMATCH']);

/**
 * The one verdict function, for every command and format:
 * - failed: no counted mode lists, and the server or the network is why (a mode broke, or an error finding such as a refused login);
 * - degraded: some mode broke, or an error finding stands, or listings work only through clients' workarounds;
 * - inconclusive: something asked could not be tested, for reasons that are not the server's (deadline, Ctrl-C, a log that does not show it);
 * - ok: every counted mode lists and nothing at error stands.
 * Modes not requested or not applicable do not count.
 */
/** What the verdict reads of a mode: its status and, when not tested, why. */
type CountedMode = Pick<ModeResult, 'mode' | 'label' | 'status' | 'reasonCode' | 'reason'>;

export function verdictOf(
  modes: CountedMode[],
  findings: DescribedFinding[],
  wording: VerdictWording = { summaries: VERDICTS, inconclusiveReasons: INCONCLUSIVE_REASONS },
): Verdict {
  const counted = modes.filter((m) => !(m.reasonCode && UNCOUNTED_REASONS.includes(m.reasonCode)));
  const working = counted.filter((m) => m.status === 'ok');
  const broken = counted.filter((m) => BROKEN.includes(m.status));
  const untested = counted.filter(
    (m) => m.status === 'not_tested' && m.reasonCode && wording.inconclusiveReasons.includes(m.reasonCode),
  );
  const errors = findings.filter((f) => f.severity === 'error');
  const workaround = findings.some((f) => WORKAROUND_CODES.has(f.code));
  const name = pick(working.length, broken.length, errors.length, workaround, untested.length);
  const parts: string[] = [];
  if (broken.length > 0) parts.push(fill(VERDICT_PHRASES.failingModes, { modes: labels(broken) }));
  if (workaround) parts.push(VERDICT_PHRASES.fallbackOnly);
  const otherErrors = errors.filter(
    (f) => !WORKAROUND_CODES.has(f.code) && !(f.mode && broken.some((m) => m.mode === f.mode)),
  );
  if (otherErrors.length > 0 && name === 'degraded')
    parts.push(fill(VERDICT_PHRASES.errorFindings, { codes: [...new Set(otherErrors.map((f) => f.code))].join(', ') }));
  const reasons = [...new Set(untested.map((m) => m.reason ?? (m.reasonCode ? NOT_TESTED_WORDS[m.reasonCode] : '')))]
    .filter(Boolean)
    .join('; ');
  const summary = fill(wording.summaries[name].summary, {
    working: working.length ? labels(working) : VERDICT_PHRASES.none,
    failing: parts.join('; '),
    untested: untested.length ? `${labels(untested)} (${reasons})` : VERDICT_PHRASES.none,
  });
  return { verdict: name, label: wording.summaries[name].label, summary };
}

/** The words a command's verdicts are said in, and which untested reasons leave its question open. */
export interface VerdictWording {
  summaries: Record<VerdictName, { label: string; summary: string }>;
  inconclusiveReasons: readonly NotTestedReason[];
}

function pick(working: number, broken: number, errors: number, workaround: boolean, untested: number): VerdictName {
  if (working === 0 && (broken > 0 || errors > 0)) return 'failed';
  if (broken > 0 || errors > 0 || workaround) return 'degraded';
  if (working === 0 || untested > 0) return 'inconclusive';
  return 'ok';
}

function labels(modes: CountedMode[]): string {
  return modes.map((m) => m.label).join(', ');
}

/** The worse of several verdicts. */
export function worstVerdict(verdicts: Verdict[]): Verdict | undefined {
  return [...verdicts].sort((a, b) => VERDICT_PRECEDENCE.indexOf(a.verdict) - VERDICT_PRECEDENCE.indexOf(b.verdict))[0];
}

/**
 * One verdict for a name's addresses: failed only when no address lists; when
 * one lists and another fails, degraded, whatever the failing one's own
 * verdict (most clients try the next address after a failed connection).
 */
export function combinedVerdict(addresses: Array<{ address: string; verdict: Verdict }>): Verdict | undefined {
  if (addresses.length <= 1) return addresses[0]?.verdict;
  const lists = addresses.filter((a) => a.verdict.verdict === 'ok' || a.verdict.verdict === 'degraded');
  const failed = addresses.filter((a) => a.verdict.verdict === 'failed');
  if (lists.length === 0 || failed.length === 0) return worstVerdict(addresses.map((a) => a.verdict));
  const summary = fill(VERDICT_PHRASES.addressesMixed, {
    working: lists.map((a) => a.address).join(', '),
    failing: failed.map((a) => a.address).join(', '),
  });
  return { verdict: 'degraded', label: VERDICTS.degraded.label, summary };
}
