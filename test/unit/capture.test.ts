import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureReader, captureFormatOf } from '../../src/commands/analyze/capture/container.js';
import { readCapture, readCaptureSync } from '../../src/commands/analyze/capture/read-capture.js';
import type { LogEvent } from '../../src/commands/analyze/events.js';
import { logToRecord } from '../../src/commands/analyze/to-record.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { pcapFile, pcapngFile, SessionScript, type Link, type Segment } from '../support/pcap-writer.js';

const CLIENT = { host: '203.0.113.10', port: 40000 };
const SERVER = { host: '198.51.100.10', port: 21 };

/** A session that lists in passive mode; `data` says how its data connection fares. */
function passiveSession(data: 'ok' | 'refused' | 'dropped' = 'ok', server = SERVER): SessionScript {
  const script = new SessionScript(CLIENT, server).handshake();
  script.reply('220 (vsFTPd 3.0.3)').send('USER anonymous').reply('331 Please specify the password.');
  script.send('PASS secret@example.com').reply('230 Login successful.').send('PASV');
  script.reply('227 Entering Passive Mode (198,51,100,10,195,80).').dataConnection(50000, data);
  if (data === 'ok') script.send('LIST').reply('150 Here comes the directory listing.').reply('226 Directory send OK.');
  return script;
}

const lines = (events: LogEvent[]): string[] =>
  events.flatMap((event) => (event.kind === 'sent' || event.kind === 'reply' ? [`${event.kind} ${event.text}`] : []));

function codesOf(capture: Buffer, chunk = capture.length): { codes: string[]; verdict: string; events: LogEvent[] } {
  const chunks: Buffer[] = [];
  for (let at = 0; at < capture.length; at += chunk) chunks.push(capture.subarray(at, at + chunk));
  const [session] = readCaptureSync(chunks).sessions;
  assert.ok(session, 'one FTP session');
  const record = logToRecord(session.log, { file: 'x.pcap', startedAt: 'x', toolVersion: '0' });
  const diagnosis = diagnose(record);
  return {
    codes: diagnosis.findings.map((f) => f.code),
    verdict: diagnosis.verdict.verdict,
    events: session.log.events,
  };
}

describe('packet captures: containers and link layers', () => {
  it('reads the same session from pcap in either byte order and unit, pcapng in either byte order and resolution, in any chunking', () => {
    const segments = passiveSession().segments;
    const expected = lines(codesOf(pcapFile(segments)).events);
    assert.ok(expected.includes('sent PASS ****'), 'the password is masked');
    assert.ok(!expected.some((line) => line.includes('secret')));
    const variants: Array<[string, Buffer]> = [
      ['pcap big-endian', pcapFile(segments, { bigEndian: true })],
      ['pcap nanoseconds', pcapFile(segments, { nanoseconds: true })],
      ['pcapng', pcapngFile(segments)],
      ['pcapng big-endian nanoseconds', pcapngFile(segments, { bigEndian: true, resolution: 9 })],
    ];
    for (const [name, file] of variants) {
      for (const chunk of [file.length, 7, 1]) {
        const read = codesOf(file, chunk);
        assert.deepEqual(lines(read.events), expected, `${name}, chunks of ${chunk}`);
        assert.deepEqual(read.codes, ['ALL_MODES_OK'], name);
      }
    }
    // The times survive every container: the 227 five milliseconds after PASV.
    const times = (file: Buffer): number[] =>
      codesOf(file)
        .events.filter((e) => e.kind === 'reply')
        .map((e) => e.t ?? 0);
    assert.deepEqual(times(pcapngFile(segments, { resolution: 9 })), times(pcapFile(segments)));
  });
  it('keeps nothing of a chunk after the next one: a source may refill one buffer', () => {
    const file = pcapFile(passiveSession().segments);
    function* refilled(size: number): Generator<Uint8Array> {
      const buffer = Buffer.alloc(size);
      for (let at = 0; at < file.length; at += size) {
        const read = file.copy(buffer, 0, at, Math.min(at + size, file.length));
        yield buffer.subarray(0, read);
        buffer.fill(0xee);
      }
    }
    for (const size of [13, 100, 1000]) {
      const [session] = readCaptureSync(refilled(size)).sessions;
      assert.deepEqual(lines(session!.log.events), lines(codesOf(file).events), `chunks of ${size}`);
    }
  });
  it('reads Ethernet, 802.1Q VLAN, Linux cooked SLL and SLL2, raw IP and BSD null frames, over IPv4 and IPv6', () => {
    const v6 = new SessionScript(
      { host: '2001:db8:203::10', port: 40000 },
      { host: '2001:db8:51::10', port: 21 },
    ).handshake();
    v6.reply('220 ready')
      .send('USER anonymous')
      .reply('230 ok')
      .send('EPSV')
      .reply('229 Entering Extended Passive Mode (|||50000|)');
    v6.dataConnection(50000, 'dropped');
    for (const link of ['ethernet', 'vlan', 'sll', 'sll2', 'raw', 'null'] as Link[]) {
      assert.deepEqual(codesOf(pcapFile(passiveSession().segments, { link })).codes, ['ALL_MODES_OK'], link);
      assert.deepEqual(codesOf(pcapngFile(v6.segments, { link })).codes, ['EPSV_DATA_TIMEOUT'], `${link}, IPv6`);
    }
  });
  it('a block far longer than the chunks it comes in is joined once, and reads as the same packets', () => {
    const capture = pcapngFile(passiveSession().segments);
    const whole = codesOf(capture);
    // Chunks of 7 bytes: each packet block spans several.
    assert.deepEqual(lines(codesOf(capture, 7).events), lines(whole.events));
    assert.deepEqual(codesOf(capture, 7).codes, whole.codes);
  });
  it('the reading has a time budget: past it, the rest is not read and each session says so', async () => {
    let now = 0;
    const capture = pcapFile(passiveSession().segments);
    const chunks = [capture.subarray(0, 400), capture.subarray(400)];
    // The budget ends between the two chunks: the second is not read.
    const read = await readCapture(chunks, { now: () => (now += 1000), ms: 1500 });
    assert.equal(read.outOfTime, true);
    assert.ok(read.sessions.length > 0, 'the first chunk was read');
    assert.ok(read.sessions.every((session) => session.log.alsoNotShown.includes('capture-budget')));
    const unhurried = await readCapture(chunks, { now: () => 0, ms: 1500 });
    assert.equal(unhurried.outOfTime, false);
  });
  it('tells pcap and pcapng by their magic numbers, and nothing else', () => {
    assert.equal(captureFormatOf(pcapFile([])), 'pcap');
    assert.equal(captureFormatOf(pcapFile([], { bigEndian: true, nanoseconds: true })), 'pcap');
    assert.equal(captureFormatOf(pcapngFile([])), 'pcapng');
    assert.equal(captureFormatOf(Buffer.from('220 ready\r\n')), undefined);
  });
  it('a file cut mid-packet is read as far as it goes and says so; a length no packet can have stops there', () => {
    const file = pcapFile(passiveSession().segments);
    const cut = readCaptureSync([file.subarray(0, file.length - 10)]);
    assert.match(cut.problem?.what ?? '', /ends in the middle of a packet/);
    assert.ok(cut.sessions[0]?.log.alsoNotShown.includes('capture-end'));
    const corrupt = Buffer.from(file);
    corrupt.writeUInt32LE(0x7fffffff, 24 + 8);
    const reader = new CaptureReader();
    assert.deepEqual(reader.push(corrupt), []);
    assert.match(reader.problem?.what ?? '', /claims 2147483647 bytes/);
  });
  it('a snap length that cuts the control packets is said as missing bytes, not guessed', () => {
    const read = readCaptureSync([pcapFile(passiveSession().segments, { snapLength: 60 })]);
    const session = read.sessions[0];
    assert.ok(read.truncatedPackets > 0);
    assert.ok(!session || session.log.alsoNotShown.includes('capture-gaps'));
  });
});

describe('packet captures: TCP streams', () => {
  it('puts out-of-order segments back in order and drops retransmissions', () => {
    const script = passiveSession();
    const segments = [...script.segments];
    // Swap two server lines on the wire and send one client line twice.
    const reply = segments.findIndex((s) => s.payload === '331 Please specify the password.\r\n');
    const next = segments.findIndex((s, i) => i > reply && s.src === SERVER.host);
    [segments[reply], segments[next]] = [segments[next]!, segments[reply]!];
    const user = segments.find((s) => s.payload === 'USER anonymous\r\n')!;
    segments.splice(segments.indexOf(user) + 1, 0, { ...user, t: user.t + 1 });
    assert.deepEqual(lines(codesOf(pcapFile(segments)).events), lines(codesOf(pcapFile(script.segments)).events));
  });
  it('every line cut into one-byte segments, shuffled: the same lines, in order, overlapping copies and all', () => {
    const script = passiveSession();
    const whole = lines(codesOf(pcapFile(script.segments)).events);
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cut: Segment[] = script.segments.flatMap((segment) => {
      const payload = typeof segment.payload === 'string' ? segment.payload : '';
      if (payload.length === 0) return [segment];
      const bytes = [...payload].map((c, i) => ({ ...segment, seq: segment.seq + i, payload: c }));
      // A retransmission that overlaps two of them.
      return [...bytes, { ...segment, seq: segment.seq, payload: payload.slice(0, 2) }];
    });
    // Each direction's pieces of the control connection change places among themselves; nothing else moves.
    for (const from of [CLIENT, SERVER]) {
      const places = cut.flatMap((segment, i) =>
        segment.src === from.host && (segment.sport === 21 || segment.dport === 21) && segment.payload ? [i] : [],
      );
      const pieces = places.map((i) => cut[i]!);
      for (let i = pieces.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [pieces[i], pieces[j]] = [pieces[j]!, pieces[i]!];
      }
      places.forEach((place, k) => (cut[place] = pieces[k]!));
    }
    const ordered = cut;
    assert.deepEqual(lines(codesOf(pcapFile(ordered)).events), whole);
  });
  it('the SYNs of one connection: every one counted, the first times kept', () => {
    const script = passiveSession('dropped');
    const syn = [...script.segments].reverse().find((s) => s.flags === 'S')!;
    for (let i = 1; i <= 100; i += 1) script.segments.push({ ...syn, t: syn.t + i * 1000 });
    const capture = readCaptureSync([pcapFile(script.segments)]);
    const data = capture.connections.find((c) => c.server.port === 50000)!;
    assert.equal(data.syns, 104);
    assert.equal(data.synTimes.length, 16);
  });
  it('a control segment missing from the capture is a gap the report names', () => {
    const segments = passiveSession().segments.filter((s) => s.payload !== '331 Please specify the password.\r\n');
    const [session] = readCaptureSync([pcapFile(segments)]).sessions;
    assert.ok(session?.log.alsoNotShown.includes('capture-gaps'));
    assert.ok(session!.session.gaps.some((gap) => gap.bytes === '331 Please specify the password.\r\n'.length));
  });
  it('a data SYN never answered is a timeout with the retransmission times; a reset is a refusal', () => {
    const dropped = codesOf(pcapFile(passiveSession('dropped').segments));
    assert.deepEqual(dropped.codes, ['PASV_DATA_TIMEOUT']);
    const failure = dropped.events.find((e) => e.kind === 'connect-failed');
    assert.ok(
      failure?.kind === 'connect-failed' &&
        /4 SYNs at 0\.0 s, 1\.0 s, 3\.0 s, 7\.0 s, none answered/.test(failure.text),
    );
    assert.deepEqual(codesOf(pcapFile(passiveSession('refused').segments)).codes, ['PASV_DATA_REFUSED']);
  });
});

describe('packet captures: FTP found by content', () => {
  it('finds FTP on any port by its greeting and commands, and leaves SMTP, which also greets with 220', () => {
    const other = passiveSession('ok', { host: SERVER.host, port: 2222 });
    assert.deepEqual(codesOf(pcapFile(other.segments)).codes, ['ALL_MODES_OK']);
    const smtp = new SessionScript(CLIENT, { host: SERVER.host, port: 25 }).handshake();
    smtp.reply('220 mail.example.com ESMTP Postfix').send('EHLO client').reply('250 mail.example.com');
    assert.equal(readCaptureSync([pcapFile(smtp.segments)]).sessions.length, 0);
  });
  it('several sessions in one capture are each their own', () => {
    const first = passiveSession();
    const second = passiveSession('dropped');
    const moved: Segment[] = second.segments.map((s) =>
      s.src === CLIENT.host
        ? { ...s, sport: s.sport + 100, t: s.t + 60_000 }
        : { ...s, dport: s.dport + 100, t: s.t + 60_000 },
    );
    const read = readCaptureSync([pcapFile([...first.segments, ...moved])]);
    assert.equal(read.sessions.length, 2);
  });
  it('after AUTH TLS the commands are unreadable, and the report says so', () => {
    const script = new SessionScript(CLIENT, SERVER).handshake();
    script.reply('220 ready').send('AUTH TLS').reply('234 Proceed with negotiation.');
    script.segments.push(script.line(true, '\u0016\u0003\u0001 binary handshake'));
    const [session] = readCaptureSync([pcapFile(script.segments)]).sessions;
    assert.ok(session?.log.alsoNotShown.includes('encrypted-commands'));
    assert.ok(!lines(session!.log.events).some((line) => line.includes('binary')));
  });
  it('seen from the server, a data connection from another address than the control connection is a NAT pool', () => {
    const script = new SessionScript(CLIENT, { host: '10.88.1.10', port: 21 }, { client: 60, server: 64 }).handshake();
    script.reply('220 ready').send('USER anonymous').reply('230 ok').send('PASV');
    script.reply('227 Entering Passive Mode (198,51,100,10,195,80).');
    const pooled = new SessionScript(
      { host: '203.0.113.11', port: 40000 },
      { host: '10.88.1.10', port: 21 },
      { client: 60, server: 64 },
    );
    pooled.t = script.t;
    pooled.dataConnection(50000, 'ok');
    script.segments.push(...pooled.segments);
    script.t = pooled.t;
    script.send('LIST').reply('425 Security: Bad IP connecting.');
    const { codes } = codesOf(pcapFile(script.segments));
    assert.ok(codes.includes('DATA_FROM_OTHER_SOURCE'), codes.join());
  });
});
