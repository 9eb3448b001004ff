import type { DataMode, ProbeRecord } from '../../record/record.js';
import type { Reply } from '../../protocol/reply.js';
import type { FindingCode } from '../findings/catalogue.js';
import type { Finding } from '../finding.js';
import { PHRASES } from '../words/rule-phrases.js';
import { type ParamsOf } from '../findings/catalogue.js';

/** A finding with every value its catalogue wording needs: leaving one out does not compile. */
export function finding<Code extends FindingCode>(
  code: Code,
  params: Record<ParamsOf<Code>, string>,
  evidence: string[] = [],
  mode?: DataMode,
): Finding {
  return mode ? { code, mode, params, evidence } : { code, params, evidence };
}

/** Who ran the session, for a phrase's {self}, {selfs} and {side}: this machine, or the client of a log or capture. */
export function voiceOf(record: Pick<ProbeRecord, 'source'>): (typeof PHRASES.voice)['probe' | 'analysis'] {
  return record.source ? PHRASES.voice.analysis : PHRASES.voice.probe;
}

/** Where a data connection went, as a finding names it; a log may not show the host or the port. */
export function endpoint(host: string, port: number): string {
  if (!host) return PHRASES.addressNotShown;
  const shown = host.includes(':') ? `[${host}]` : host;
  return port > 0 ? `${shown}:${port}` : `${shown} (port ${PHRASES.portNotShown})`;
}

/** The reply as it goes into a finding's text: its lines joined. */
export function quoted(reply: Reply | undefined): string {
  return reply ? reply.lines.join(' / ') : '';
}

export function evidenceOf(...replies: Array<Reply | undefined>): string[] {
  return replies.filter((reply): reply is Reply => reply !== undefined).flatMap((reply) => reply.lines);
}

export function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** A wait as the wording shows it; a log that does not say how long the client waited has no number. */
export function duration(ms: number): string {
  return ms > 0 ? `${seconds(ms)} s` : PHRASES.unknownWait;
}

/** The values most findings quote: where the probe went, and the wait it allowed. */
export interface BaseParams {
  address: string;
  peer: string;
  host: string;
  port: string;
  timeout: string;
}

export function baseParams(record: ProbeRecord): BaseParams {
  const address = record.control.address || PHRASES.addressNotShown;
  return {
    address,
    peer: address,
    host: record.target.host,
    port: String(record.target.port),
    timeout: duration(record.settings.timeoutMs),
  };
}
