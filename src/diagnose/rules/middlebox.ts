import { parsePassiveReply } from '../../protocol/passive.js';
import type { ProbeRecord } from '../../record/record.js';
import { PHRASES } from '../words/rule-phrases.js';
import type { Finding } from '../finding.js';
import { endpoint, finding } from './helpers.js';

/**
 * What two captures of one session show together: lines a middlebox
 * rewrote, the control connection's NAT, data connections lost between the
 * two; and, from the server's capture alone, data from another source address.
 */
export function middleboxRules(record: ProbeRecord): Finding[] {
  const found: Finding[] = [];
  const middlebox = record.middlebox;
  if (middlebox) {
    for (const rewrite of middlebox.rewrites) {
      const values = { line: rewrite.line, sent: rewrite.sent, received: rewrite.received };
      const evidence = [`sent: ${rewrite.sent}`, `received: ${rewrite.received}`];
      if (rewrite.from === 'client') {
        found.push(finding('MIDDLEBOX_REWROTE_PORT', values, evidence));
        continue;
      }
      // The address the helper wrote in is the one clients reach the server at.
      const code = Number(rewrite.received.slice(0, 3));
      const parsed = parsePassiveReply(code, rewrite.received.slice(4));
      const publicAddress = parsed?.ok && parsed.value.host ? parsed.value.host : PHRASES.publicAddressUnknown;
      found.push(finding('MIDDLEBOX_REWROTE_PASSIVE_REPLY', { ...values, publicAddress }, evidence));
    }
    const { clientSide, serverSide } = middlebox;
    const clientMoved = clientSide.client !== serverSide.client;
    const serverMoved = clientSide.server !== serverSide.server;
    if (clientMoved || serverMoved) {
      const translated = [
        clientMoved
          ? PHRASES.natClientSide.replace('{from}', clientSide.client).replace('{to}', serverSide.client)
          : '',
        serverMoved
          ? PHRASES.natServerSide.replace('{from}', clientSide.server).replace('{to}', serverSide.server)
          : '',
      ]
        .filter(Boolean)
        .join(' ');
      found.push(
        finding('MIDDLEBOX_NAT', {
          clientSide: `${clientSide.client} → ${clientSide.server}`,
          serverSide: `${serverSide.client} → ${serverSide.server}`,
          translated,
        }),
      );
    }
    for (const lost of middlebox.lostBetween)
      found.push(
        finding('DATA_LOST_BETWEEN_CAPTURES', { endpoint: endpoint(lost.host, lost.port), syns: String(lost.syns) }),
      );
  }
  const encrypted = record.encryptedData ?? [];
  if (encrypted.length > 0) {
    const connections = encrypted
      .map(
        (c) => `${endpoint(c.host, c.port)} ${PHRASES.encryptedOutcome[c.outcome].replace('{syns}', String(c.syns))}`,
      )
      .join(', ');
    // The address the client reached the server at is the one to announce, when it is public.
    const publicAddress = record.control.address || PHRASES.publicAddressUnknown;
    found.push(
      encrypted.some((c) => c.outcome !== 'ok')
        ? finding('TLS_DATA_CONNECTION_FAILED', { connections, publicAddress })
        : finding('TLS_DATA_CONNECTIONS_OK', { connections }),
    );
  }
  for (const other of record.dataFromOtherSource ?? [])
    found.push(
      finding('DATA_FROM_OTHER_SOURCE', { data: other.data, control: other.control, port: String(other.port) }),
    );
  return found;
}
