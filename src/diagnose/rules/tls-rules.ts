import { certificateVerified } from '../../record/derive.js';
import type { ModeObservation, ProbeRecord } from '../../record/record.js';
import { replyText } from '../../protocol/reply.js';
import { PHRASES } from '../words/rule-phrases.js';
import type { Finding } from '../finding.js';
import { MODE_LABELS, modeStatus } from '../status.js';
import { baseParams, type BaseParams, evidenceOf, finding, quoted } from './helpers.js';

const REUSE_WORDS = /session reuse|not resumed|resum/i;

/** Findings about FTPS: the control connection's TLS, the certificate, data connections, CCC, and the plain comparison. */
export function tlsRules(record: ProbeRecord): Finding[] {
  const tls = record.control.tls;
  if (!tls) return [];
  const params = baseParams(record);
  const found: Finding[] = [];
  if (tls.auth && tls.auth.reply?.code !== 234) {
    if (!tls.auth.reply)
      return tls.auth.outcome === 'timeout' ? [finding('COMMAND_NO_REPLY', { ...params, command: 'AUTH TLS' })] : [];
    // Asked for explicitly, TLS is required: without it nothing can be tested, and a client set up the same way cannot list.
    const demanded = record.settings.tls === 'explicit';
    const explicitHint = demanded ? PHRASES.explicitOnly : '';
    const notOffered = finding(
      'TLS_NOT_OFFERED',
      { ...params, reply: quoted(tls.auth.reply), explicitHint },
      evidenceOf(tls.auth.reply),
    );
    return [demanded ? { ...notOffered, severity: 'error' } : notOffered];
  }
  const handshake = tls.handshake;
  if (!handshake) return found;
  if (handshake.outcome !== 'ok') {
    const how = tls.mode === 'implicit' ? 'implicit-TLS' : 'TLS (after AUTH TLS)';
    return [finding('TLS_HANDSHAKE_FAILED', { ...params, how, error: handshake.error ?? handshake.outcome })];
  }
  if (!certificateVerified(handshake)) {
    const certificate = handshake.certificate;
    const name = certificate?.checkedName ?? record.target.host;
    const reasons = [
      ...(handshake.authorizationError
        ? [
            `${PHRASES.certificateErrors[handshake.authorizationError] ?? 'it does not verify'} (${handshake.authorizationError})`,
          ]
        : []),
      ...(certificate?.selfSigned && !handshake.authorizationError ? [PHRASES.selfSigned] : []),
      ...(certificate?.hostnameMatches === false ? [PHRASES.nameMismatch.replace('{name}', name)] : []),
    ];
    const certificateFinding = finding('TLS_CERT_INVALID', {
      ...params,
      reason: reasons.join('; ') || 'not verified',
      subject: certificate?.subject ?? '?',
      issuer: certificate?.issuer ?? '?',
      validTo: certificate?.validTo ?? '?',
      name,
      stopHint: tls.stoppedAtCertificate ? PHRASES.certStopped : PHRASES.certInsecure,
    });
    // With --insecure the user has accepted the certificate: it is reported, as a warning, so a self-signed internal server can pass a gate.
    found.push(
      record.settings.insecure && !tls.stoppedAtCertificate
        ? { ...certificateFinding, severity: 'warning' }
        : certificateFinding,
    );
  }
  if (tls.prot?.reply && tls.prot.reply.code !== 200)
    found.push(finding('PROT_P_REFUSED', { ...params, reply: quoted(tls.prot.reply) }, evidenceOf(tls.prot.reply)));
  for (const mode of record.modes) found.push(...dataTlsRules(mode, params));
  found.push(...reuseRules(record, params));
  found.push(...comparisonRules(record, params));
  const ccc = tls.ccc?.reply;
  if (ccc)
    found.push(
      finding(
        ccc.code === 200 ? 'CCC_SUPPORTED' : 'CCC_NOT_SUPPORTED',
        { ...params, reply: quoted(ccc) },
        evidenceOf(ccc),
      ),
    );
  return found;
}

function finalReplyText(mode: ModeObservation): string {
  const final = mode.completion?.reply ?? mode.listReplies.find((reply) => reply.code >= 400);
  return final ? `; the server said "${replyText(final).replace(/\n/g, ' ')}"` : '';
}

function dataTlsRules(mode: ModeObservation, params: BaseParams): Finding[] {
  const failedHandshake = mode.dataTls && mode.dataTls.outcome !== 'ok';
  const final = mode.completion?.reply;
  const refusedAfter =
    mode.dataTls?.outcome === 'ok' &&
    !mode.transfer?.bytes &&
    final &&
    final.code >= 400 &&
    REUSE_WORDS.test(replyText(final));
  if (!failedHandshake && !refusedAfter) return [];
  const reuse = REUSE_WORDS.test(mode.listReplies.map(replyText).join('\n'));
  return [
    {
      ...finding(
        'TLS_DATA_HANDSHAKE_FAILED',
        {
          ...params,
          modeName: MODE_LABELS[mode.mode],
          error: mode.dataTls?.error ?? mode.dataTls?.outcome ?? 'refused',
          finalReply: finalReplyText(mode),
          reuseHint: reuse ? PHRASES.reuseHint : '',
        },
        evidenceOf(...mode.listReplies),
      ),
      mode: mode.mode,
    },
  ];
}

function reuseRules(record: ProbeRecord, params: BaseParams): Finding[] {
  const check = record.reuseCheck;
  if (!check || !check.dataTls || check.dataTls.offeredSession) return [];
  const resumedElsewhere = record.modes.some((mode) => mode.dataTls?.resumed && modeStatus(mode) === 'ok');
  if (modeStatus(check) === 'ok' || !resumedElsewhere) return [];
  return [
    finding(
      'TLS_SESSION_REUSE_REQUIRED',
      { ...params, finalReply: finalReplyText(check) },
      evidenceOf(...check.listReplies),
    ),
  ];
}

function comparisonRules(record: ProbeRecord, params: BaseParams): Finding[] {
  const plain = record.plainComparison?.advertised?.host;
  const secured = record.modes.find((mode) => mode.mode === 'passive')?.advertised?.host;
  if (!plain || !secured || plain === secured) return [];
  return [
    finding(
      'TLS_HIDES_ADDRESS_FROM_ALG',
      { ...params, plainAddress: plain, tlsAddress: secured },
      evidenceOf(
        record.plainComparison?.command?.reply,
        record.modes.find((m) => m.mode === 'passive')?.command?.reply,
      ),
    ),
  ];
}
