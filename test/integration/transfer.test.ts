import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probeScript } from '../support/probe-server.js';
import { runCli } from '../support/cli.js';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';

const transfer = (path?: string, maxBytes = 4 * 1024 * 1024) => ({ transfer: { ...(path ? { path } : {}), maxBytes } });

describe('--transfer: downloads in each mode that lists', () => {
  it("without a path, the listing's largest file: every byte against SIZE, in every mode, DOWNLOAD_OK, verdict ok", async () => {
    const { record, codes, diagnosis } = await probeScript({}, transfer());
    assert.deepEqual(codes, ['ALL_MODES_OK', 'DOWNLOAD_OK']);
    for (const mode of record.modes) {
      assert.equal(mode.download?.path, 'release.tar.gz', mode.mode);
      assert.equal(mode.download?.expectedBytes, 12288);
      assert.equal(mode.download?.run?.transfer?.bytes, 12288);
      assert.equal(mode.download?.run?.completion?.reply?.code, 226);
    }
    assert.equal(diagnosis.verdict.verdict, 'ok');
    assert.match(diagnosis.findings.find((f) => f.code === 'DOWNLOAD_OK')!.title, /PASV .*EPSV .*PORT .*EPRT/);
  });

  it('a file whose data stops before one full-size packet, the connection held open: DOWNLOAD_BLACK_HOLED per mode, degraded', async () => {
    const { codes, diagnosis, elapsedMs } = await probeScript(
      { files: { 'big.iso': { bytes: 200_000, stallAfter: 0 } } },
      { ...transfer('big.iso'), modes: ['passive', 'epsv'] },
    );
    assert.deepEqual(codes, ['DOWNLOAD_BLACK_HOLED', 'DOWNLOAD_BLACK_HOLED']);
    const hole = diagnosis.findings.find((f) => f.code === 'DOWNLOAD_BLACK_HOLED')!;
    assert.match(hole.title, /big\.iso in PASV stalled at 0 bytes/);
    assert.match(hole.fix, /--clamp-mss-to-pmtu/);
    assert.equal(diagnosis.verdict.verdict, 'degraded');
    // Each stall ends at the timeout (1 s here): the verdict comes without waiting on the deadline.
    assert.ok(elapsedMs < 6000, `${Math.round(elapsedMs)} ms`);
  });

  it('data that stops after full-size packets got through: DOWNLOAD_STALLED, not a black hole', async () => {
    const { codes } = await probeScript(
      { files: { 'big.iso': { bytes: 200_000, stallAfter: 50_000 } } },
      { ...transfer('big.iso'), modes: ['passive'] },
    );
    assert.deepEqual(codes, ['DOWNLOAD_STALLED']);
  });

  it('a 226 after fewer bytes than SIZE said: DOWNLOAD_TRUNCATED', async () => {
    const { codes, diagnosis } = await probeScript(
      { files: { 'log.gz': { bytes: 30_000, closeAfter: 14_434 } } },
      { ...transfer('log.gz'), modes: ['epsv'] },
    );
    assert.deepEqual(codes, ['DOWNLOAD_TRUNCATED']);
    assert.match(diagnosis.findings.find((f) => f.code === 'DOWNLOAD_TRUNCATED')!.title, /14434 of 30000 bytes/);
  });

  it('RETR refused with 425 after the listing worked: DOWNLOAD_FAILED, quoting the server', async () => {
    const { codes, diagnosis } = await probeScript(
      { handlers: { RETR: (s) => s.reply('425 Security: Bad IP connecting.') } },
      { ...transfer('readme.txt'), modes: ['passive'] },
    );
    assert.deepEqual(codes, ['DOWNLOAD_FAILED']);
    assert.match(diagnosis.findings[0]!.title, /failed: "425 Security: Bad IP connecting\."/);
    assert.equal(diagnosis.verdict.verdict, 'degraded');
  });

  it('a file the server will not send (550), or one over --transfer-max: not tested, never a failure', async () => {
    const refused = await probeScript({}, { ...transfer('secret.txt'), modes: ['passive'] });
    assert.deepEqual(refused.codes, ['ALL_MODES_OK', 'DOWNLOAD_NOT_TESTED']);
    assert.match(refused.diagnosis.findings[1]!.title + refused.diagnosis.findings[0]!.title, /refused to send/);
    assert.equal(refused.diagnosis.verdict.verdict, 'ok');
    const large = await probeScript({}, { ...transfer('release.tar.gz', 1000), modes: ['passive'] });
    assert.deepEqual(large.codes, ['ALL_MODES_OK', 'DOWNLOAD_NOT_TESTED']);
    assert.equal(large.record.modes[0]!.download?.notTested?.reason, 'too-large');
    assert.ok(!large.record.transcript.some((entry) => /RETR/.test(entry.text ?? '')), 'no RETR past the cap');
  });

  it('a listing with a hostile name: never sent back in a command', async () => {
    const listing =
      '-rw-r--r--    1 0  0  99999 Nov 23 20:14 evil\rDELE x\r\n-rw-r--r--    1 0  0  50 Nov 23 20:14 ok.txt\r\n';
    const { record } = await probeScript(
      { listing, files: { 'ok.txt': { bytes: 50 } } },
      { ...transfer(), modes: ['passive'] },
    );
    assert.equal(record.modes[0]!.download?.path, 'ok.txt');
  });

  it('on the command line: --transfer after the target, the findings in JSON, --transfer-max checked', async () => {
    const server = await new FtpTestServer({}).start();
    try {
      const run = await runCli([
        'probe',
        server.address,
        '--transfer',
        '--modes',
        'passive',
        '--timeout',
        '1',
        '--json',
      ]);
      const document = JSON.parse(run.stdout) as { findings: Array<{ code: string; params: Record<string, string> }> };
      const ok = document.findings.find((f) => f.code === 'DOWNLOAD_OK');
      assert.ok(ok, run.stdout.slice(0, 400));
      assert.equal(ok.params.remotePath, 'release.tar.gz');
      assert.equal(run.code, 0);
      const bad = await runCli(['probe', server.address, '--transfer', '--transfer-max', '5X']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--transfer-max must be a size above 0 and at most 1G/);
      const lone = await runCli(['probe', server.address, '--transfer-max', '4M']);
      assert.equal(lone.code, 2);
      assert.match(lone.stderr, /--transfer-max needs --transfer/);
    } finally {
      await server.stop();
    }
  });
});

describe('--transfers N: one after another, up to the first that fails', () => {
  it('twenty listings in a row on one connection: TRANSFERS_OK with the pace', async () => {
    const { record, codes, diagnosis } = await probeScript({}, { transfers: 20, modes: ['passive'] });
    assert.deepEqual(codes, ['ALL_MODES_OK', 'TRANSFERS_OK']);
    assert.equal(record.endurance?.worked, 20);
    assert.match(
      diagnosis.findings.find((f) => f.code === 'TRANSFERS_OK')!.title,
      /^20 transfers in a row worked in PASV \(/,
    );
  });

  it('a server that refuses the eleventh data connection of a session: TRANSFERS_FAILED_AT 10, quoting it, degraded', async () => {
    let pasv = 0;
    const { record, codes, diagnosis } = await probeScript(
      {
        handlers: {
          PASV: async (s) => {
            pasv += 1;
            if (pasv > 11) return s.reply('425 Too many data connections from your address.');
            const { DEFAULT_HANDLERS } = await import('../../src/commands/demo/ftp-server.js');
            return DEFAULT_HANDLERS.PASV!(s, '');
          },
        },
      },
      { transfers: 30, modes: ['passive'] },
    );
    // The mode's own listing took the first data connection; ten of the run worked, the eleventh of it did not.
    assert.deepEqual(codes, ['TRANSFERS_FAILED_AT']);
    assert.equal(record.endurance?.worked, 10);
    const failed = diagnosis.findings[0]!;
    assert.match(
      failed.title,
      /^Transfer 11 of 30 in PASV failed \("425 Too many data connections from your address\."\), after 10 that worked$/,
    );
    assert.equal(diagnosis.verdict.verdict, 'degraded');
  });

  it('--transfers past the deadline: the ones that ran are said, the rest not tested, never a failure', async () => {
    const { codes, record, diagnosis } = await probeScript(
      { replyDelayMs: 40 },
      { transfers: 1000, modes: ['passive'], deadlineMs: 1500 },
    );
    assert.ok(codes.includes('TRANSFERS_NOT_FINISHED'), codes.join(', '));
    assert.ok(record.endurance!.worked < 1000);
    assert.notEqual(diagnosis.verdict.verdict, 'failed');
  });

  it('bounds: --transfers above 1000 is one usage line', async () => {
    const server = await new FtpTestServer({}).start();
    try {
      const run = await runCli(['probe', server.address, '--transfers', '1001']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--transfers must be a whole number from 1 to 1000/);
    } finally {
      await server.stop();
    }
  });
});

describe('transfers in the reports and the metrics', () => {
  it('JSON carries each mode download and the run; the exporter series say the same', async () => {
    const { probeRegistry } = await import('../../src/commands/exporter/metrics.js');
    const { targetReport } = await import('../../src/report/assemble.js');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const { REPO_ROOT } = await import('../support/paths.js');
    let pasv = 0;
    const { record } = await probeScript(
      {
        handlers: {
          PASV: async (s) => {
            pasv += 1;
            if (pasv > 4) return s.reply('425 Too many data connections.');
            const { DEFAULT_HANDLERS } = await import('../../src/commands/demo/ftp-server.js');
            return DEFAULT_HANDLERS.PASV!(s, '');
          },
        },
      },
      { ...transfer(), modes: ['passive'], transfers: 10 },
    );
    const report = targetReport(record.target.input, [record], { failOn: 'error', redact: false });
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true, strictRequired: false }).compile(schema);
    const document = JSON.parse(JSON.stringify({ ...report.document, exitCode: 1, exitReason: 'findings' })) as object;
    assert.ok(validate(document), JSON.stringify(validate.errors?.slice(0, 3)));
    const mode = report.document.modes[0]!;
    assert.deepEqual(
      { status: mode.download?.status, bytes: mode.download?.bytes, path: mode.download?.path },
      { status: 'ok', bytes: 12288, path: 'release.tar.gz' },
    );
    // PASV 1 listed, 2 downloaded; the run's 3 and 4 worked, its third failed.
    assert.deepEqual(
      report.document.endurance && {
        worked: report.document.endurance.worked,
        failedAt: report.document.endurance.failedAt,
      },
      { worked: 2, failedAt: 3 },
    );
    const metrics = await probeRegistry(report, 1).metrics();
    assert.match(metrics, /^ftp_doctor_download_ok\{mode="passive",family="ipv4"\} 1$/m);
    assert.match(metrics, /^ftp_doctor_download_bytes\{mode="passive",family="ipv4"\} 12288$/m);
    assert.match(metrics, /^ftp_doctor_transfers_worked\{family="ipv4"\} 2$/m);
    assert.match(metrics, /^ftp_doctor_transfers_first_failure\{family="ipv4"\} 3$/m);
  });
});

describe('one truth for transfers, in every format', () => {
  it('a black-holed download: exit 1 in every format, WARNING for Nagios, the code in each', async () => {
    const { FORMATS } = await import('../../src/report/formats.js');
    const server = await new FtpTestServer({
      files: { 'big.iso': { bytes: 200_000, stallAfter: 0 } },
      listing: '-rw-r--r--    1 0  0  200000 Nov 23 20:14 big.iso\r\n',
    }).start();
    try {
      for (const format of FORMATS) {
        const run = await runCli([
          'probe',
          server.address,
          '--transfer',
          '--modes',
          'passive',
          '--timeout',
          '1',
          '--format',
          format,
        ]);
        assert.equal(run.code, 1, format);
        assert.match(run.stdout, /DOWNLOAD_BLACK_HOLED/, format);
        if (format === 'nagios') assert.match(run.stdout, /^FTP WARNING - DEGRADED/, format);
        if (format === 'json')
          assert.equal((JSON.parse(run.stdout) as { verdict: { verdict: string } }).verdict.verdict, 'degraded');
      }
    } finally {
      await server.stop();
    }
  });
});
