import type { DataMode, ProbeRecord } from '../../record/record.js';
import type { Reply } from '../../protocol/reply.js';
import type { FindingCode } from '../codes.js';
import type { Finding } from '../finding.js';
import { PHRASES } from '../catalogue.js';

export function finding(code: FindingCode, params: Record<string, string> = {}, evidence: string[] = [], mode?: DataMode): Finding {
  return mode ? { code, mode, params, evidence } : { code, params, evidence };
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

export function baseParams(record: ProbeRecord): Record<string, string> {
  return {
    address: record.control.address,
    peer: record.control.address,
    host: record.target.host,
    port: String(record.target.port),
    timeout: duration(record.settings.timeoutMs),
  };
}
