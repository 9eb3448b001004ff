import { familyOf, isPassive } from '../../record/derive.js';
import type { ProbeRecord } from '../../record/record.js';
import type { Finding } from '../finding.js';
import { MODE_LABELS, modeStatus } from '../status.js';
import { baseParams, finding } from './helpers.js';
import { PHRASES } from '../words/rule-phrases.js';

const UNREACHED = new Set(['refused', 'timeout', 'unreachable', 'reset', 'error']);

/**
 * The IPv6 address of a name against its IPv4 one, probed side by side. Two
 * cases are kept apart: IPv6 not answering at all (clients may fall back), and
 * IPv6 logging in but not listing (clients hang). Raised on the IPv6 record.
 */
export function dualStackRules(record: ProbeRecord, siblings: readonly ProbeRecord[]): Finding[] {
  if (familyOf(record.control.address) !== 6) return [];
  const v4 = siblings.find((other) => familyOf(other.control.address) === 4 && other.control.login?.loggedIn);
  if (!v4) return [];
  const params = { ...baseParams(record), v4Address: v4.control.address, v6Address: record.control.address };
  const connect = record.control.connect.outcome;
  if (UNREACHED.has(connect)) {
    const how =
      connect === 'refused' ? PHRASES.howRefused : connect === 'timeout' ? PHRASES.howDropped : PHRASES.howUnreachable;
    return [finding('DUAL_STACK_IPV6_CONTROL_FAILS', { ...params, how })];
  }
  if (!record.control.login?.loggedIn) return [];
  // A mode kind (passive, active) that lists over IPv4 and fails over IPv6: PASV/EPSV and PORT/EPRT stand for each other.
  const v4Working = v4.modes.filter((mode) => modeStatus(mode) === 'ok');
  const worksOverV4 = (passive: boolean): boolean => v4Working.some((mode) => isPassive(mode.mode) === passive);
  const v6Failing = record.modes.filter(
    (mode) => ['refused', 'timeout', 'error'].includes(modeStatus(mode)) && worksOverV4(isPassive(mode.mode)),
  );
  if (v6Failing.length === 0) return [];
  const labels = (modes: typeof v4Working): string => modes.map((mode) => MODE_LABELS[mode.mode]).join(', ');
  return [
    finding('DUAL_STACK_IPV6_DATA_FAILS', { ...params, v4Working: labels(v4Working), v6Failing: labels(v6Failing) }),
  ];
}
