import { REPORT_LINES } from '../diagnose/words/report-lines.js';
import { fill } from '../diagnose/template.js';
import type { ReportDocument } from './document.js';

const SHOWN_PORTS = 10;

/** What each side's firewall must let in, as sentences from the catalogue: the same in every format. */
export function firewallSentences(document: ReportDocument): string[] {
  if (document.control.connect.outcome !== 'ok' || document.source) return [];
  const { server, client } = document.firewall;
  const passive = server.passivePorts;
  const range = server.expectedRange;
  const replies = { replies: String(passive?.replies ?? 0), replyWord: passive?.replies === 1 ? 'reply' : 'replies' };
  const ports = passive
    ? `${passive.seen.slice(0, SHOWN_PORTS).join(', ')}${passive.seen.length > SHOWN_PORTS ? ', …' : ''}`
    : '';
  const passiveText = range
    ? fill(REPORT_LINES.firewallPassiveExpected, {
        low: String(range.low),
        high: String(range.high),
        seenInRange: String(range.seenInRange),
        size: String(range.size),
        ...replies,
      })
    : passive
      ? fill(REPORT_LINES.firewallPassiveSeen, { ports, ...replies })
      : '';
  const sentences = [
    fill(REPORT_LINES.firewallServer, {
      controlPort: String(server.controlPort),
      address: server.address,
      passive: passiveText,
    }),
  ];
  if (client) {
    const clientPorts =
      client.ports === 'any'
        ? REPORT_LINES.firewallClientAnyPort
        : fill(REPORT_LINES.firewallClientPorts, { low: String(client.ports.low), high: String(client.ports.high) });
    const announced = client.announcedAddress
      ? fill(REPORT_LINES.firewallClientAnnounced, { announced: client.announcedAddress })
      : '';
    sentences.push(fill(REPORT_LINES.firewallClient, { from: client.from.join(', '), ports: clientPorts, announced }));
  }
  return sentences;
}
