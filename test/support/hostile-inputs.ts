/**
 * Small inputs with large effects, generated at a chosen size: the tests run
 * them against the caps, the benchmark at two sizes to show the time grows
 * no faster than the input. Addresses are documentation ranges: nothing is
 * ever sent to them, they are bytes in a file.
 */
import zlib from 'node:zlib';
import { pcapFile, pcapngFile, SessionScript, type Segment } from './pcap-writer.js';

const CLIENT = { host: '203.0.113.10', port: 40000 };
const SERVER = { host: '198.51.100.10', port: 21 };

/** One logged-in session, ready for more lines. */
function session(client = CLIENT, t?: number): SessionScript {
  const script = new SessionScript(client, SERVER);
  if (t !== undefined) script.t = t;
  return script.handshake().reply('220 ready').send('USER anonymous').reply('331 pw').send('PASS x').reply('230 in');
}

/** Item 9: `count` 227 replies of 8 KiB of digits (no commas): a pattern tried at every digit is quadratic. */
export function passiveDigitsCapture(count: number): Buffer {
  const script = session();
  const digits = '9'.repeat(8 * 1024 - 40);
  for (let i = 0; i < count; i += 1) script.send('PASV').reply(`227 Entering Passive Mode ${digits}`);
  return zlib.gzipSync(pcapFile(script.segments));
}

/** Item 10: `count` 234 replies in one session, each once made every earlier line be copied. */
export function replies234Capture(count: number): Buffer {
  const script = session();
  for (let i = 0; i < count; i += 1) script.send('NOOP').reply('234 x');
  return zlib.gzipSync(pcapFile(script.segments));
}

/** Item 11: a session whose `bytes` bytes of lines arrive one byte a segment, last byte first. */
export function outOfOrderCapture(bytes: number): Buffer {
  const script = new SessionScript(CLIENT, SERVER).handshake();
  script.reply('220 ready');
  const text = 'NOOP\r\n'.repeat(Math.ceil(bytes / 6)).slice(0, bytes);
  const first = script.line(true, '');
  const segments: Segment[] = [];
  for (let i = 0; i < text.length; i += 1)
    segments.push({ ...first, t: first.t + i * 0.001, seq: first.seq + i, payload: text[i]! });
  for (const segment of segments.reverse()) script.segments.push(segment);
  return zlib.gzipSync(pcapFile(script.segments));
}

/** Item 11: one data connection's SYN retransmitted `count` times, each at its own time. */
export function synFloodCapture(count: number): Buffer {
  const script = session().send('PASV').reply('227 Entering Passive Mode (198,51,100,10,195,80).');
  const base = { src: CLIENT.host, dst: SERVER.host, sport: CLIENT.port + 1, dport: 50000, seq: 99 } as const;
  for (let i = 0; i < count; i += 1) script.segments.push({ ...base, t: script.t + i, flags: 'S' });
  return zlib.gzipSync(pcapFile(script.segments));
}

/** Item 12: `count` pcapng blocks of nearly 16 MiB each (a type the reader skips), gzipped to almost nothing. */
export function bigBlocksCapture(count: number): Buffer {
  const header = pcapngFile(session().segments);
  const length = 16 * 1024 * 1024 - 16;
  const block = Buffer.alloc(length);
  block.writeUInt32LE(0x00000bad, 0);
  block.writeUInt32LE(length, 4);
  block.writeUInt32LE(length, length - 4);
  return zlib.gzipSync(Buffer.concat([header, ...Array.from({ length: count }, () => block)]));
}

/** Item 13: `count` identical sessions from as many client ports, each side's capture (the server's TTLs unchanged). */
export function manySessionsCaptures(count: number, tls = false): { client: Buffer; server: Buffer } {
  const sides = (fromServer: boolean): Buffer => {
    const segments: Segment[] = [];
    for (let i = 0; i < count; i += 1) {
      const client = { host: CLIENT.host, port: 10000 + (i % 50000) };
      const script = new SessionScript(client, SERVER, fromServer ? { client: 50, server: 64 } : undefined);
      script.t = 1_700_000_000_000 + i * 100;
      script.handshake().reply('220 ready');
      if (tls) script.send('AUTH TLS').reply('234 go ahead');
      else script.send('USER anonymous').reply('331 pw').send('PASV').reply('227 (198,51,100,10,195,80)');
      segments.push(...script.segments);
    }
    return zlib.gzipSync(pcapFile(segments));
  };
  return { client: sides(false), server: sides(true) };
}

/** Item 14: `count` pods running an FTP image and `count` Services that select none of them. */
export function podsAndServices(count: number): string {
  const documents: string[] = [];
  for (let i = 0; i < count; i += 1) {
    documents.push(
      `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, labels: { app: ftp, n: "${i}" } }\nspec:\n  containers: [{ name: c, image: fauria/vsftpd }]`,
    );
    documents.push(
      `apiVersion: v1\nkind: Service\nmetadata: { name: s${i} }\nspec:\n  type: NodePort\n  selector: { app: web, n: "${i}" }\n  ports: [{ port: 21 }]`,
    );
  }
  return `${documents.join('\n---\n')}\n`;
}

/** Item 15: a --firewall file of `bytes` line breaks. */
export function newlinesFirewall(bytes: number): string {
  return '\n'.repeat(bytes);
}

/** Item 4: `sessions` sessions of `lines` reply lines of `bytes` each, streamed through gzip (tiny on disk, large inside). */
export async function longSessionsCapture(sessions: number, lines: number, bytes: number): Promise<Buffer> {
  const gzip = zlib.createGzip();
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => gzip.once('end', resolve));
  const write = async (chunk: Buffer): Promise<void> => {
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  };
  await write(pcapFile([]));
  const text = `200-${'x'.repeat(Math.max(0, bytes - 6))}`;
  for (let s = 0; s < sessions; s += 1) {
    const script = session({ host: CLIENT.host, port: 10000 + (s % 50000) }, 1_700_000_000_000 + s * 1000);
    script.send('STAT');
    await write(pcapFile(script.segments.splice(0)).subarray(24));
    for (let done = 0; done < lines;) {
      const step = Math.min(1000, lines - done);
      for (let i = 0; i < step; i += 1) script.segments.push(script.line(false, text));
      await write(pcapFile(script.segments.splice(0)).subarray(24));
      done += step;
    }
  }
  gzip.end();
  await ended;
  return Buffer.concat(out);
}
