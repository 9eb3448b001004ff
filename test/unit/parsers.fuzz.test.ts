import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseEprtArgument, parsePortArgument } from '../../src/protocol/ftp-commands.js';
import { parseEpsvReply, parsePasvReply } from '../../src/protocol/passive.js';
import { ReplyError, ReplyReader } from '../../src/protocol/reply.js';
import { sniffProtocol } from '../../src/protocol/sniff.js';
import { parseLog } from '../../src/commands/analyze/detect.js';
import { LOG_FORMATS } from '../../src/commands/analyze/events.js';
import { logToRecord } from '../../src/commands/analyze/to-record.js';
import { UsageError } from '../../src/input/usage-error.js';
import { targetReport } from '../../src/report/assemble.js';
import { FORMATS, render } from '../../src/report/render.js';
import { REPO_ROOT } from '../support/paths.js';
import { ConfigError } from '../../src/commands/audit/config/config-errors.js';
import { parseIisConfig } from '../../src/commands/audit/config/iis-config.js';
import { parseProftpdConf } from '../../src/commands/audit/config/proftpd-config.js';
import { parseVsftpdConf } from '../../src/commands/audit/config/vsftpd-config.js';
import { isNetshOutput, parseNetsh } from '../../src/commands/audit/firewall/netsh.js';
import { parseNftJson } from '../../src/commands/audit/firewall/nft-json.js';
import { parseFirewallText } from '../../src/commands/audit/read.js';
import { readBoundedFile } from '../../src/io/files.js';

const limits = { maxLineBytes: 200, maxReplyLines: 20, maxReplyBytes: 2000 };

describe('parsers under arbitrary input', () => {
  it('ReplyReader returns replies within its limits or throws ReplyError, however the bytes are split', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const reader = new ReplyReader(limits);
        try {
          for (const chunk of chunks) {
            for (const reply of reader.push(Buffer.from(chunk))) {
              assert.ok(reply.code >= 0 && reply.code <= 999);
              assert.ok(reply.lines.length >= 1 && reply.lines.length <= limits.maxReplyLines + 1);
            }
            assert.ok(reader.bufferedBytes <= limits.maxLineBytes);
          }
        } catch (error) {
          assert.ok(error instanceof ReplyError, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('227/229 and PORT/EPRT parsers never throw and never return an out-of-range value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        for (const parsed of [parsePasvReply(text), parsePortArgument(text), parseEprtArgument(text)]) {
          if (parsed.ok) {
            assert.ok(parsed.value.port >= 1 && parsed.value.port <= 65535);
            assert.ok(parsed.value.host.split('.').every((n) => Number(n) <= 255) || parsed.value.host.includes(':'));
          }
        }
        const epsv = parseEpsvReply(text);
        if (epsv.ok) assert.ok(epsv.value.port >= 1 && epsv.value.port <= 65535);
        sniffProtocol(Buffer.from(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('227 numbers: whatever the six numbers, an octet above 255 is malformed, never masked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 6, maxLength: 6 }), (numbers) => {
        const parsed = parsePasvReply(`227 Entering Passive Mode (${numbers.join(',')})`);
        const inRange = numbers.every((n) => n <= 255) && numbers[4]! * 256 + numbers[5]! > 0;
        assert.equal(parsed.ok, inRange);
        if (parsed.ok) assert.equal(parsed.value.port, numbers[4]! * 256 + numbers[5]!);
      }),
    );
  });
});

describe('log readers under arbitrary input', () => {
  const logs = path.join(REPO_ROOT, 'fixtures', 'logs');
  const realLines = fs
    .readdirSync(logs)
    .flatMap((file) => fs.readFileSync(path.join(logs, file), 'utf8').split('\n'))
    .filter((line) => line && !line.startsWith('#'));

  /** Every reader, and detection, and the whole diagnosis and rendering: never a crash, whatever the lines. */
  function analyzeSurvives(lines: string[]): void {
    for (const format of ['auto', ...LOG_FORMATS] as const) {
      let log;
      try {
        log = parseLog(lines.join('\n'), format, 'fuzz.log');
      } catch (error) {
        assert.ok(error instanceof UsageError, `${format}: ${String(error)}`);
        continue;
      }
      const record = logToRecord(log, { file: 'fuzz.log', startedAt: '2026-01-01T00:00:00.000Z', toolVersion: '0' });
      const report = targetReport('fuzz.log', [record], { failOn: 'error', redact: false });
      for (const f of FORMATS)
        render(f, [report], {
          format: f,
          failOn: 'error',
          redact: false,
          transcript: true,
          colour: false,
          width: 100,
          command: 'analyze',
        });
    }
  }

  it('arbitrary lines: a report or a usage error, never a crash', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 120 }), { maxLength: 30 }), analyzeSurvives), {
      numRuns: 150,
    });
  });

  it('real lines from every fixture log, in random order and number', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...realLines), { maxLength: 40 }), analyzeSurvives), {
      numRuns: 300,
    });
  });

  it('real lines with fields replaced by names, redactions and garbage', () => {
    const noise = fc.constantFrom(
      'ftp.example.net',
      'xxx.xxx.xxx.xxx',
      '999.1.1.1',
      '::',
      '',
      '(,,,,)',
      '0,0,0,0,0,0',
      'fe80::1%eth0',
      '65536',
      '-1',
    );
    const mutated = fc
      .tuple(fc.constantFrom(...realLines), noise)
      .map(([line, word]) => line.replace(/\d+\.\d+\.\d+\.\d+|\d+,\d+,\d+,\d+|\b\d{2,5}\b/, word));
    fc.assert(fc.property(fc.array(mutated, { maxLength: 40 }), analyzeSurvives), { numRuns: 300 });
  });
});

describe('audit readers under arbitrary input', () => {
  const audit = path.join(REPO_ROOT, 'fixtures', 'audit');
  const linesOf = (...files: string[]): string[] =>
    files.flatMap((file) => fs.readFileSync(path.join(audit, file), 'utf8').split('\n'));
  const proftpdLines = linesOf('proftpd/proftpd.conf', 'proftpd/tls.conf', 'vsftpd/debian-default.conf');
  const firewallLines = linesOf(
    'firewall/partial.rules.v4',
    'firewall/partial.rules.v6',
    'windows-firewall/rules-partial-block.txt',
    'windows-firewall/global.txt',
  );
  const xmlText = fs.readFileSync(path.join(audit, 'iis', 'applicationHost.config'), 'utf8');
  const runs = Number(process.env.FUZZ_RUNS ?? 200);

  /** A configuration error naming the file (exit 2 at the CLI), or a result: never anything else. */
  function onlyConfigErrors(read: () => unknown): void {
    try {
      read();
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
    }
  }

  it('generated ProFTPD and vsftpd configurations: a configuration or a ConfigError', () => {
    const line = fc.oneof(
      fc.constantFrom(...proftpdLines),
      fc.string({ maxLength: 80 }),
      fc.constantFrom(
        'Include /dev/zero',
        'Include /nonexistent',
        '<Global>',
        '</Global>',
        'PassivePorts 1 2 3',
        'x \\',
        '\\',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const text = lines.join('\n');
        onlyConfigErrors(() =>
          parseProftpdConf('fuzz.conf', {
            read: (file) => (file === 'fuzz.conf' ? text : readBoundedFile(file)),
            list: () => [],
            isDirectory: () => false,
          }),
        );
        onlyConfigErrors(() => parseVsftpdConf(text, 'fuzz.conf'));
      }),
      { numRuns: runs },
    );
  });

  // nft's own shape with values of any kind where it expects chains, rules and sets.
  const value = fc.anything({ maxDepth: 3, withNullPrototype: false });
  const nftItem = fc.oneof(
    fc.record({
      chain: fc.oneof(
        value,
        fc.record({
          family: fc.constantFrom('ip', 'ip6', 'inet'),
          table: fc.string(),
          name: fc.string(),
          hook: fc.constantFrom('input', 'forward'),
          policy: fc.constantFrom('drop', 'accept'),
          prio: value,
        }),
      ),
    }),
    fc.record({
      rule: fc.oneof(
        value,
        fc.record({
          family: fc.constantFrom('ip', 'inet'),
          table: fc.string(),
          chain: fc.string(),
          expr: fc.array(value, { maxLength: 4 }),
        }),
      ),
    }),
    fc.record({ set: value }),
  );

  it('generated firewall dumps (iptables-save, nft JSON, netsh): a ruleset or a ConfigError', () => {
    const line = fc.oneof(fc.constantFrom(...firewallLines), fc.string({ maxLength: 80 }));
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        fc.json(),
        fc.array(nftItem, { maxLength: 8 }),
        (lines, json, items) => {
          const text = lines.join('\n');
          onlyConfigErrors(() => parseFirewallText(text, 'fuzz.rules'));
          onlyConfigErrors(() => parseNftJson(json, 'fuzz.json'));
          onlyConfigErrors(() => parseNftJson(JSON.stringify({ nftables: items }), 'fuzz.json'));
          if (isNetshOutput(text)) onlyConfigErrors(() => parseNetsh([{ text, file: 'fuzz.txt' }]));
        },
      ),
      { numRuns: runs },
    );
  });

  it('IIS applicationHost.config cut, spliced and corrupted: a configuration or a ConfigError', () => {
    fc.assert(
      fc.property(fc.nat(xmlText.length), fc.nat(xmlText.length), fc.string({ maxLength: 40 }), (cut, at, junk) => {
        const text = xmlText.slice(0, Math.max(cut, at)) + junk + xmlText.slice(Math.min(cut, at));
        onlyConfigErrors(() => parseIisConfig(text, 'applicationHost.config'));
      }),
      { numRuns: runs },
    );
  });
});

describe('packet captures under arbitrary input', () => {
  const captures = path.join(REPO_ROOT, 'fixtures', 'captures');
  const real = fs
    .readdirSync(captures)
    .filter((f) => /\.pcap(ng)?$/.test(f))
    .map((f) => fs.readFileSync(path.join(captures, f)));
  const runs = Number(process.env.FUZZ_RUNS ?? 300);

  it('a real capture cut anywhere, with bytes flipped anywhere, is read without a crash, a hang or a session out of bounds', async () => {
    const { readCaptureSync } = await import('../../src/commands/analyze/capture/read-capture.js');
    fc.assert(
      fc.property(
        fc.nat({ max: real.length - 1 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.integer({ min: 1, max: 4096 }),
        (which, cutAt, flips, chunk) => {
          const source = real[which]!;
          const bytes = Buffer.from(source.subarray(0, (cutAt % source.length) + 1));
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const chunks: Buffer[] = [];
          for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
          const started = performance.now();
          const read = readCaptureSync(chunks);
          assert.ok(performance.now() - started < 2000, 'a small file is read at once');
          for (const session of read.sessions) {
            const record = logToRecord(session.log, { file: 'x', startedAt: 'x', toolVersion: '0' });
            assert.ok(record.transcript.every((entry) => entry.text.length <= 8 * 1024 + 100));
            assert.ok(!record.transcript.some((entry) => /^PASS (?!\*\*\*\*)/i.test(entry.text)));
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it('the shapes that were once quadratic, at random sizes, mixed and chunked: read within every cap', async () => {
    const { readCaptureSync } = await import('../../src/commands/analyze/capture/read-capture.js');
    const { CAPTURE_LIMITS } = await import('../../src/record/capture-limits.js');
    const hostile = await import('../support/hostile-inputs.js');
    const zlib = await import('node:zlib');
    const shapes = [
      (n: number) => hostile.passiveDigitsCapture(n % 20),
      (n: number) => hostile.replies234Capture(n * 10),
      (n: number) => hostile.outOfOrderCapture(n * 50),
      (n: number) => hostile.synFloodCapture(n * 10),
      (n: number) => hostile.manySessionsCaptures(n % 30, n % 2 === 0).client,
    ];
    fc.assert(
      fc.property(
        fc.nat({ max: shapes.length - 1 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 8192 }),
        (which, n, chunk) => {
          const bytes = zlib.gunzipSync(shapes[which]!(n));
          const chunks: Buffer[] = [];
          for (let at = 0; at < bytes.length; at += chunk) chunks.push(bytes.subarray(at, at + chunk));
          const read = readCaptureSync(chunks);
          assert.ok(read.sessions.length <= CAPTURE_LIMITS.sessions);
          for (const { session } of read.sessions) {
            assert.ok(session.lines.length <= CAPTURE_LIMITS.sessionLines);
            assert.ok(session.lines.every((line) => line.text.length <= CAPTURE_LIMITS.lineBytes));
          }
          for (const connection of read.connections) assert.ok(connection.synTimes.length <= 16);
        },
      ),
      { numRuns: Math.min(runs, 100) },
    );
  });

  it('random bytes behind a pcap or pcapng magic number never crash the reader', async () => {
    const { readCaptureSync } = await import('../../src/commands/analyze/capture/read-capture.js');
    const magics = [
      Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]),
      Buffer.from([0xa1, 0xb2, 0x3c, 0x4d]),
      Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]),
    ];
    fc.assert(
      fc.property(fc.nat({ max: 2 }), fc.uint8Array({ maxLength: 3000 }), (magic, rest) => {
        readCaptureSync([Buffer.concat([magics[magic]!, Buffer.from(rest)])]);
      }),
      { numRuns: runs },
    );
  });

  it('generated compose files and Kubernetes manifests: servers whose diagnosis never throws, or a ConfigError', async () => {
    const { stringify } = await import('yaml');
    const { readCompose } = await import('../../src/commands/audit/deploy/compose.js');
    const { readKubernetes } = await import('../../src/commands/audit/deploy/kubernetes.js');
    const { diagnoseDeployment } = await import('../../src/diagnose/deployment-diagnosis.js');
    // No file is ever read: every mount or env_file is "missing".
    const nothing = {
      read: (file: string): string => {
        throw Object.assign(new Error(file), { code: 'ENOENT' });
      },
      list: (): string[] => [],
      isDirectory: () => false,
      realPath: (file: string): string => file,
    };
    const word = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('21', '21:21', '30000-30009:30000-30009', '0-65535', '${PORT}', '$(X)', '-P', '-p', '/run.sh'),
      fc.constantFrom('./a.conf:/etc/vsftpd.conf:ro', '/etc/shadow:/etc/vsftpd.conf', '../x:/etc/proftpd', 'vsftpd'),
    );
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        word,
        fc.integer(),
        fc.boolean(),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(
          fc.constantFrom('image', 'ports', 'environment', 'volumes', 'command', 'args', 'env', 'name', 'value'),
          tie('node'),
          { maxKeys: 4 },
        ),
      ),
    })).node;
    const image = fc.constantFrom(
      'fauria/vsftpd',
      'delfer/alpine-ftp-server',
      'stilliard/pure-ftpd',
      'x/proftpd',
      'vsftpd',
    );
    const service = fc.record(
      {
        image,
        ports: value,
        environment: value,
        volumes: value,
        command: value,
        entrypoint: value,
        env_file: value,
        secrets: value,
        network_mode: value,
      },
      { requiredKeys: ['image'] },
    );
    const onlyConfigErrors = (read: () => unknown): void => {
      try {
        read();
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
      }
    };
    const check = (servers: Parameters<typeof diagnoseDeployment>[0]['servers']): void => {
      const diagnosis = diagnoseDeployment({ tool: { name: 'x', version: '0' }, startedAt: 'x', file: 'x', servers });
      assert.ok(['ok', 'degraded', 'failed', 'inconclusive'].includes(diagnosis.verdict.verdict));
    };
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), service, { maxKeys: 3 }), (services) => {
        onlyConfigErrors(() => check(readCompose(stringify({ services }), 'compose.yml', nothing)));
      }),
      { numRuns: runs },
    );
    const container = fc.record({
      name: word,
      image,
      env: value,
      args: value,
      command: value,
      ports: value,
      volumeMounts: value,
    });
    fc.assert(
      fc.property(fc.array(container, { maxLength: 2 }), value, value, (containers, volumes, data) => {
        const manifest = [
          { kind: 'ConfigMap', metadata: { name: 'c' }, data },
          {
            kind: 'Deployment',
            metadata: { name: 'd' },
            spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers, volumes } } },
          },
          {
            kind: 'Service',
            metadata: { name: 's' },
            spec: { type: 'NodePort', selector: { a: 'b' }, ports: volumes },
          },
        ]
          .map((document) => stringify(document))
          .join('---\n');
        onlyConfigErrors(() => check(readKubernetes([{ text: manifest, file: 'k.yaml' }], nothing)));
      }),
      { numRuns: runs },
    );
  });
});
