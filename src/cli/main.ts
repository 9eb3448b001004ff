import { createRequire } from 'node:module';
import type { Argv } from 'yargs';
import { UsageError } from './errors.js';
import { EXIT } from './exit-code.js';
import type { CliIO } from './io.js';
import { toolVersion } from './version.js';

// Only what every run needs is loaded up front; each command loads its own modules, so --help and --version start fast.
const yargs = createRequire(import.meta.url)('yargs/yargs') as (argv: string[]) => Argv;

/** Help is laid out for this width, whatever the terminal, so that the pre-rendered copy matches. */
export const HELP_WIDTH = 100;

export const DEFAULTS = { timeoutS: 5, greetingTimeoutS: 15, deadlineS: 60 } as const;

function buildParser(argv: string[]): Argv {
  return yargs(argv)
    .scriptName('ftp-doctor')
    .usage('$0 [probe] <target> [options]\n\nFinds out why FTP connections hang or fail through NAT and firewalls, and says what to change.')
    .command(['probe <target>', '$0 <target>'], 'Probe an FTP server: log in, try every data mode, diagnose', (y) =>
      y.positional('target', { type: 'string', describe: 'host, host:port, [v6]:port or ftp://[user[:pass]@]host[:port][/path]' }),
    )
    .command('check <file>', 'Probe every target of a YAML or JSON targets file against its expectations', (y) =>
      y.positional('file', { type: 'string', describe: 'the targets file' }),
    )
    .command('analyze <file>', 'Diagnose a log someone sent (FileZilla, curl -v, lftp -d, WinSCP, a console transcript, vsftpd); - reads standard input', (y) =>
      y.positional('file', { type: 'string' }),
    )
    .command('explain <code>', 'Print the full text of a finding code', (y) => y.positional('code', { type: 'string' }))
    .command('demo', 'Probe built-in local servers that act out common broken setups')
    .option('modes', { type: 'string', array: true, describe: 'Data modes to test: passive,epsv,active,eprt (default all)', group: 'Probe:' })
    .option('timeout', { type: 'number', default: DEFAULTS.timeoutS, describe: 'Seconds each phase may take (connect, reply, data)', group: 'Probe:' })
    .option('greeting-timeout', { type: 'number', default: DEFAULTS.greetingTimeoutS, describe: 'Seconds to wait for the greeting and the login replies (servers delay them: reverse DNS, failed-login delays)', group: 'Probe:' })
    .option('deadline', { type: 'number', default: DEFAULTS.deadlineS, describe: 'Seconds the whole probe may take', group: 'Probe:' })
    .option('all-addresses', { type: 'boolean', default: false, describe: 'Probe every address of a name (default: the first of each family)', group: 'Probe:' })
    .option('try-advertised', { type: 'boolean', default: false, describe: 'Also connect to a PASV address of another kind than the server\'s (e.g. private)', group: 'Probe:' })
    .option('external-ip', { type: 'string', describe: 'Address to announce in PORT/EPRT (port forwarding on this side)', group: 'Probe:' })
    .option('active-ports', { type: 'string', describe: 'Ports to listen on for active mode, e.g. 50000-50100', group: 'Probe:' })
    .option('tls', { choices: ['none', 'explicit', 'implicit', 'auto'], describe: 'FTPS: explicit (AUTH TLS), implicit (port 990), auto (AUTH TLS if offered); ftps:// and ftpes:// URLs set it', group: 'TLS:' })
    .option('insecure', { type: 'boolean', default: false, describe: 'Go on past a certificate that does not verify (reported either way)', group: 'TLS:' })
    .option('tls-version', { choices: ['1.2', '1.3'], describe: 'Use only this TLS version', group: 'TLS:' })
    .option('user', { type: 'string', describe: 'User name (default: anonymous)', group: 'Login:' })
    .option('password-file', { type: 'string', describe: 'Read the password from the first line of this file', group: 'Login:' })
    .option('password-env', { type: 'string', default: 'FTP_PASSWORD', describe: 'Read the password from this environment variable', group: 'Login:' })
    .option('netrc', { type: 'boolean', default: false, describe: 'Use ~/.netrc for the login (as curl does)', group: 'Login:' })
    .option('netrc-file', { type: 'string', describe: 'Use this netrc file for the login', group: 'Login:' })
    .option('pasv-samples', { type: 'number', describe: 'Send N PASV/EPSV on one connection and connect-test every port handed out', group: 'Firewall checks:' })
    .option('expect-pasv-range', { type: 'string', describe: 'The passive range the firewall allows, e.g. 50000-50100', group: 'Firewall checks:' })
    .option('expect-address', { type: 'string', describe: 'The address the server should announce in passive replies', group: 'Firewall checks:' })
    .option('concurrency', { type: 'number', describe: 'check: probes at once (default: the file\'s, or 10)', group: 'Check:' })
    .option('details', { type: 'boolean', default: false, describe: 'check: the full report of every target before the summary', group: 'Check:' })
    .option('log-format', { choices: ['auto', 'transcript', 'filezilla', 'lftp', 'curl', 'winscp', 'vsftpd'], default: 'auto', describe: 'analyze: the kind of log', group: 'Analyze:' })
    .option('server-address', { type: 'string', describe: 'analyze: the server\'s public address, when the log does not show it (vsftpd logs)', group: 'Analyze:' })
    .option('format', { choices: ['text', 'json', 'junit', 'markdown', 'github'], default: 'text', describe: 'Report format', group: 'Report:' })
    .option('output', { type: 'string', describe: 'Write the report in --format to this file; the terminal shows text', group: 'Report:' })
    .option('json', { type: 'boolean', default: false, describe: 'Short for --format json', group: 'Report:' })
    .option('transcript', { type: 'boolean', default: false, describe: 'Show every line exchanged (passwords masked)', group: 'Report:' })
    .option('redact', { type: 'boolean', default: false, describe: 'Mask user names, host names and public addresses', group: 'Report:' })
    .option('fail-on', { choices: ['error', 'warning', 'info', 'none'], default: 'error', describe: 'Exit 1 when a finding is at or above this severity', group: 'Report:' })
    .epilogue('Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error, 3 internal error, 130 interrupted.')
    .strict()
    .exitProcess(false)
    .version(toolVersion())
    .help()
    .wrap(HELP_WIDTH);
}

export type Parsed = Record<string, unknown> & { _: Array<string | number> };

function parseArguments(argv: string[]): Promise<{ parsed?: Parsed; output: string; error?: string }> {
  return new Promise((resolve) => {
    buildParser(argv).parse(argv, {}, (error: Error | undefined, parsed: unknown, output: string) => {
      resolve({ parsed: parsed as Parsed, output, ...(error ? { error: error.message } : {}) });
    });
  });
}

/** Runs the CLI on an argument array; returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    if (argv.length === 0) throw new UsageError('no target given: try `ftp-doctor demo`, or `ftp-doctor --help`');
    const { parsed, output, error } = await parseArguments(argv);
    if (error) throw new UsageError(error.split('\n')[0] ?? error);
    if (!parsed) throw new UsageError('cannot read the arguments');
    if (output) {
      io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      return EXIT.ok;
    }
    const command = String(parsed._[0] ?? 'probe');
    if (command === 'explain') return (await import('./explain-command.js')).explain(String(parsed.code ?? ''), io);
    if (command === 'analyze') return await (await import('./analyze-command.js')).analyzeCommand(parsed, io);
    if (command === 'check') return await (await import('./check-command.js')).checkCommand(parsed, io);
    const { probeCommand, reportOptions } = await import('./probe-command.js');
    if (command === 'demo') {
      const { runDemo } = await import('../demo/run-demo.js');
      return await runDemo(io, reportOptions(parsed, io));
    }
    return await probeCommand(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`ftp-doctor: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`ftp-doctor: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.internal;
  }
}
