import type { DownloadObservation, ModeObservation, ProbeRecord } from '../../record/record.js';
import { replyText } from '../../protocol/reply.js';
import type { Finding } from '../finding.js';
import type { DownloadResult } from '../mode-result.js';
import { MODE_LABELS } from '../status.js';
import { PHRASES } from '../words/rule-phrases.js';
import { baseParams, evidenceOf, finding, quoted } from './helpers.js';

/** Below one full-size TCP segment's payload (1460 bytes on an Ethernet path): nothing big got through. */
const FULL_SEGMENT_BYTES = 1460;

/** --transfer: what each mode's download shows, one finding per mode that failed, one for all that worked. */
export function downloadRules(record: ProbeRecord): Finding[] {
  const found: Finding[] = [];
  const worked: Array<{ mode: ModeObservation; download: DownloadObservation }> = [];
  for (const mode of record.modes) {
    const download = mode.download;
    if (!download) continue;
    const outcome = downloadFinding(record, mode, download);
    if (outcome) found.push({ ...outcome, mode: mode.mode });
    else worked.push({ mode, download });
  }
  const first = worked[0];
  if (first) {
    const downloads = worked
      .map(({ mode, download }) => `${MODE_LABELS[mode.mode]} ${rate(download.run?.transfer)}`)
      .join(', ');
    found.push(
      finding('DOWNLOAD_OK', {
        remotePath: first.download.path,
        downloads,
        bytes: String(first.download.run?.transfer?.bytes ?? 0),
      }),
    );
  }
  return found;
}

function downloadFinding(
  record: ProbeRecord,
  mode: ModeObservation,
  download: DownloadObservation,
): Finding | undefined {
  const modeName = MODE_LABELS[mode.mode];
  const notTested = (why: string): Finding => finding('DOWNLOAD_NOT_TESTED', { modeName, why });
  if (download.notTested) return notTested(download.notTested.detail);
  const run = download.run;
  if (!run) return notTested(PHRASES.downloadNotRun);
  const retr = run.list;
  const params = {
    ...baseParams(record),
    modeName,
    remotePath: download.path,
    bytes: String(run.transfer?.bytes ?? 0),
    expectedBytes: download.expectedBytes !== undefined ? String(download.expectedBytes) : PHRASES.sizeUnknown,
  };
  const final = run.completion?.reply;
  const evidence = evidenceOf(...run.listReplies);
  // Before any data: the data command, the connection or RETR itself.
  if (!retr?.reply) {
    const step = run.command?.reply ? (run.dataConnect ?? run.accept) : undefined;
    const ending = !run.command?.reply
      ? PHRASES.downloadNoDataCommand.replace('{command}', run.command?.command ?? '')
      : step && step.outcome !== 'ok'
        ? PHRASES.downloadNoDataConnection.replace('{outcome}', step.outcome)
        : PHRASES.downloadNoReply;
    if (isStopped(run)) return notTested(PHRASES.downloadStopped);
    return finding('DOWNLOAD_FAILED', { ...params, ending }, evidence);
  }
  if (retr.reply.code === 550 || retr.reply.code === 553)
    return notTested(PHRASES.downloadRefused.replace('{reply}', quoted(retr.reply)));
  if (retr.reply.code >= 400)
    return finding('DOWNLOAD_FAILED', { ...params, ending: `"${quoted(retr.reply)}"` }, evidence);
  const transfer = run.transfer;
  if (!transfer) {
    if (isStopped(run)) return notTested(PHRASES.downloadStopped);
    return finding(
      'DOWNLOAD_FAILED',
      {
        ...params,
        ending: PHRASES.downloadNoDataConnection.replace(
          '{outcome}',
          run.accept?.outcome ?? run.dataConnect?.outcome ?? 'closed',
        ),
      },
      evidence,
    );
  }
  if (transfer.end === 'deadline' || transfer.end === 'interrupted') return notTested(PHRASES.downloadStopped);
  if (transfer.end === 'timeout') {
    const bigFile = download.expectedBytes === undefined || download.expectedBytes > FULL_SEGMENT_BYTES;
    const code = transfer.bytes < FULL_SEGMENT_BYTES && bigFile ? 'DOWNLOAD_BLACK_HOLED' : 'DOWNLOAD_STALLED';
    return finding(code, { ...params, reply: quoted(retr.reply) }, evidence);
  }
  if (transfer.end === 'reset')
    return finding('DOWNLOAD_FAILED', { ...params, ending: PHRASES.downloadReset }, evidence);
  if (final && final.code >= 400)
    return finding('DOWNLOAD_FAILED', { ...params, ending: `"${replyText(final).replace(/\n/g, ' / ')}"` }, evidence);
  if (!final) {
    if (isStopped(run)) return notTested(PHRASES.downloadStopped);
    return finding('DOWNLOAD_FAILED', { ...params, ending: PHRASES.downloadNoCompletion }, evidence);
  }
  // Read up to --transfer-max: the rest was not asked for, so a short count is no truncation.
  if (transfer.end !== 'cap' && download.expectedBytes !== undefined && transfer.bytes < download.expectedBytes)
    return finding('DOWNLOAD_TRUNCATED', { ...params, reply: quoted(final) }, evidence);
  return undefined;
}

/** A mode's download as the reports show it: worked, failed (its finding says how) or not tested. */
export function downloadResult(record: ProbeRecord, mode: ModeObservation): DownloadResult | undefined {
  const download = mode.download;
  if (!download) return undefined;
  const outcome = downloadFinding(record, mode, download);
  const status = !outcome ? 'ok' : outcome.code === 'DOWNLOAD_NOT_TESTED' ? 'not_tested' : 'failed';
  return {
    path: download.path,
    status,
    bytes: download.run?.transfer?.bytes ?? 0,
    ...(download.expectedBytes !== undefined ? { expectedBytes: download.expectedBytes } : {}),
    durationMs: download.run?.durationMs ?? 0,
    transferMs: download.run?.transfer?.ms ?? 0,
  };
}

function isStopped(run: ModeObservation): boolean {
  return [run.command, run.list].some((c) => c?.outcome === 'deadline' || c?.outcome === 'interrupted');
}

/** Bytes per second over the data connection, in words. */
function rate(transfer: ModeObservation['transfer']): string {
  if (!transfer || transfer.ms <= 0) return PHRASES.rateUnknown;
  const perSecond = (transfer.bytes * 1000) / transfer.ms;
  return perSecond >= 1024 * 1024
    ? `${(perSecond / 1024 / 1024).toFixed(1)} MB/s`
    : `${Math.round(perSecond / 1024)} KB/s`;
}
