import type { NotTestedReason, VerdictName } from '../vocabulary.js';

/** A probe's and a log's verdict, in words. */
export const VERDICTS: Record<VerdictName, { label: string; summary: string }> = {
  ok: { label: 'OK', summary: 'Listings work in every tested mode ({working}).' },
  degraded: { label: 'DEGRADED', summary: 'Listings work in {working}; {failing}.' },
  failed: { label: 'FAILED', summary: 'No listing was possible from this vantage point.' },
  inconclusive: {
    label: 'INCONCLUSIVE',
    summary: 'Not everything asked could be tested: {untested}. Listings work in {working}; nothing tested failed.',
  },
};

/** A network test's verdict, in words: the same four verdicts, about data connections through this network. */
export const NETWORK_VERDICTS: Record<VerdictName, { label: string; summary: string }> = {
  ok: { label: 'OK', summary: 'Data connections get through in every test ({working}).' },
  degraded: { label: 'DEGRADED', summary: 'Data connections get through in {working}; {failing}.' },
  failed: { label: 'FAILED', summary: 'No data connection got through from this network: see the findings.' },
  inconclusive: {
    label: 'INCONCLUSIVE',
    summary:
      'Not everything could be tested: {untested}. Data connections get through in {working}; nothing tested failed.',
  },
};

/** An audit's verdict, in words. */
export const AUDIT_VERDICTS: Record<VerdictName, string> = {
  ok: 'nothing found in the configuration or the firewall that makes clients hang.',
  degraded: 'some clients or some modes will fail: {codes}.',
  failed: 'no client can reach the control port through the host firewall.',
  inconclusive: 'not everything could be checked: {why}.',
};

/** Why a mode was not tested, in words. */
export const NOT_TESTED_WORDS: Record<NotTestedReason, string> = {
  deadline: "the probe's --deadline ran out first",
  interrupted: 'the probe was interrupted',
  'not-requested': 'not requested (--modes)',
  'not-applicable': 'not applicable to this address family',
  'not-shown-in-log': 'not shown in this log',
  'stopped-earlier': 'an earlier step failed (see the findings)',
};

export const VERDICT_PHRASES = {
  errorFindings: 'but {codes} stands',
  failingModes: '{modes} did not',
  fallbackOnly:
    'passive mode works only for clients that ignore the address in the 227 reply (FileZilla, curl 7.74+, lftp, Python 3.9.3+); clients that trust it fail',
  none: 'no mode',
  addressesMixed:
    'Listings work over {working}, not over {failing}: clients that try the next address after a failed one list, the others fail.',
} as const;
