import { ipFamily } from '../net/address.js';
import { replyText } from '../protocol/reply.js';
import { identifyFromTexts, type ServerSoftware } from '../protocol/software.js';
import type { DataMode, ProbeRecord, TlsHandshakeObservation } from './record.js';

/** Pure facts derived from a record that several layers need; each is decided here and nowhere else. */

export function isPassive(mode: DataMode): boolean {
  return mode === 'passive' || mode === 'epsv';
}

export function familyOf(address: string): 4 | 6 {
  return ipFamily(address) === 6 ? 6 : 4;
}

/** Verified: the chain checks out against Node's CA store and the certificate is for the name or address probed. */
export function certificateVerified(handshake: TlsHandshakeObservation): boolean {
  return handshake.authorized === true && handshake.certificate?.hostnameMatches !== false;
}

/** The server software, from the banner first, then SYST, FEAT and any other reply: the same for a live probe and a log. */
export function serverSoftware(record: ProbeRecord): ServerSoftware {
  const texts: Array<{ text: string; source: 'banner' | 'syst' | 'feat' | 'reply' }> = [];
  for (const reply of record.control.greeting?.replies ?? []) texts.push({ text: replyText(reply), source: 'banner' });
  for (const name of ['SYST', 'FEAT'] as const) {
    const reply = record.control.info.find((entry) => entry.command === name)?.reply;
    if (reply) texts.push({ text: replyText(reply), source: name === 'SYST' ? 'syst' : 'feat' });
  }
  for (const mode of record.modes) {
    for (const reply of [mode.command?.reply, ...mode.listReplies])
      if (reply) texts.push({ text: replyText(reply), source: 'reply' });
  }
  return identifyFromTexts(texts);
}

/** A mode's own control connection was refused while others were open, so it ran after them: the server limits connections. */
export function connectionLimitHit(record: ProbeRecord): boolean {
  return record.modes.some((mode) => mode.firstSetup !== undefined && !mode.firstSetup.ok);
}
