import type net from 'node:net';
import { ipFamily, plainAddress, sameAddress } from '../../net/address.js';
import { parseEprtArgument, parsePortArgument } from '../../protocol/ftp-commands.js';
import { formatReflectorLine, REFLECTOR_FORMAT } from '../../protocol/reflector-replies.js';
import type { Handler } from './reflector-session.js';

/** The reflector's commands, one handler each: what arrived goes back in fdr/1 lines. */

const DATA_LINE = `${REFLECTOR_FORMAT} data\r\n`;

/** Sends the one data line and waits for the connection to close, within the connect timeout. */
function sendDataLine(socket: net.Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve();
    }, timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end(DATA_LINE);
  });
}

function activeCommand(name: 'PORT' | 'EPRT'): Handler {
  return (s, argument) => {
    const parsed = name === 'PORT' ? parsePortArgument(argument) : parseEprtArgument(argument);
    if (!parsed.ok) return s.reply(`501 ${name} not understood: ${parsed.error}`);
    s.closeData();
    const named = plainAddress(parsed.value.host);
    const foreign = !sameAddress(named, s.source);
    s.active = { port: parsed.value.port };
    const line = formatReflectorLine('arrived', {
      command: name,
      address: named,
      port: parsed.value.port,
      source: s.source,
      tls: s.secure,
      'connect-to-address': s.source,
      'connect-to-port': parsed.value.port,
      'named-address-refused': foreign,
    });
    const refusal = foreign
      ? `\n200-The reflector connects only to this control connection's source address (${s.source}), never to ${named}.`
      : '';
    s.reply(
      `200-${line}${refusal}\n200 ${name} recorded: LIST makes the reflector connect to ${s.source} port ${parsed.value.port}`,
    );
  };
}

function passiveCommand(name: 'PASV' | 'EPSV'): Handler {
  return async (s, argument) => {
    if (name === 'EPSV' && argument.toUpperCase() === 'ALL') return s.reply('200 EPSV ALL accepted');
    if (name === 'PASV' && ipFamily(s.localAddress) !== 4)
      return s.reply('425 PASV names IPv4 addresses only: use EPSV');
    const port = await s.openPassive();
    if (port === undefined) return s.reply('425 No passive port free in the range; try again shortly');
    if (name === 'EPSV') return s.reply(`229 Entering Extended Passive Mode (|||${port}|)`);
    return s.reply(`227 Entering Passive Mode (${s.localAddress.split('.').join(',')},${port >> 8},${port & 255})`);
  };
}

/** Writes one byte at a steady pace for `durationMs`, then ends; false when the client closed the connection first. */
function trickle(socket: net.Socket, durationMs: number): Promise<boolean> {
  const everyMs = Math.max(500, Math.min(5000, Math.round(durationMs / 8)));
  return new Promise((resolve) => {
    const ends = Date.now() + durationMs;
    const timer = setInterval(() => {
      if (Date.now() >= ends) {
        clearInterval(timer);
        socket.end();
        return resolve(true);
      }
      socket.write('.');
    }, everyMs);
    socket.once('close', () => {
      clearInterval(timer);
      resolve(Date.now() >= ends);
    });
  });
}

/** Room kept in a session's budget after a slow transfer, for its 226. */
const IDLE_FINAL_REPLY_MS = 5_000;

/**
 * `RETR idle-SECONDS` (network --idle): a passive data connection that stays
 * busy (one byte every few seconds) while the control connection stays idle,
 * then 226, as a long transfer does. Whether the 226 reaches the client tells
 * whether the path still knew the idle control connection.
 */
async function idleTransfer(s: Parameters<Handler>[0], seconds: number): Promise<void> {
  const durationMs = seconds * 1000;
  if (!Number.isInteger(seconds) || seconds < 1 || durationMs > s.reflector.limits.idleTransferMaxMs)
    return s.reply(`501 idle-SECONDS takes 1 to ${s.reflector.limits.idleTransferMaxMs / 1000} seconds`);
  // The 226 must still fit in the session's budget: a transfer that cannot end inside it is not started.
  const margin = Math.min(IDLE_FINAL_REPLY_MS, s.reflector.limits.sessionLifetimeMs / 2);
  const leftS = Math.floor((s.budgetLeftMs() - margin) / 1000);
  if (seconds > leftS)
    return s.reply(
      `501-${formatReflectorLine('limit', { kind: 'session-budget', 'left-s': Math.max(0, leftS) })}\n501 This session has ${Math.max(0, leftS)} s left of its ${Math.round((s.reflector.limits.sessionLifetimeMs + s.reflector.limits.idleTransferMaxMs) / 1000)} s; open a new one`,
    );
  const waited = await s.waitPassive();
  if (!waited?.socket) {
    s.closeData();
    return s.reply(
      `425-${formatReflectorLine('data-arrived', { result: 'none', 'waited-ms': waited?.waitedMs ?? 0, tls: s.secure })}\n425 No data connection arrived`,
    );
  }
  s.extendLifetime(durationMs + s.reflector.limits.sessionLifetimeMs);
  s.reply(
    `150-${formatReflectorLine('data-arrived', { result: 'ok', source: plainAddress(waited.socket.remoteAddress ?? ''), 'same-as-control': sameAddress(plainAddress(waited.socket.remoteAddress ?? ''), s.source), tls: s.secure })}\n150 One byte every few seconds for ${seconds} s; the control connection stays idle meanwhile`,
  );
  const finished = await trickle(waited.socket, durationMs);
  s.closeData();
  s.results.push(`idle transfer of ${seconds} s`);
  return s.reply(finished ? `226 Done after ${seconds} s` : '426 The data connection closed before the end');
}

/** LIST (and NLST, RETR): the data connection, and what the reflector learned from it. */
const transfer: Handler = async (s, argument) => {
  const idle = /^idle-(\d{1,6})$/i.exec(argument.trim());
  if (idle && !s.active) return idleTransfer(s, Number(idle[1]));
  const timeoutMs = s.reflector.options.connectTimeoutMs;
  if (s.active) {
    const { port } = s.active;
    s.active = undefined;
    const budget = s.reflector.limitBook.connectBack(s.source);
    if (budget !== 'ok')
      return s.reply(
        `425-${formatReflectorLine('limit', { kind: budget })}\n425 Too many connect-backs in the last minute; wait and try again`,
      );
    const made = await s.connectBack(port);
    const line = formatReflectorLine('connect-back', {
      result: made.result,
      'to-address': s.source,
      'to-port': port,
      ms: made.ms,
      tls: s.secure,
    });
    s.results.push(`connect-back ${made.result}`);
    if (!made.socket) return s.reply(`425-${line}\n425 Could not connect to ${s.source} port ${port}`);
    s.reply(`150-${line}\n150 Connected back; here is one line`);
    await sendDataLine(made.socket, timeoutMs);
    return s.reply('226 Done');
  }
  const waited = await s.waitPassive();
  if (!waited) return s.reply('425 Send PORT, EPRT, PASV or EPSV first');
  if (!waited.socket) {
    s.closeData();
    s.results.push('data none');
    return s.reply(
      `425-${formatReflectorLine('data-arrived', { result: 'none', 'waited-ms': waited.waitedMs, tls: s.secure })}\n425 No data connection arrived`,
    );
  }
  const from = plainAddress(waited.socket.remoteAddress ?? '');
  const same = sameAddress(from, s.source);
  s.results.push(`data from ${same ? 'the control address' : from}`);
  s.reply(
    `150-${formatReflectorLine('data-arrived', { result: 'ok', source: from, 'source-port': waited.socket.remotePort ?? 0, 'same-as-control': same, tls: s.secure })}\n150 Here is one line`,
  );
  await sendDataLine(waited.socket, timeoutMs);
  s.closeData();
  return s.reply('226 Done');
};

export const HANDLERS: Record<string, Handler> = {
  // No accounts: any login is accepted, and nothing typed is kept.
  USER: (s) => s.reply('230 No login needed: the reflector has no files and no accounts'),
  PASS: (s) => s.reply('230 No login needed'),
  SYST: (s) => s.reply('215 UNIX Type: L8'),
  FEAT: (s) =>
    s.reply(`211-Features:\n${s.reflector.secureContext ? ' AUTH TLS\n PBSZ\n PROT\n' : ''} EPRT\n EPSV\n211 End`),
  NOOP: (s) => s.reply('200 OK'),
  TYPE: (s) => s.reply('200 OK'),
  PWD: (s) => s.reply('257 "/" has nothing in it'),
  AUTH: async (s, argument) => {
    const context = s.reflector.secureContext;
    if (!context) return s.reply('502 TLS is not set up on this reflector');
    if (!['TLS', 'SSL', 'TLS-C'].includes(argument.toUpperCase())) return s.reply('504 Only AUTH TLS');
    if (s.secure) return s.reply('503 Already under TLS');
    s.reply('234 Proceed with TLS');
    await s.upgrade(context);
  },
  PBSZ: (s) => s.reply('200 PBSZ=0'),
  // The reflector tests whether connections get through, not what they carry: data stays clear.
  PROT: (s, level) =>
    level.toUpperCase() === 'C'
      ? s.reply('200 PROT C')
      : s.reply('536 Only PROT C: the reflector tests connections, not data protection'),
  PORT: activeCommand('PORT'),
  EPRT: activeCommand('EPRT'),
  PASV: passiveCommand('PASV'),
  EPSV: passiveCommand('EPSV'),
  LIST: transfer,
  NLST: transfer,
  RETR: transfer,
  QUIT: (s) => {
    s.reply('221 Goodbye');
    s.close();
  },
};
