import { entryOf, type FindingCode } from './findings/catalogue.js';
import { NOT_TESTED_WORDS, VERDICT_PHRASES, VERDICTS } from './words/verdict-words.js';
import type { FindingRole, Severity } from './entry.js';
import { SEVERITY_ORDER } from './entry.js';
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

/**
 * Each pipeline's one threshold, in one table: from which severity a finding that
 * degrades (or blocks, or needs a workaround) counts against the verdict, and what
 * makes the verdict failed. A log's or a capture's analysis is judged as a probe is.
 * - nothing-lists: no counted mode (or test) worked, and a mode broke or a finding counts;
 * - blocked-everywhere: findings whose role is `blocks` hold in every place checked (each firewall family an audit read; anywhere, for a deployment).
 */
export const PIPELINES = {
  probe: { countsFrom: 'error', fails: 'nothing-lists' },
  network: { countsFrom: 'error', fails: 'nothing-lists' },
  audit: { countsFrom: 'warning', fails: 'blocked-everywhere' },
  deployment: { countsFrom: 'error', fails: 'blocked-everywhere' },
} as const satisfies Record<string, { countsFrom: Severity; fails: 'nothing-lists' | 'blocked-everywhere' }>;
export type Pipeline = keyof typeof PIPELINES;

/** What a verdict is decided from, whatever the pipeline. */
export interface VerdictFacts {
  /** For a probe, a log or a network test: how many counted modes (tests) worked, broke, or were left open. */
  modes?: { working: number; broken: number; untested: number };
  findings: ReadonlyArray<Pick<DescribedFinding, 'code' | 'severity' | 'params'>>;
  /** For blocked-everywhere: the places checked (an audit's firewall families, "4" and "6"); absent, one place. */
  places?: readonly string[];
  /** Nothing at all could be checked. */
  nothingChecked?: boolean;
  /** Something could not be checked, so ok cannot be said. */
  open?: boolean;
}

export function roleOf(code: FindingCode): FindingRole {
  return entryOf(code).role;
}

/** Whether a finding counts against its pipeline's verdict: its role, at or above the pipeline's severity. */
export function counts(pipeline: Pipeline, finding: Pick<DescribedFinding, 'code' | 'severity'>): boolean {
  const role = roleOf(finding.code);
  return (
    (role === 'blocks' || role === 'degrades' || role === 'workaround') &&
    SEVERITY_ORDER[finding.severity] >= SEVERITY_ORDER[PIPELINES[pipeline].countsFrom]
  );
}

/** The one verdict decision, for every pipeline: the roles of its findings, read with the pipeline's threshold. */
export function decideVerdict(pipeline: Pipeline, facts: VerdictFacts): VerdictName {
  if (facts.nothingChecked) return 'inconclusive';
  const counted = facts.findings.filter((f) => counts(pipeline, f));
  const workaround = facts.findings.some((f) => roleOf(f.code) === 'workaround');
  const modes = facts.modes;
  const failed =
    PIPELINES[pipeline].fails === 'nothing-lists'
      ? modes !== undefined && modes.working === 0 && (modes.broken > 0 || counted.length > 0)
      : blockedEverywhere(counted, facts.places);
  if (failed) return 'failed';
  if ((modes?.broken ?? 0) > 0 || counted.length > 0 || workaround) return 'degraded';
  if (facts.open || (modes !== undefined && (modes.working === 0 || modes.untested > 0))) return 'inconclusive';
  return 'ok';
}

/** Blocking findings cover every place checked: each names its family ("4", "6", "4 and IPv6"), or holds everywhere. */
function blockedEverywhere(findings: VerdictFacts['findings'], places: readonly string[] | undefined): boolean {
  const blocking = findings.filter((f) => roleOf(f.code) === 'blocks');
  if (blocking.length === 0) return false;
  if (places === undefined || blocking.some((f) => f.params.family === undefined)) return true;
  const covered = new Set(blocking.flatMap((f) => f.params.family?.match(/[46]/g) ?? []));
  return places.length > 0 && places.every((place) => covered.has(place));
}

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
  pipeline: Pipeline = 'probe',
): Verdict {
  const counted = modes.filter((m) => !(m.reasonCode && UNCOUNTED_REASONS.includes(m.reasonCode)));
  const working = counted.filter((m) => m.status === 'ok');
  const broken = counted.filter((m) => BROKEN.includes(m.status));
  const untested = counted.filter(
    (m) => m.status === 'not_tested' && m.reasonCode && wording.inconclusiveReasons.includes(m.reasonCode),
  );
  const errors = findings.filter((f) => counts(pipeline, f));
  const workaround = findings.some((f) => roleOf(f.code) === 'workaround');
  const name = decideVerdict(pipeline, {
    modes: { working: working.length, broken: broken.length, untested: untested.length },
    findings,
  });
  const parts: string[] = [];
  if (broken.length > 0) parts.push(fill(VERDICT_PHRASES.failingModes, { modes: labels(broken) }));
  if (workaround) parts.push(VERDICT_PHRASES.fallbackOnly);
  const otherErrors = errors.filter(
    (f) => roleOf(f.code) !== 'workaround' && !(f.mode && broken.some((m) => m.mode === f.mode)),
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
