import { CATALOGUE, type FindingCode } from './catalogue.js';

export type { FindingCode };

/** Every finding code, in the catalogue's order. Stable once released: renaming one breaks users' scripts. */
export const FINDING_CODES = Object.keys(CATALOGUE) as FindingCode[];

export function isFindingCode(text: string): text is FindingCode {
  return Object.hasOwn(CATALOGUE, text);
}
