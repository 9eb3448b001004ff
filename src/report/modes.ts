import type { ModeResult } from '../diagnose/mode-result.js';

/** The modes the probe was asked to try, or the log shows: the rows of a table. The others are listed once, with their reason. */
export function attemptedModes(modes: ModeResult[]): ModeResult[] {
  return modes.filter((mode) => mode.reasonCode !== 'not-requested' && mode.reasonCode !== 'not-shown-in-log');
}

/** Modes not tested, grouped by their reason: "EPSV, PORT: not requested (--modes)". */
export function notTestedGroups(modes: ModeResult[]): Array<{ labels: string; reason: string }> {
  const groups = new Map<string, string[]>();
  for (const mode of modes) {
    if (mode.status !== 'not_tested') continue;
    const reason = mode.reason ?? '';
    groups.set(reason, [...(groups.get(reason) ?? []), mode.label]);
  }
  return [...groups].map(([reason, labels]) => ({ labels: labels.join(', '), reason }));
}
