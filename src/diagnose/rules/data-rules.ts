import { isPassive } from '../../record/derive.js';
import {
  INSIDE_ONLY_SCOPES,
  ipFamily,
  isBehindNat,
  isForeignTo,
  sameAddress,
  SCOPE_WORDS,
  scopeOf,
} from '../../net/address.js';
import type { CommandObservation, ModeObservation, ProbeRecord } from '../../record/record.js';
import { replyText, type Reply } from '../../protocol/reply.js';
import { PHRASES } from '../words/rule-phrases.js';
import type { Finding } from '../finding.js';
import { meansUnsupported, MODE_LABELS, modeStatus } from '../status.js';
import { baseParams, type BaseParams, endpoint, evidenceOf, finding, quoted, voiceOf } from './helpers.js';
import { fill } from '../template.js';
import { unexpectedClassOf } from './control-rules.js';

type ModeParams = BaseParams & { modeName: string };

const OTHER_ADDRESS_REJECTED = /bad ip|do not match|does not match|not match control/i;
const PURE_FTPD_ONLY_TO = /only to ([0-9a-f.:]+)/i;

/** Findings about one data mode. */

export function modeRules(record: ProbeRecord, observation: ModeObservation): Finding[] {
  if (observation.notTested || !observation.command) return [];
  const params = { ...baseParams(record), modeName: MODE_LABELS[observation.mode] };
  const command = observation.command;
  if (!command.reply) {
    const unanswered = commandUnanswered(command, params);
    return unanswered ? [{ ...unanswered, mode: observation.mode }] : [];
  }
  const found = isPassive(observation.mode)
    ? passiveRules(record, observation, params)
    : activeRules(record, observation, params);
  return [...found, ...listRules(observation, params)].map((f) => ({ ...f, mode: observation.mode }));
}

function passiveRules(record: ProbeRecord, o: ModeObservation, params: ModeParams): Finding[] {
  const reply = o.command?.reply;
  if (!reply) return [];
  const epsv = o.mode === 'epsv';
  const values = { ...params, reply: quoted(reply) };
  const evidence = evidenceOf(reply);
  const found: Finding[] = [];
  const odd = unexpectedClassOf(reply);
  if (odd) return [unexpectedClass(epsv ? 'EPSV' : 'PASV', reply, odd, params)];
  if (reply.code >= 400) {
    if (epsv) return [finding('EPSV_UNSUPPORTED', values, evidence)];
    return [finding('PASV_REJECTED', values, evidence)];
  }
  if (epsv && reply.code === 227) found.push(finding('EPSV_ANSWERED_WITH_227', values, evidence));
  if (!epsv && reply.code === 229) found.push(finding('PASV_ANSWERED_WITH_229', values, evidence));
  if (o.malformed) {
    found.push(
      finding(epsv ? 'EPSV_MALFORMED_REPLY' : 'PASV_MALFORMED_REPLY', { ...values, error: o.malformed }, evidence),
    );
    return found;
  }
  const advertised = o.advertised?.host;
  const peer = record.control.address;
  if (o.advertisedUnroutable) {
    const publicAddress = scopeOf(peer) === 'public' ? peer : PHRASES.publicAddressUnknown;
    found.push(finding('PASV_UNROUTABLE_ADDRESS', { ...values, publicAddress }, evidence));
  }
  // A log may not show the server's address: then there is nothing to compare the reply's with.
  if (advertised && ipFamily(peer) !== 0 && !sameAddress(advertised, peer)) {
    const advertisedScope = scopeOf(advertised);
    const peerScope = scopeOf(peer);
    const notConnected = !record.source
      ? PHRASES.probeDidNotConnect.replace('{advertised}', advertised)
      : triedAdvertised(o)
        ? PHRASES.logClientTriedAdvertised.replace('{advertised}', advertised).replace('{peer}', peer)
        : '';
    // The fix names the public address only when the probe reached the server at one; over loopback or a LAN it cannot know it.
    const publicAddress = peerScope === 'public' ? peer : PHRASES.publicAddressUnknown;
    const addressValues = {
      ...values,
      advertised,
      advertisedScope: SCOPE_WORDS[advertisedScope],
      notConnected,
      publicAddress,
    };
    if (advertisedScope === 'unspecified') found.push(finding('PASV_UNSPECIFIED_ADDRESS', addressValues, evidence));
    else if (isForeignTo(advertised, peer)) found.push(finding('PASV_PRIVATE_ADDRESS', addressValues, evidence));
    else
      found.push(finding('PASV_ADDRESS_MISMATCH', { ...addressValues, peerScope: SCOPE_WORDS[peerScope] }, evidence));
  }
  // Seen from the server (its log or capture) without the address clients reach it at: a private 227 sent to a client on a public address.
  const client = record.control.localAddress;
  if (
    advertised &&
    record.source?.side === 'server' &&
    ipFamily(peer) === 0 &&
    client &&
    scopeOf(client) === 'public' &&
    INSIDE_ONLY_SCOPES.has(scopeOf(advertised))
  )
    found.push(
      finding(
        'PASV_PRIVATE_ADDRESS',
        {
          ...values,
          advertised,
          advertisedScope: SCOPE_WORDS[scopeOf(advertised)],
          notConnected: '',
          publicAddress: PHRASES.publicAddressUnknown,
        },
        evidence,
      ),
    );
  const connect = o.dataConnect;
  const target = o.dataTarget;
  // A client that followed a private or otherwise foreign 227 address and failed: the address finding explains it; the range was never tried.
  const explainedByAddress =
    triedAdvertised(o) && advertised !== undefined && ipFamily(peer) !== 0 && isForeignTo(advertised, peer);
  if (connect && target && connect.outcome !== 'ok' && !explainedByAddress) {
    const connectValues = {
      ...values,
      host: target.host || PHRASES.addressNotShown,
      endpoint: endpoint(target.host, target.port),
      dataPort: target.port > 0 ? String(target.port) : PHRASES.portNotShown,
      outcome: connect.outcome,
      error: connect.error ?? connect.outcome,
    };
    if (connect.outcome === 'timeout')
      found.push(finding(epsv ? 'EPSV_DATA_TIMEOUT' : 'PASV_DATA_TIMEOUT', connectValues, evidence));
    else if (connect.outcome === 'refused')
      found.push(finding(epsv ? 'EPSV_DATA_REFUSED' : 'PASV_DATA_REFUSED', connectValues, evidence));
    else if (connect.outcome !== 'deadline' && connect.outcome !== 'interrupted')
      found.push(finding('DATA_CONNECT_FAILED', connectValues, evidence));
  }
  if (target?.advertisedSkipped && modeStatus(o) === 'ok') found.push(finding('PASV_FALLBACK_WORKS', values, evidence));
  return found;
}

function activeRules(record: ProbeRecord, o: ModeObservation, params: ModeParams): Finding[] {
  const reply = o.command?.reply;
  const listen = o.listen;
  if (!reply || !listen) return [];
  const local = listen.announcedHost || PHRASES.clientAddressNotShown;
  const peer = record.control.address;
  const behindNat = listen.announcedHost !== '' && isBehindNat(local, peer);
  const values = {
    ...params,
    reply: quoted(reply),
    command: o.mode === 'active' ? 'PORT' : 'EPRT',
    announced: local,
    local,
    listenPort: String(listen.port),
  };
  const found: Finding[] = [];
  const odd = unexpectedClassOf(reply);
  if (odd) return [unexpectedClass(values.command, reply, odd, params)];
  if (reply.code >= 400) {
    if (o.mode === 'eprt' && meansUnsupported(reply)) return [finding('EPRT_UNSUPPORTED', values, evidenceOf(reply))];
    const seenAs = PURE_FTPD_ONLY_TO.exec(replyText(reply))?.[1];
    const ownAddress = record.control.localAddress !== undefined && sameAddress(local, record.control.localAddress);
    const hint = seenAs
      ? PHRASES.portRejectSeenAs
      : behindNat
        ? PHRASES.portRejectPrivate
        : ownAddress
          ? PHRASES.portRejectOwn
          : PHRASES.portRejectOther;
    const rejectHint = fill(hint, { ...voiceOf(record), ...(seenAs ? { seenAs } : {}) });
    return [
      finding('ACTIVE_PORT_REJECTED', { ...values, rejectHint, ...(seenAs ? { seenAs } : {}) }, evidenceOf(reply)),
    ];
  }
  const accept = o.accept;
  // The server's word on its connection back: an error reply to LIST, or "150" and then "425" (it accepted the address, then could not connect).
  const completionReply = o.completion?.reply;
  const listReply =
    o.list?.reply &&
    o.list.reply.code < 200 &&
    accept?.outcome !== 'ok' &&
    completionReply &&
    CANNOT_OPEN.test(replyText(completionReply))
      ? completionReply
      : o.list?.reply;
  if (accept?.outcome === 'ok' && accept.remoteAddress) {
    if (!sameAddress(accept.remoteAddress, peer)) {
      found.push(
        finding('ACTIVE_DATA_FROM_OTHER_ADDRESS', { ...values, remote: accept.remoteAddress }, evidenceOf(reply)),
      );
    }
    if (behindNat) found.push(finding('ALG_REWRITE_SUSPECTED', values, evidenceOf(reply)));
  } else if (listReply && listReply.code >= 400) {
    found.push(
      finding('ACTIVE_SERVER_CANNOT_CONNECT', { ...values, reply: quoted(listReply) }, evidenceOf(reply, listReply)),
    );
  } else if (accept?.outcome === 'timeout') {
    const reason = fill(behindNat ? PHRASES.activeHangPrivate : PHRASES.activeHangPublic, {
      ...voiceOf(record),
      announced: local,
    });
    found.push(finding('ACTIVE_DATA_TIMEOUT', { ...values, reason }, evidenceOf(reply, listReply)));
  }
  return found;
}

function unexpectedClass(command: string, reply: Reply, replyClass: string, params: ModeParams): Finding {
  return finding(
    'REPLY_UNEXPECTED_CLASS',
    { ...params, command, replyCode: String(reply.code), reply: quoted(reply), replyClass },
    evidenceOf(reply),
  );
}

/**
 * The mode's command (PASV, EPSV, PORT, EPRT) got no reply: silence, or the
 * connection ended. A wait the probe's own deadline cut short says nothing about the server.
 */
function commandUnanswered(command: CommandObservation, params: ModeParams): Finding | undefined {
  if (command.outcome === 'interrupted' || command.outcome === 'deadline') return undefined;
  const name = command.command.split(' ')[0] ?? command.command;
  if (command.outcome === 'timeout') return finding('COMMAND_NO_REPLY', { ...params, command: name });
  const how = command.outcome === 'reset' ? PHRASES.howReset : PHRASES.howClosed;
  return finding('CONTROL_LOST', { ...params, step: name, how });
}

function listRules(o: ModeObservation, params: ModeParams): Finding[] {
  const list = o.list;
  if (!list) return [];
  const passive = isPassive(o.mode);
  const dataUp = passive ? o.dataConnect?.outcome === 'ok' : o.accept?.outcome === 'ok';
  if (!list.reply) {
    if (!dataUp || list.outcome === 'interrupted' || list.outcome === 'deadline') return [];
    const dataState = passive ? PHRASES.dataAccepted : PHRASES.dataArrived;
    return [finding('LIST_NO_PRELIMINARY_REPLY', { ...params, dataState }, [])];
  }
  const first = list.reply;
  if (first.code >= 400) {
    const values = { ...params, reply: quoted(first) };
    if (first.code === 426) return [finding('TRANSFER_ABORTED', values, evidenceOf(first))];
    if (passive && OTHER_ADDRESS_REJECTED.test(replyText(first))) {
      return [finding('PASV_DATA_FROM_OTHER_ADDRESS_REJECTED', values, evidenceOf(first))];
    }
    // Without a data connection the data-connection finding (ACTIVE_SERVER_CANNOT_CONNECT, PASV_DATA_*) says what happened.
    if (!dataUp) return [];
    return [finding('LIST_REJECTED', values, evidenceOf(first))];
  }
  const transfer = o.transfer;
  const bytes = String(transfer?.bytes ?? 0);
  if (transfer?.end === 'deadline' || transfer?.end === 'interrupted') return [];
  if (transfer?.end === 'timeout') {
    return [finding('LIST_DATA_STALLED', { ...params, reply: quoted(first), bytes }, evidenceOf(first))];
  }
  const completion = o.completion;
  if (!completion) return [];
  if (!completion.reply) {
    if (completion.outcome === 'interrupted' || completion.outcome === 'deadline') return [];
    return [finding('LIST_NO_COMPLETION', { ...params, bytes }, evidenceOf(first))];
  }
  if (completion.reply.code === 426)
    return [finding('TRANSFER_ABORTED', { ...params, reply: quoted(completion.reply) }, evidenceOf(completion.reply))];
  // Active mode, "150" then "425": the server could not connect back, which ACTIVE_SERVER_CANNOT_CONNECT says.
  if (!passive && !dataUp && CANNOT_OPEN.test(replyText(completion.reply))) return [];
  if (completion.reply.code >= 400)
    return [finding('LIST_REJECTED', { ...params, reply: quoted(completion.reply) }, evidenceOf(completion.reply))];
  return [];
}

/** The data connection went to the address the passive reply named, and did not get through. */
function triedAdvertised(o: ModeObservation): boolean {
  const target = o.dataTarget;
  return (
    target !== undefined &&
    o.advertised?.host !== undefined &&
    target.chosen === 'advertised' &&
    sameAddress(target.host, o.advertised.host) &&
    o.dataConnect !== undefined &&
    o.dataConnect.outcome !== 'ok'
  );
}

/** "425 Can't open data connection", IIS's "425 Cannot open data connection": the server could not make the data connection. */
const CANNOT_OPEN = /^425\b/;
