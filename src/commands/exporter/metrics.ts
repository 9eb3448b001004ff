import { Gauge, Registry } from 'prom-client';
import { familyOf } from '../../record/derive.js';
import { VERDICT_NAMES } from '../../diagnose/vocabulary.js';
import { addressDocuments } from '../../report/document.js';
import type { TargetReport } from '../../report/targets.js';

/**
 * One probe's metrics, in blackbox_exporter's manner: a fresh registry per
 * scrape, base units (seconds), one series per mode and per finding.
 */
export function probeRegistry(report: TargetReport, durationSeconds: number): Registry {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames: [...labelNames], registers: [registry] });
  const success = gauge(
    'ftp_doctor_probe_success',
    "1 when the module's gate passes (as in check), 0 otherwise, inconclusive included",
  );
  const duration = gauge('ftp_doctor_probe_duration_seconds', 'How long the probe took');
  const verdict = gauge('ftp_doctor_verdict', 'The verdict: 1 for the one reached, 0 for the others', ['verdict']);
  const modeOk = gauge('ftp_doctor_mode_ok', '1 when the data mode listed, 0 when it failed (tested modes only)', [
    'mode',
    'family',
  ]);
  const modeSeconds = gauge('ftp_doctor_mode_duration_seconds', 'How long the data mode took', ['mode', 'family']);
  const notTested = gauge('ftp_doctor_mode_not_tested', 'A requested mode that could not be tested, and why', [
    'mode',
    'family',
    'reason',
  ]);
  const finding = gauge('ftp_doctor_finding', 'A finding of the probe (see ftp-doctor explain CODE)', [
    'code',
    'severity',
    'family',
  ]);
  const greeting = gauge('ftp_doctor_greeting_seconds', 'How long the greeting took', ['family']);
  const login = gauge('ftp_doctor_login_seconds', 'How long the login replies took', ['family']);
  const scope = gauge(
    'ftp_doctor_advertised_address_scope',
    'The kind of address the passive reply named (1 for the kind seen)',
    ['scope', 'family'],
  );
  // Only a module with `idle` measures it: the series appear then, and only then.
  const idleSurvived = gauge(
    'ftp_doctor_idle_survived_seconds',
    'The longest idle wait a control connection survived (module with idle)',
    ['family'],
  );
  const idleDropped = gauge(
    'ftp_doctor_idle_dropped_seconds',
    'The shortest idle wait after which a control connection was gone, and whose timer it was',
    ['family', 'whose'],
  );
  // Only a module with `transfer` or `transfers` has these series.
  const downloadOk = gauge(
    'ftp_doctor_download_ok',
    '1 when the download (transfer) worked in the mode, 0 when it failed',
    ['mode', 'family'],
  );
  const downloadRate = gauge('ftp_doctor_download_bytes_per_second', "The download's rate in the mode", [
    'mode',
    'family',
  ]);
  const downloadBytes = gauge('ftp_doctor_download_bytes', 'The bytes the download read in the mode', [
    'mode',
    'family',
  ]);
  const transfersWorked = gauge(
    'ftp_doctor_transfers_worked',
    'How many transfers in a row worked (module with transfers)',
    ['family'],
  );
  const transfersFailedAt = gauge(
    'ftp_doctor_transfers_first_failure',
    'The number of the first transfer in a row that failed; absent when none did',
    ['family'],
  );
  const document = report.document;
  success.set(report.gate.passed && document.verdict.verdict !== 'inconclusive' ? 1 : 0);
  duration.set(durationSeconds);
  for (const name of VERDICT_NAMES) verdict.set({ verdict: name }, document.verdict.verdict === name ? 1 : 0);
  for (const each of addressDocuments(document)) {
    const family = `ipv${familyOf(each.control.address)}`;
    for (const mode of each.modes) {
      if (mode.status === 'not_tested') {
        if (mode.reasonCode !== 'not-requested')
          notTested.set({ mode: mode.mode, family, reason: mode.reasonCode ?? 'unknown' }, 1);
        continue;
      }
      modeOk.set({ mode: mode.mode, family }, mode.status === 'ok' ? 1 : 0);
      modeSeconds.set({ mode: mode.mode, family }, mode.durationMs / 1000);
      if (mode.advertised?.scope) scope.set({ scope: mode.advertised.scope, family }, 1);
      const download = mode.download;
      if (download && download.status !== 'not_tested') {
        downloadOk.set({ mode: mode.mode, family }, download.status === 'ok' ? 1 : 0);
        downloadBytes.set({ mode: mode.mode, family }, download.bytes);
        if (download.status === 'ok' && download.transferMs > 0)
          downloadRate.set({ mode: mode.mode, family }, Math.round((download.bytes * 1000) / download.transferMs));
      }
    }
    for (const f of each.findings) finding.set({ code: f.code, severity: f.severity, family }, 1);
    if (each.control.greeting) greeting.set({ family }, each.control.greeting.ms / 1000);
    if (each.control.login) login.set({ family }, each.control.login.ms / 1000);
    if (each.endurance) {
      transfersWorked.set({ family }, each.endurance.worked);
      if (each.endurance.failedAt !== undefined) transfersFailedAt.set({ family }, each.endurance.failedAt);
    }
    if (each.idle?.survivedS !== undefined) idleSurvived.set({ family }, each.idle.survivedS);
    if (each.idle?.droppedS !== undefined) idleDropped.set({ family, whose: each.idle.whose }, each.idle.droppedS);
  }
  return registry;
}
