import { parsePassiveReply } from '../protocol/passive.js';
import { replyText } from '../protocol/reply.js';
import type { ProbeContext } from './context.js';
import type { ControlChannel } from './control-connection.js';
import { passiveTarget } from './data-connection.js';
import type { PassiveSample } from '../record/record.js';
import { connectWithTimeout } from './wait.js';

/** A sampled port that drops packets costs at most this long, whatever --timeout says. */
export const SAMPLE_CONNECT_TIMEOUT_MS = 2000;

/**
 * Sends PASV and EPSV in turn on one connection and connect-tests each port
 * handed out, so that a partly forwarded range shows. Never sends LIST.
 */
export async function samplePassivePorts(
  channel: ControlChannel,
  context: ProbeContext,
  count: number,
): Promise<PassiveSample[]> {
  const samples: PassiveSample[] = [];
  let epsvWorks = true;
  for (let i = 0; i < count && channel.inStep && !context.lifetime.stopped; i += 1) {
    const command = epsvWorks && i % 2 === 1 ? 'EPSV' : 'PASV';
    const observation = await channel.command(command, context.settings.timeoutMs);
    const sample: PassiveSample = {
      command,
      outcome: observation.outcome,
      ...(observation.reply ? { reply: observation.reply } : {}),
    };
    samples.push(sample);
    const reply = observation.reply;
    if (!reply) break;
    if (command === 'EPSV' && reply.code !== 229) {
      epsvWorks = false;
      continue;
    }
    const parsed = parsePassiveReply(reply.code, replyText(reply));
    if (!parsed) continue;
    if (!parsed.ok) {
      sample.malformed = parsed.error;
      continue;
    }
    const host = parsed.value.host;
    sample.advertised = parsed.value;
    const target = passiveTarget(context, host, parsed.value.port);
    const connected = await connectWithTimeout(
      context.transport,
      context.lifetime,
      target,
      Math.min(context.settings.timeoutMs, SAMPLE_CONNECT_TIMEOUT_MS),
    );
    const { socket, ...connect } = connected;
    socket?.destroy();
    sample.connect = { ...connect, host: target.host, port: target.port };
    context.recorder.event('samples', `port ${target.port} on ${target.host}: ${connect.outcome} in ${connect.ms} ms`);
  }
  return samples;
}
