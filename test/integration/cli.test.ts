import { spawnSync } from 'node:child_process';
import { PARAM_WORDS } from '../../src/diagnose/words/param-words.js';
import { FINDING_CODES } from '../../src/diagnose/findings/catalogue.js';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { FtpTestServer } from '../../src/commands/demo/ftp-server.js';
import { runCli } from '../support/cli.js';
import path from 'node:path';
import { BIN, REPO_ROOT } from '../support/paths.js';

function spawnCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; afterOutputMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    let lastOutput = started;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      lastOutput = performance.now();
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      const ended = performance.now();
      resolve({ code, stdout, stderr, ms: ended - started, afterOutputMs: ended - lastOutput });
    });
  });
}

/** Lingering after the report: what a socket or timer left open would cost. Start-up is not counted (a loaded machine starts Node slowly). */
const LINGER_MS = 500;

/** A parameter left unfilled: {name}, or <name> for a catalogue parameter (ProFTPD's <Anonymous> is not one). */
const UNFILLED = new RegExp(`\\{\\w+\\}|<(${Object.keys(PARAM_WORDS).join('|')})>`);

describe('CLI arguments', () => {
  it('--version prints the version', async () => {
    const run = await runCli(['--version']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });
  it('--help lists the commands and exit codes', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /explain <code>/);
    assert.match(run.stdout, /Exit codes/);
  });
  it('the pre-rendered --help the bin prints is exactly what yargs prints', async () => {
    const live = await runCli(['--help']);
    const bin = await spawnCli(['--help']);
    assert.equal(bin.code, 0);
    assert.equal(bin.stdout, live.stdout);
  });
  const usage: Array<[string[], RegExp]> = [
    [[], /no target given/],
    [['probe', 'host:99999'], /port "99999"/],
    [['probe', 'ftp://[::1'], /cannot read the URL|IPv6/],
    [['127.0.0.1', '--modes', 'sideways'], /unknown mode "sideways"/],
    [['127.0.0.1', '--timeout', '0'], /--timeout must be/],
    [['127.0.0.1', '--timeout', 'soon'], /--timeout must be a number of seconds .*not "soon"/],
    [['127.0.0.1', '--timeout', 'abc'], /not "abc"/],
    [['127.0.0.1', '--tls', 'foo'], /--tls must be one of none, explicit, implicit, auto, not "foo"/],
    [['127.0.0.1', '--fail-on', 'sometimes'], /--fail-on must be one of error, warning, info, none, not "sometimes"/],
    [['check', 'targets.yml', '--concurrency', '0'], /--concurrency must be a whole number from 1 to 200, not "0"/],
    [['127.0.0.1', '--external-ip', 'nope'], /--external-ip must be an IP address, not "nope"/],
    [['127.0.0.1', '--active-ports', '9-1'], /--active-ports must be a port range .*not "9-1"/],
    [['127.0.0.1', '--user', 'bob'], /no password for user "bob"/],
    [['127.0.0.1', '--user', 'bob', '--password-file', '/does/not/exist'], /password file \/does\/not\/exist/],
    [
      ['127.0.0.1', '--format', 'xml'],
      /--format must be one of text, json, junit, markdown, github, html, nagios, not "xml"/,
    ],
    [['127.0.0.1', '--no-such-option'], /Unknown argument/],
    [['-6', '127.0.0.1'], /-4\/-6 asks for IPv6, but the target 127\.0\.0\.1 is an IPv4 address/],
    [['probe', '-4', '-6', 'ftp.example.net'], /cannot be both 4 and 6/],
    [['explain', 'NOT_A_CODE'], /unknown finding code "NOT_A_CODE"/],
  ];
  for (const [argv, message] of usage) {
    it(`${JSON.stringify(argv)} is a usage error (exit 2, one line)`, async () => {
      const run = await runCli(argv);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.equal(run.stdout, '');
    });
  }
  it('explain prints the catalogue text', async () => {
    const run = await runCli(['explain', 'pasv_private_address']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /PASV_PRIVATE_ADDRESS \(error\)/);
    assert.match(run.stdout, /pasv_address=\[the server's public address/);
    assert.match(run.stdout, /\[the address you reached the server at\]/);
    assert.doesNotMatch(run.stdout, UNFILLED);
  });

  it('list options never swallow the target: probe --modes passive HOST:PORT probes HOST:PORT', async () => {
    const run = await runCli(['probe', '--modes', 'passive', '127.0.0.1:1', '--json', '--timeout', '1']);
    assert.equal(run.stderr, '');
    const document = JSON.parse(run.stdout);
    assert.equal(document.target.port, 1);
    assert.deepEqual(
      document.findings.map((f: { code: string }) => f.code),
      ['CONTROL_REFUSED'],
    );
    assert.equal(document.verdict.verdict, 'failed');
    assert.equal(run.code, 1);
  });

  it('--help shows examples for each command', async () => {
    for (const command of ['probe', 'check', 'analyze', 'explain', 'demo']) {
      const run = await runCli([command, '--help']);
      assert.equal(run.code, 0, command);
      assert.match(run.stdout, /Examples:/, command);
    }
  });

  it('completion prints a completion script that completes commands, options and values, and probes nothing', async () => {
    const run = await runCli(['completion']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /complete -o default -F _ftp_doctor_completions ftp-doctor/);
    const complete = (words: string[]): string[] => {
      const script = `${run.stdout}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _ftp_doctor_completions; echo "\${COMPREPLY[@]}"`;
      return spawnSync('bash', ['-c', script], { encoding: 'utf8' }).stdout.trim().split(/\s+/);
    };
    assert.deepEqual(complete(['ftp-doctor', 'ch']), ['check']);
    assert.deepEqual(complete(['ftp-doctor', 'probe', '--format', 'ju']), ['junit']);
    assert.ok(complete(['ftp-doctor', 'probe', '--greet']).includes('--greeting-timeout'));
    assert.deepEqual(complete(['ftp-doctor', 'explain', 'PASV_PRIV']), ['PASV_PRIVATE_ADDRESS']);
    assert.deepEqual(complete(['ftp-doctor', 'explain', 'VERDICT_F']), ['VERDICT_FAILED']);
    // Every command, each with its own options only.
    assert.deepEqual(complete(['ftp-doctor', 're']), ['reflector']);
    assert.ok(complete(['ftp-doctor', 'audit', '--fire']).includes('--firewall'));
    assert.deepEqual(complete(['ftp-doctor', 'audit', '--mod']), ['']);
    assert.ok(complete(['ftp-doctor', 'exporter', '--al']).includes('--allow'));
    assert.deepEqual(complete(['ftp-doctor', 'reflector', '--pasv-r']), ['--pasv-range']);
    // The way the README runs it: npx ftp-doctor.
    assert.deepEqual(complete(['npx', 'ftp-doctor', 'ne']), ['network']);
    assert.ok(complete(['npx', 'ftp-doctor', 'network', '--via-f']).includes('--via-fingerprint'));
    // Registered in a real bash, for both ways of running it.
    const registered = spawnSync(
      'bash',
      ['-c', `source <(cat <<'SCRIPT'\n${run.stdout}SCRIPT\n); complete -p ftp-doctor; complete -p npx`],
      { encoding: 'utf8' },
    ).stdout;
    assert.match(registered, /complete -o default -F _ftp_doctor_completions ftp-doctor/);
    assert.match(registered, /complete -o default -F _ftp_doctor_completions npx/);
  });

  it("each command's --help lists its own options only; a mistyped command is named with the one meant", async () => {
    const audit = await runCli(['audit', '--help']);
    assert.match(audit.stdout, /--firewall/);
    assert.doesNotMatch(audit.stdout, /--modes|--pasv-samples|--via/);
    const explain = await runCli(['explain', '--help']);
    assert.doesNotMatch(explain.stdout, /--modes|--tls/);
    const typo = await runCli(['prob', '127.0.0.1']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown command "prob": did you mean probe\?/);
    // A word alone close to a command is the command mistyped, said before any name is looked up.
    const alone = await runCli(['audti']);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /unknown command "audti": did you mean audit\? .*given as ftp:\/\/audti/);
    const missing = await runCli(['probe']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^ftp-doctor: probe needs a target: .*ftp-doctor probe ftp\.example\.com/);
    const foreign = await runCli(['audit', '--modes', 'passive']);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /--modes is not an option of audit/);
  });

  it('demo --serve keeps the demo servers up until interrupted, and they answer a probe', async () => {
    const controller = new AbortController();
    let first: string | undefined;
    const ready = new Promise<void>((resolve) => {
      const serving = runCli(['demo', '--serve'], {
        signal: controller.signal,
        onStdout: (all) => {
          first ??= /ftp:\/\/(127\.0\.0\.1:\d+)/.exec(all)?.[1];
          if (/Try:/.test(all)) resolve();
        },
      });
      void serving.then((run) => assert.equal(run.code, 0));
    });
    await ready;
    assert.ok(first);
    const probed = await runCli(['probe', first, '--json', '--timeout', '2']);
    assert.equal(JSON.parse(probed.stdout).verdict.verdict, 'ok');
    controller.abort();
  });

  it('demo --format markdown is headed as the demo, not as a check', async () => {
    const run = await runCli(['demo', '--format', 'markdown']);
    assert.match(run.stdout, /^## ftp-doctor demo$/m);
    assert.doesNotMatch(run.stdout, /ftp-doctor check/);
  });

  it('explain fills every parameter of every code with words', async () => {
    for (const code of FINDING_CODES) {
      const run = await runCli(['explain', code]);
      assert.equal(run.code, 0, code);
      assert.doesNotMatch(run.stdout, UNFILLED, code);
    }
  });
});

describe('CLI against the scriptable server', () => {
  it('--json: exit code 1 and the documented document for a server behind NAT', async () => {
    const server = await new FtpTestServer({ pasvAddress: '10.20.0.2' }).start();
    try {
      const run = await runCli(['probe', server.address, '--json', '--timeout', '1']);
      assert.equal(run.code, 1);
      const document = JSON.parse(run.stdout);
      assert.equal(document.schemaVersion, 1);
      assert.equal(document.verdict.verdict, 'degraded');
      assert.ok(document.findings.some((f: { code: string }) => f.code === 'PASV_PRIVATE_ADDRESS'));
      assert.deepEqual(Object.keys(document.modes[0]).slice(0, 3), ['mode', 'label', 'status']);
      assert.ok(Array.isArray(document.transcript) && document.transcript.length > 0);
    } finally {
      await server.stop();
    }
  });

  it('--fail-on none makes the same probe exit 0', async () => {
    const server = await new FtpTestServer({ pasvAddress: '10.20.0.2' }).start();
    try {
      assert.equal((await runCli(['probe', server.address, '--fail-on', 'none', '--timeout', '1'])).code, 0);
    } finally {
      await server.stop();
    }
  });

  it('a password given in any way never appears in any output', async () => {
    const secret = 'Tr0ub4dor-and-3';
    const server = await new FtpTestServer({ users: { bob: secret }, anonymous: false }).start();
    try {
      for (const format of [['--json'], ['--transcript'], ['--transcript', '--redact']]) {
        const viaEnv = await runCli(['probe', server.address, '--user', 'bob', '--timeout', '1', ...format], {
          env: { FTP_PASSWORD: secret },
        });
        const viaUrl = await runCli(['probe', `ftp://bob:${secret}@${server.address}`, '--timeout', '1', ...format]);
        for (const run of [viaEnv, viaUrl]) {
          assert.equal(run.code, 0, run.stderr);
          assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret));
        }
      }
    } finally {
      await server.stop();
    }
  });

  it('the process exits by itself as soon as the report is out, even against a stalling server', async () => {
    const stall = () => new Promise<void>(() => undefined);
    const server = await new FtpTestServer({
      handlers: { PASV: stall, EPSV: stall, PORT: stall, EPRT: stall },
    }).start();
    try {
      const run = await spawnCli(['probe', server.address, '--timeout', '1', '--deadline', '3']);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(run.afterOutputMs < LINGER_MS, `lingered ${Math.round(run.afterOutputMs)} ms after the report`);
      assert.ok(run.ms < 3000 + 3000, `exited after ${Math.round(run.ms)} ms, past the deadline`);
      assert.match(run.stdout, /Verdict: FAILED/);
    } finally {
      await server.stop();
    }
  });

  it('the probe releases every socket and timer: main() alone lets the process end', async () => {
    const stall = () => new Promise<void>(() => undefined);
    const server = await new FtpTestServer({ handlers: { LIST: stall } }).start();
    try {
      const started = performance.now();
      const child = spawn(
        process.execPath,
        [
          path.join(REPO_ROOT, 'dist', 'test', 'support', 'main-without-exit.js'),
          'probe',
          server.address,
          '--timeout',
          '1',
          '--deadline',
          '10',
        ],
        { env: { ...process.env, NO_COLOR: '1' } },
      );
      let lastOutput = started;
      child.stdout.on('data', () => (lastOutput = performance.now()));
      const code = await new Promise((resolve) => child.on('close', resolve));
      const ended = performance.now();
      assert.equal(code, 1);
      // A socket or timer left open would hold the process until the 10 s deadline.
      assert.ok(
        ended - lastOutput < LINGER_MS,
        `the process lingered ${Math.round(ended - lastOutput)} ms after the report`,
      );
      assert.ok(ended - started < 1000 + 5000, `took ${Math.round(ended - started)} ms`);
    } finally {
      await server.stop();
    }
  });

  it('Ctrl-C prints what was learned so far, marked interrupted, and exits 130', async () => {
    // Ctrl-C once the probe is waiting on the server, not at a fixed time: a loaded machine starts Node slowly.
    let reached: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (reached = resolve));
    const stall = () => {
      reached();
      return new Promise<void>(() => undefined);
    };
    const server = await new FtpTestServer({
      handlers: { PASV: stall, EPSV: stall, PORT: stall, EPRT: stall },
    }).start();
    try {
      const started = performance.now();
      const child = spawn(process.execPath, [BIN, 'probe', server.address, '--timeout', '20'], {
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stdout = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      const closed = new Promise((resolve) => child.on('close', resolve));
      await waiting;
      const interruptedAt = performance.now();
      child.kill('SIGINT');
      const code = await closed;
      assert.equal(code, 130);
      assert.match(stdout, /Interrupted/);
      assert.match(stdout, /vsFTPd|test server|ftp-doctor/);
      assert.ok(performance.now() - interruptedAt < 2000, `${Math.round(performance.now() - started)} ms in all`);
    } finally {
      await server.stop();
    }
  });
});

describe('--format nagios (Monitoring Plugins)', () => {
  /** The plugin guidelines' output: "FTP STATE - text | 'label'=value[UOM];[warn];[crit];[min];[max] ...", then long output. */
  const PLUGIN_LINE =
    /^FTP (OK|WARNING|CRITICAL|UNKNOWN) - [^|\n]+ \| ('?[A-Za-z0-9_.-]+'?=-?[\d.]+(s|%|B|KB|MB|TB|c)?(;-?[\d.]*){0,4})( '?[A-Za-z0-9_.-]+'?=-?[\d.]+(s|%|B|KB|MB|TB|c)?(;-?[\d.]*){0,4})*$/;
  it("a healthy server: OK, exit 0, perfdata in the guidelines' format", async () => {
    const server = await new FtpTestServer().start();
    try {
      const run = await runCli(['probe', server.address, '--format', 'nagios', '--timeout', '2']);
      assert.equal(run.code, 0);
      assert.match(run.stdout.split('\n')[0]!, PLUGIN_LINE);
      assert.match(run.stdout, /^FTP OK - /);
      assert.match(run.stdout, /modes_ok=4;;;0;4/);
    } finally {
      await server.stop();
    }
  });
  it('degraded: WARNING, exit 1, one long-output line per finding', async () => {
    const server = await new FtpTestServer({ pasvAddress: '10.20.0.2' }).start();
    try {
      const run = await runCli(['probe', server.address, '--format', 'nagios', '--timeout', '2']);
      assert.equal(run.code, 1);
      assert.match(run.stdout.split('\n')[0]!, /^FTP WARNING - DEGRADED/);
      assert.match(run.stdout, /^\[error\] PASV_PRIVATE_ADDRESS: /m);
    } finally {
      await server.stop();
    }
  });
  it('failed: CRITICAL, exit 2; a deadline: CRITICAL; a usage error: UNKNOWN, exit 3', async () => {
    const refused = await runCli(['probe', '127.0.0.1:1', '--format', 'nagios', '--timeout', '1']);
    assert.equal(refused.code, 2);
    assert.match(refused.stdout, /^FTP CRITICAL - FAILED/);
    const stall = await new FtpTestServer({
      handlers: {
        PASV: () => new Promise<void>(() => undefined),
        EPSV: () => new Promise<void>(() => undefined),
        PORT: () => new Promise<void>(() => undefined),
        EPRT: () => new Promise<void>(() => undefined),
      },
    }).start();
    try {
      const cut = await runCli(['probe', stall.address, '--format', 'nagios', '--timeout', '5', '--deadline', '1']);
      assert.equal(cut.code, 2);
      assert.match(cut.stdout, /^FTP CRITICAL - INCONCLUSIVE/);
    } finally {
      await stall.stop();
    }
    const usage = await runCli(['probe', '127.0.0.1', '--format', 'nagios', '--timeout', 'soon']);
    assert.equal(usage.code, 3);
    assert.match(usage.stdout, /^FTP UNKNOWN - --timeout must be/);
  });
});

describe("help and usage: each command's own exit codes, suggestions for a mistyped code", () => {
  it('top-level --help states the exit codes once; explain, demo and reflector only their own', async () => {
    const top = await runCli(['--help']);
    assert.equal(top.stdout.match(/Exit codes:/g)?.length, 1);
    for (const [command, own] of [
      ['explain', /0 the code was explained/],
      ['demo', /0 the demo ran/],
      ['reflector', /0 stopped by Ctrl-C or SIGTERM/],
    ] as const) {
      const run = await runCli([command, '--help']);
      assert.match(run.stdout, own, command);
      assert.doesNotMatch(run.stdout, /at or above --fail-on, 2/, command);
    }
    const reflector = await runCli(['reflector', '--help']);
    assert.doesNotMatch(reflector.stdout, /^Exporter:$/m);
  });

  it('explain with part of a code suggests the code, not the whole list', async () => {
    const run = await runCli(['explain', 'PASV_PRIVATE']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /did you mean PASV_PRIVATE_ADDRESS\?/);
    assert.ok(run.stderr.length < 200, run.stderr);
  });

  it('demo: --format nagios is refused (the demo is no check), --port needs --serve and a port that fits', async () => {
    const nagios = await runCli(['demo', '--format', 'nagios']);
    assert.equal(nagios.code, 3);
    assert.match(nagios.stdout, /^FTP UNKNOWN - demo is not a check/);
    assert.equal((await runCli(['demo', '--port', '2121'])).code, 2);
    const bad = await runCli(['demo', '--serve', '--port', '65535']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--port must be a port from 1 to 65531/);
  });
});
