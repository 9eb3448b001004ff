/** Builds probe records for rule tests: a healthy default, changed where a test says. */
import type { ModeObservation, ProbeRecord } from '../../src/record/record.js';
import type { Reply } from '../../src/protocol/reply.js';
import { identifyFromTexts } from '../../src/protocol/software.js';

export function reply(text: string): Reply {
  const lines = text.split('\n');
  return { code: Number(text.slice(0, 3)), lines };
}

const ok = (command: string, text: string) => ({ command, outcome: 'ok' as const, reply: reply(text), ms: 5 });

/** A LIST that got 150, the data and 226. */
function listedOk(): Pick<
  ModeObservation,
  'list' | 'listReplies' | 'transfer' | 'completion' | 'phase' | 'durationMs'
> {
  return {
    list: ok('LIST', '150 Here comes the directory listing.'),
    listReplies: [reply('150 Here comes the directory listing.'), reply('226 Directory send OK.')],
    transfer: { bytes: 200, lines: 3, ms: 4, end: 'closed' },
    completion: { outcome: 'ok', ms: 2, reply: reply('226 Directory send OK.') },
    phase: 'done',
    durationMs: 40,
  };
}

export function passiveOk(mode: 'passive' | 'epsv', peer: string, advertisedHost?: string): ModeObservation {
  const port = 50004;
  const host = advertisedHost ?? peer;
  const text =
    mode === 'passive'
      ? `227 Entering Passive Mode (${host.split('.').join(',')},195,84).`
      : `229 Entering Extended Passive Mode (|||${port}|)`;
  return {
    mode,
    connection: 'own',
    command: ok(mode === 'passive' ? 'PASV' : 'EPSV', text),
    advertised: mode === 'passive' ? { host, port } : { port },
    dataTarget: {
      host: peer,
      port,
      chosen: host === peer ? 'advertised' : 'control-peer',
      advertisedSkipped: host !== peer,
    },
    dataConnect: { outcome: 'ok', ms: 3 },
    ...listedOk(),
  };
}

export function activeOk(mode: 'active' | 'eprt', local: string, peer: string): ModeObservation {
  const command = mode === 'active' ? `PORT ${local.split('.').join(',')},195,80` : `EPRT |1|${local}|50000|`;
  return {
    mode,
    connection: 'own',
    command: ok(command, `200 ${mode === 'active' ? 'PORT' : 'EPRT'} command successful. Consider using PASV.`),
    listen: { host: local, port: 50000, announcedHost: local },
    accept: { outcome: 'ok', ms: 5, remoteAddress: peer, remotePort: 20 },
    ...listedOk(),
  };
}

export interface RecordOptions {
  peer?: string;
  local?: string;
  banner?: string;
  modes?: ModeObservation[];
}

export function healthyRecord(options: RecordOptions = {}): ProbeRecord {
  const peer = options.peer ?? '198.51.100.2';
  const local = options.local ?? '203.0.113.10';
  const banner = options.banner ?? '220 (vsFTPd 3.0.3)';
  const record: ProbeRecord = {
    recordVersion: 1,
    tool: { name: 'ftp-doctor', version: '0.0.0-test' },
    startedAt: '2026-11-23T20:14:03.000Z',
    target: { input: `ftp://${peer}:21`, host: peer, port: 21, user: 'anonymous', anonymous: true },
    settings: {
      modes: ['passive', 'epsv', 'active', 'eprt'],
      timeoutMs: 2000,
      greetingTimeoutMs: 2000,
      deadlineMs: 20000,
      tryAdvertised: false,
      listingCapBytes: 1048576,
    },
    control: {
      address: peer,
      port: 21,
      family: 4,
      localAddress: local,
      connect: { outcome: 'ok', ms: 3 },
      greeting: { outcome: 'ok', ms: 4, replies: [reply(banner)] },
      login: {
        user: 'anonymous',
        anonymous: true,
        steps: [ok('USER anonymous', '331 Please specify the password.'), ok('PASS ****', '230 Login successful.')],
        loggedIn: true,
      },
      info: [],
      software: identifyFromTexts([{ text: banner, source: 'banner' }]),
    },
    modes: options.modes ?? [
      passiveOk('passive', peer),
      passiveOk('epsv', peer),
      activeOk('active', local, peer),
      activeOk('eprt', local, peer),
    ],
    interrupted: false,
    deadlineHit: false,
    durationMs: 120,
    transcript: [],
  };
  return record;
}

/** Replaces the observation of one mode. */
export function withMode(record: ProbeRecord, observation: ModeObservation): ProbeRecord {
  return { ...record, modes: record.modes.map((m) => (m.mode === observation.mode ? observation : m)) };
}
