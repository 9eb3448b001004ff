import type { FindingEntry } from '../entry.js';
import { AUDIT_FINDINGS } from './audit-findings.js';
import { CAPTURE_FINDINGS } from './capture-findings.js';
import { CONTROL_FINDINGS } from './control-findings.js';
import { DATA_FINDINGS } from './data-findings.js';
import { DEPLOYMENT_FINDINGS } from './deployment-findings.js';
import { DUAL_STACK_FINDINGS } from './dual-stack-findings.js';
import { IDLE_FINDINGS } from './idle-findings.js';
import { NETWORK_FINDINGS } from './network-findings.js';
import { OUTCOME_FINDINGS } from './outcome-findings.js';
import { TLS_FINDINGS } from './tls-findings.js';
import { TRANSFER_FINDINGS } from './transfer-findings.js';

/**
 * Every finding, by area: one file per area holds each code's wording (`{name}`
 * stands for a value the rule supplies), its role in the verdict, its alert and
 * its effect on the client matrix. The parameters each code needs are read from
 * its text by the type system (ParamsOf), so a rule that leaves one out does not compile.
 */
export const FINDINGS_BY_AREA = {
  control: CONTROL_FINDINGS,
  tls: TLS_FINDINGS,
  data: DATA_FINDINGS,
  transfer: TRANSFER_FINDINGS,
  idle: IDLE_FINDINGS,
  'dual-stack': DUAL_STACK_FINDINGS,
  capture: CAPTURE_FINDINGS,
  audit: AUDIT_FINDINGS,
  deployment: DEPLOYMENT_FINDINGS,
  network: NETWORK_FINDINGS,
  outcome: OUTCOME_FINDINGS,
} as const;

export type FindingArea = keyof typeof FINDINGS_BY_AREA;

/** All findings in one table, in the areas' order. A code appears in one area only (a test checks it). */
export const CATALOGUE = {
  ...CONTROL_FINDINGS,
  ...TLS_FINDINGS,
  ...DATA_FINDINGS,
  ...TRANSFER_FINDINGS,
  ...IDLE_FINDINGS,
  ...DUAL_STACK_FINDINGS,
  ...CAPTURE_FINDINGS,
  ...AUDIT_FINDINGS,
  ...DEPLOYMENT_FINDINGS,
  ...NETWORK_FINDINGS,
  ...OUTCOME_FINDINGS,
} as const satisfies Record<string, FindingEntry>;

/** A finding's stable code: a key of the catalogue, so a code without its wording cannot exist. */
export type FindingCode = keyof typeof CATALOGUE;

/** Every finding code, in the catalogue's order. Stable once released: renaming one breaks users' scripts. */
export const FINDING_CODES = Object.keys(CATALOGUE) as FindingCode[];

export function isFindingCode(text: string): text is FindingCode {
  return Object.hasOwn(CATALOGUE, text);
}

/** The area each code belongs to (the file it is written in). */
export const AREA_OF = Object.fromEntries(
  Object.entries(FINDINGS_BY_AREA).flatMap(([area, entries]) => Object.keys(entries).map((code) => [code, area])),
) as Record<FindingCode, FindingArea>;

/** A code's entry, read as the common shape (optional fields and all). */
export function entryOf(code: FindingCode): FindingEntry {
  return CATALOGUE[code];
}

type Placeholders<Text> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type EntryTexts<Entry> = Entry extends { title: infer T; explanation: infer E; fix: infer F }
  ? | T
    | E
    | F
    | (Entry extends { fixFor: infer Fixes } ? Fixes[keyof Fixes] : never)
    | (Entry extends { inAnalysis: infer Words } ? Words[keyof Words] : never)
  : never;

/** The parameters a code's wording needs, read from its catalogue text. */
export type ParamsOf<Code extends FindingCode> = Placeholders<EntryTexts<(typeof CATALOGUE)[Code]>>;
/** Every parameter name any finding uses. */
export type ParamName = ParamsOf<FindingCode>;
