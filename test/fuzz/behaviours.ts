/** fast-check arbitraries for a server that misbehaves at every phase, and the script that acts them out. */
import fc from 'fast-check';
import {
  DEFAULT_HANDLERS,
  delay,
  type FtpSession,
  type Handler,
  type ServerScript,
} from '../../src/commands/demo/ftp-server.js';

export type Action =
  | { kind: 'default' }
  | { kind: 'reply'; text: string }
  | { kind: 'raw'; bytes: Uint8Array }
  | { kind: 'slow'; text: string }
  | { kind: 'endless' }
  | { kind: 'huge' }
  | { kind: 'close' }
  | { kind: 'reset' }
  | { kind: 'stall' };

export type DataAction = 'default' | 'trickle' | 'silent' | 'flood' | 'close' | 'reset' | 'from-elsewhere';

export interface Behaviour {
  greeting: Action;
  commands: Record<string, Action>;
  data: DataAction;
  password: string;
}

const VERBS = ['USER', 'PASS', 'FEAT', 'SYST', 'PWD', 'TYPE', 'PASV', 'EPSV', 'PORT', 'EPRT', 'LIST', 'QUIT'] as const;

const code = fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0'));
const octet = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 256, max: 99999 }));
const hostlike = fc.oneof(
  fc.constantFrom(
    '127,0,0,1',
    '10,20,0,2',
    '192,168,1,1',
    '8,8,8,8',
    '0,0,0,0',
    '169,254,1,1',
    '100,64,0,1',
    '203,0,113,5',
  ),
  fc.tuple(octet, octet, octet, octet).map((parts) => parts.join(',')),
);
const replyText = fc.oneof(
  fc.tuple(code, fc.constantFrom(' ', '-'), fc.string({ maxLength: 60 })).map(([c, sep, text]) => `${c}${sep}${text}`),
  fc
    .tuple(hostlike, octet, octet, fc.boolean())
    .map(([h, p1, p2, parens]) =>
      parens ? `227 Entering Passive Mode (${h},${p1},${p2}).` : `227 Entering passive mode ${h},${p1},${p2}`,
    ),
  fc
    .tuple(fc.constantFrom('|', '!', '#', 'x', ' '), fc.integer({ min: -5, max: 70000 }))
    .map(([d, port]) => `229 Entering Extended Passive Mode (${d}${d}${d}${port}${d})`),
  fc
    .tuple(code, fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }), code)
    .map(([first, middle, last]) => [`${first}-start`, ...middle.map((line) => ` ${line}`), `${last} end`].join('\n')),
  fc.constantFrom(
    '150 Here comes the directory listing.',
    '226 Directory send OK.',
    '425 Security: Bad IP connecting.',
    '500 Illegal PORT command.',
    '421 Too many connections',
    '530 Login incorrect.',
    '534 Policy requires SSL.',
    '120 Wait.',
    '227 Entering Passive Mode (',
    '',
  ),
);

export const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Action>({ kind: 'default' }) },
  { weight: 4, arbitrary: replyText.map<Action>((text) => ({ kind: 'reply', text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map<Action>((bytes) => ({ kind: 'raw', bytes })) },
  { weight: 1, arbitrary: replyText.map<Action>((text) => ({ kind: 'slow', text })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Action>(
      { kind: 'endless' },
      { kind: 'huge' },
      { kind: 'close' },
      { kind: 'reset' },
      { kind: 'stall' },
    ),
  },
);

export const behaviour: fc.Arbitrary<Behaviour> = fc.record({
  greeting: fc.oneof(
    { weight: 5, arbitrary: fc.constant<Action>({ kind: 'default' }) },
    { weight: 2, arbitrary: action },
  ),
  commands: fc.record(
    Object.fromEntries(VERBS.map((verb) => [verb, action])) as Record<(typeof VERBS)[number], fc.Arbitrary<Action>>,
  ),
  data: fc.constantFrom<DataAction>(
    'default',
    'default',
    'trickle',
    'silent',
    'flood',
    'close',
    'reset',
    'from-elsewhere',
  ),
  password: fc
    .string({
      minLength: 8,
      maxLength: 16,
      unit: fc.constantFrom(...'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'.split('')),
    })
    .map((p) => `Pw-${p}`),
});

async function act(s: FtpSession, step: Action, fallback: Handler | undefined, argument: string): Promise<void> {
  const socket = s.socket;
  switch (step.kind) {
    case 'default':
      return fallback?.(s, argument);
    case 'reply':
      return s.reply(step.text);
    case 'raw':
      socket.write(step.bytes);
      return;
    case 'slow':
      for (const byte of Buffer.from(`${step.text}\r\n`)) {
        if (socket.destroyed) return;
        socket.write(Buffer.from([byte]));
        await delay(2);
      }
      return;
    case 'endless':
      for (let i = 0; i < 2000 && !socket.destroyed; i += 1) {
        socket.write('211-more and more\r\n');
        if (i % 100 === 0) await delay(1);
      }
      return;
    case 'huge':
      socket.write(`200 ${'x'.repeat(100_000)}\r\n`);
      return;
    case 'close':
      socket.end();
      return;
    case 'reset':
      socket.resetAndDestroy();
      return;
    case 'stall':
      return new Promise(() => undefined);
  }
}

async function list(s: FtpSession, data: DataAction): Promise<void> {
  const connection = await s.dataConnection(1000, data === 'from-elsewhere' ? '127.0.0.2' : undefined);
  if (!connection) return s.reply('425 Failed to establish connection.');
  await s.reply('150 Here comes the directory listing.');
  switch (data) {
    case 'silent':
      return;
    case 'trickle':
      for (let i = 0; i < 50 && !connection.destroyed; i += 1) {
        connection.write('x');
        await delay(100);
      }
      break;
    case 'flood': {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      for (let i = 0; i < 40 && !connection.destroyed; i += 1) if (!connection.write(chunk)) await delay(1);
      break;
    }
    case 'close':
      break;
    case 'reset':
      connection.resetAndDestroy();
      return s.reply('426 Connection closed; transfer aborted.');
    default:
      connection.write('-rw-r--r-- 1 0 0 1 Nov 23 20:14 a\r\n');
  }
  connection.end();
  return s.reply('226 Directory send OK.');
}

/** The scriptable server's script for one behaviour. */
export function scriptFor(b: Behaviour): ServerScript {
  const handlers: Record<string, Handler> = {};
  for (const [verb, step] of Object.entries(b.commands)) {
    const fallback = verb === 'LIST' ? (s: FtpSession) => list(s, b.data) : DEFAULT_HANDLERS[verb];
    handlers[verb] = (s, argument) => act(s, step, fallback, argument);
  }
  const script: ServerScript = { handlers, users: { fuzz: b.password }, anonymous: false };
  if (b.greeting.kind !== 'default') script.onConnect = (s) => act(s, b.greeting, undefined, '');
  return script;
}
