import { editDistance } from './suggest.js';
import yargsFactory from 'yargs/yargs';
import type { Argv, Options } from 'yargs';
import { EXIT } from '../diagnose/exit-code.js';
import type { CommandLine, ParsedCommandLine } from '../input/command-line.js';
import { DEFAULTS } from '../input/defaults.js';
import { checkFileKind, type CheckFileKind } from '../input/check-file.js';
import { UsageError } from '../input/usage-error.js';
import { maskUrlPasswords } from '../input/target.js';
import { printable } from '../report/printable.js';
import { FORMATS } from '../report/formats.js';
import { LOG_FORMATS } from '../commands/analyze/events.js';
import { AUDIT_SOFTWARE } from '../record/audit-record.js';
import { MODE_CHOICES, TLS_MODES } from '../input/settings.js';
import { FileProblem } from '../io/files.js';
import type { CliIO } from '../io/io.js';
import { toolVersion } from '../io/version.js';

// Only what every run needs is loaded up front; each command loads its own modules, so --help and --version start fast.
// A static import, so that a bundler (the single-file binary) can follow it.
const yargs = yargsFactory as (argv: string[]) => Argv;

/** Help is laid out for this width, whatever the terminal, so that the pre-rendered copy matches. */
export const HELP_WIDTH = 100;

const FAIL_ON_CHOICES = ['error', 'warning', 'info', 'none'];

// Numbers are read as strings and checked by the input layer, so a wrong value is echoed as typed. Lists are comma-separated strings, so they never swallow the target.
const OPTIONS = {
  modes: {
    type: 'string',
    describe: `Data modes to test, comma-separated: ${MODE_CHOICES.join(', ')} (default all)`,
    group: 'Probe:',
  },
  timeout: {
    type: 'string',
    describe: 'Seconds each phase may take (connect, reply, data)',
    defaultDescription: String(DEFAULTS.timeoutS),
    group: 'Probe:',
  },
  'greeting-timeout': {
    type: 'string',
    describe:
      'Seconds to wait for the greeting and the login replies (servers delay them: reverse DNS, failed-login delays)',
    defaultDescription: String(DEFAULTS.greetingTimeoutS),
    group: 'Probe:',
  },
  deadline: {
    type: 'string',
    describe: 'Seconds the whole probe may take',
    defaultDescription: String(DEFAULTS.deadlineS),
    group: 'Probe:',
  },
  'all-addresses': {
    type: 'boolean',
    default: false,
    describe: 'Probe every address of a name (default: the first of each family)',
    group: 'Probe:',
  },
  ipv4: {
    type: 'boolean',
    default: false,
    alias: '4',
    describe: 'Only IPv4 addresses of the name (-4)',
    group: 'Probe:',
  },
  ipv6: {
    type: 'boolean',
    default: false,
    alias: '6',
    describe: 'Only IPv6 addresses of the name (-6)',
    group: 'Probe:',
  },
  'try-advertised': {
    type: 'boolean',
    default: false,
    describe: "Also connect to a PASV address of another kind than the server's (e.g. private)",
    group: 'Probe:',
  },
  'external-ip': {
    type: 'string',
    describe: 'Address to announce in PORT/EPRT (port forwarding on this side)',
    group: 'Probe:',
  },
  'active-ports': { type: 'string', describe: 'Ports to listen on for active mode, e.g. 50000-50100', group: 'Probe:' },
  tls: {
    type: 'string',
    choices: [...TLS_MODES],
    describe:
      'FTPS: explicit (AUTH TLS), implicit (port 990), auto (AUTH TLS if offered); ftps:// and ftpes:// URLs set it',
    group: 'TLS:',
  },
  insecure: {
    type: 'boolean',
    default: false,
    describe: 'Go on past a certificate that does not verify (reported either way)',
    group: 'TLS:',
  },
  'tls-version': { type: 'string', choices: ['1.2', '1.3'], describe: 'Use only this TLS version', group: 'TLS:' },
  user: { type: 'string', describe: 'User name (default: anonymous)', group: 'Login:' },
  'password-file': { type: 'string', describe: 'Read the password from the first line of this file', group: 'Login:' },
  'password-env': {
    type: 'string',
    default: 'FTP_PASSWORD',
    describe: 'Read the password from this environment variable',
    group: 'Login:',
  },
  netrc: { type: 'boolean', default: false, describe: 'Use ~/.netrc for the login (as curl does)', group: 'Login:' },
  'netrc-file': { type: 'string', describe: 'Use this netrc file for the login', group: 'Login:' },
  'pasv-samples': {
    type: 'string',
    describe: 'Send N PASV/EPSV on one connection and connect-test every port handed out',
    group: 'Firewall checks:',
  },
  idle: {
    type: 'string',
    describe:
      'probe: after the probe, hold logged-in control connections idle for up to SECONDS (at most 3600) and find who forgets them, the server or a NAT on the path; network: a slow transfer of SECONDS (at most 600) through the reflector, and whether its 226 arrives',
    group: 'Firewall checks:',
  },
  transfer: {
    type: 'string',
    describe:
      'After each mode lists, download PATH in that mode (--transfer alone: the largest file of the listing within --transfer-max): bytes counted against SIZE, the 226 read, a stall told apart from a slow path. Give it after the target or as --transfer=PATH',
    group: 'Transfers:',
  },
  transfers: {
    type: 'string',
    describe:
      'Then N transfers one after another on one control connection (a listing each, or RETR with --transfer=PATH), up to the first that fails: the limits that bite after the tenth file. At most 1000; they count against --deadline',
    group: 'Transfers:',
  },
  'transfer-max': {
    type: 'string',
    describe: 'Read at most this much of a file with --transfer: bytes, or with K, M or G',
    defaultDescription: '4M',
    group: 'Transfers:',
  },
  'expect-pasv-range': {
    type: 'string',
    describe: 'The passive range the firewall allows, e.g. 50000-50100',
    group: 'Firewall checks:',
  },
  'expect-address': {
    type: 'string',
    describe: 'The address the server should announce in passive replies',
    group: 'Firewall checks:',
  },
  concurrency: { type: 'string', describe: "check: probes at once (default: the file's, or 10)", group: 'Check:' },
  details: {
    type: 'boolean',
    default: false,
    describe: 'check: the full report of every target before the summary',
    group: 'Check:',
  },
  'log-format': {
    type: 'string',
    choices: ['auto', ...LOG_FORMATS],
    default: 'auto',
    describe: 'analyze: the kind of log',
    group: 'Analyze:',
  },
  'server-address': {
    type: 'string',
    describe: "analyze: the server's public address, when the log does not show it (vsftpd logs)",
    group: 'Analyze:',
  },
  'server-capture': {
    type: 'string',
    describe: "analyze: the server's packet capture of the same session, beside the client's",
    group: 'Analyze:',
  },
  serve: {
    type: 'boolean',
    default: false,
    describe: 'demo: keep the demo servers up, printing their addresses, until Ctrl-C',
    group: 'Demo:',
  },
  port: {
    type: 'string',
    describe: 'demo --serve: the first port; the servers listen on it and the ports after it (default: free ports)',
    group: 'Demo:',
  },
  config: {
    type: 'string',
    describe:
      "audit: the server's configuration file (or Pure-FTPd's conf folder) instead of the running server's; exporter: the modules file",
    group: 'Audit and exporter:',
  },
  listen: {
    type: 'string',
    describe:
      'exporter: ADDRESS:PORT to serve on (default 127.0.0.1:9642); reflector: ADDRESS[:PORT] (port 21 unless given)',
    group: 'Exporter and reflector:',
  },
  allow: {
    type: 'string',
    describe: 'exporter: the targets it may probe, comma-separated host patterns (*.example.net) and CIDRs',
    group: 'Exporter:',
  },
  targets: {
    type: 'string',
    describe:
      "exporter: a targets file (check's), served as Prometheus HTTP service discovery at /sd; reloaded on SIGHUP and on change",
    group: 'Exporter:',
  },
  'max-concurrent': {
    type: 'string',
    describe:
      'exporter: probes at once (default 10); more wait while their scrape timeout allows, then get 503. reflector: sessions at once (default 64)',
    group: 'Exporter and reflector:',
  },
  server: {
    type: 'string',
    choices: [...AUDIT_SOFTWARE],
    describe:
      'audit: the server software, when it is not running here (on Windows, IIS is read where it keeps its configuration)',
    group: 'Audit:',
  },
  firewall: {
    type: 'string',
    describe:
      "audit: saved iptables-save, ip6tables-save, nft -j list ruleset, netsh output or docs/windows.md's PowerShell JSON, comma-separated, instead of the live firewall",
    group: 'Audit:',
  },
  'public-address': { type: 'string', describe: 'audit: the address clients reach the server at', group: 'Audit:' },
  site: {
    type: 'string',
    describe: 'audit: the IIS FTP site to audit, by name (the first FTP site otherwise)',
    group: 'Audit:',
  },
  compose: {
    type: 'string',
    describe: 'audit: a Compose file: the FTP server services in it, their ports and environment, before anything runs',
    group: 'Audit:',
  },
  service: {
    type: 'string',
    describe: 'audit: with --compose, the service to audit (every known FTP image otherwise)',
    group: 'Audit:',
  },
  kubernetes: {
    type: 'string',
    describe: "audit: Kubernetes manifests (a file, or a folder of them; helm template's output too)",
    group: 'Audit:',
  },
  via: {
    type: 'string',
    describe: 'network: the reflector to test against, ftp://HOST[:PORT]',
    group: 'Network and reflector:',
  },
  'via-fingerprint': {
    type: 'string',
    describe: "network: the reflector certificate's SHA-256 fingerprint, as it printed it (pins it for the TLS tests)",
    group: 'Network and reflector:',
  },
  'pasv-range': {
    type: 'string',
    describe: 'reflector: its passive ports, e.g. 50000-50100, to open in its own firewall (default any)',
    group: 'Network and reflector:',
  },
  'per-source': {
    type: 'string',
    describe:
      'reflector: sessions at once from one address (default 4; many users behind one NAT share one), and five times as many connect-backs a minute',
    group: 'Network and reflector:',
  },
  cert: {
    type: 'string',
    describe: 'reflector: PEM certificate for AUTH TLS (default: a self-signed one made with openssl at start)',
    group: 'Network and reflector:',
  },
  key: { type: 'string', describe: 'reflector: PEM private key for --cert', group: 'Network and reflector:' },
  format: { type: 'string', choices: [...FORMATS], default: 'text', describe: 'Report format', group: 'Report:' },
  output: {
    type: 'string',
    describe: 'Write the report in --format to this file; the terminal shows text',
    group: 'Report:',
  },
  json: { type: 'boolean', default: false, describe: 'Short for --format json', group: 'Report:' },
  transcript: {
    type: 'boolean',
    default: false,
    describe: 'Show every line exchanged (passwords masked)',
    group: 'Report:',
  },
  redact: {
    type: 'boolean',
    default: false,
    describe: 'Mask user names, host names and public addresses',
    group: 'Report:',
  },
  'fail-on': {
    type: 'string',
    choices: FAIL_ON_CHOICES,
    default: 'error',
    describe: 'Exit 1 when a finding is at or above this severity',
    group: 'Report:',
  },
} satisfies Record<keyof CommandLine, Options>;

type OptionName = keyof typeof OPTIONS;
const PROBE_OPTIONS: OptionName[] = [
  'modes',
  'timeout',
  'greeting-timeout',
  'deadline',
  'all-addresses',
  'ipv4',
  'ipv6',
  'try-advertised',
  'external-ip',
  'active-ports',
  'tls',
  'insecure',
  'tls-version',
  'user',
  'password-file',
  'password-env',
  'netrc',
  'netrc-file',
  'pasv-samples',
  'idle',
  'transfer',
  'transfer-max',
  'transfers',
  'expect-pasv-range',
  'expect-address',
];
const REPORT_OPTIONS: OptionName[] = ['format', 'output', 'json', 'transcript', 'redact', 'fail-on'];

/** Each command's own options: its --help lists these, and any other option is an error for it. */
export const COMMAND_OPTIONS = {
  probe: [...PROBE_OPTIONS, ...REPORT_OPTIONS],
  check: ['concurrency', 'details', 'timeout', 'greeting-timeout', 'deadline', ...REPORT_OPTIONS],
  analyze: ['log-format', 'server-address', 'server-capture', ...REPORT_OPTIONS],
  explain: [],
  audit: [
    'config',
    'server',
    'firewall',
    'public-address',
    'site',
    'compose',
    'service',
    'kubernetes',
    ...REPORT_OPTIONS,
  ],
  exporter: ['listen', 'config', 'allow', 'targets', 'max-concurrent'],
  network: [
    'via',
    'via-fingerprint',
    'tls',
    'insecure',
    'timeout',
    'deadline',
    'ipv4',
    'ipv6',
    'idle',
    ...REPORT_OPTIONS,
  ],
  reflector: ['listen', 'pasv-range', 'max-concurrent', 'per-source', 'cert', 'key', 'timeout'],
  demo: ['serve', 'port', ...REPORT_OPTIONS],
  completion: [],
} satisfies Record<string, OptionName[]>;
export type CommandName = keyof typeof COMMAND_OPTIONS;
export const COMMAND_NAMES = Object.keys(COMMAND_OPTIONS) as CommandName[];

function optionsOf(command: CommandName): Record<string, Options> {
  return Object.fromEntries(COMMAND_OPTIONS[command].map((name) => [name, OPTIONS[name]]));
}

/** Each command's exit codes: only the ones it can return. */
const EXIT_CODES = {
  diagnosis:
    'Exit codes: 0 nothing at or above --fail-on, 1 a failed verdict or findings at or above --fail-on, 2 usage error, 3 internal error, 4 inconclusive (something could not be tested), 130 interrupted. With --format nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.',
  explain: 'Exit codes: 0 the code was explained, 2 an unknown code or a usage error.',
  service:
    'Exit codes: 0 stopped by Ctrl-C or SIGTERM, 2 usage error, 3 internal error (such as an address it cannot listen on).',
  demo: 'Exit codes: 0 the demo ran (its servers are broken on purpose, so findings do not change it), 2 usage error, 3 internal error.',
} as const;

/** A command's examples, each whole on its own line (never wrapped mid-command), then its exit codes. */
function examples(list: Array<[string, string]>, exitCodes: string = EXIT_CODES.diagnosis): string {
  return ['Examples:', ...list.map(([command, what]) => `  ${command}\n      ${what}`), '', exitCodes].join('\n');
}

function buildParser(argv: string[]): Argv {
  return yargs(argv)
    .scriptName('ftp-doctor')
    .usage(
      '$0 [probe] <target> [options]\n\nFinds out why FTP connections hang or fail through NAT and firewalls, and says what to change.',
    )
    .command(['probe <target>', '$0 <target>'], 'Probe an FTP server: log in, try every data mode, diagnose', (y) =>
      y
        .positional('target', {
          type: 'string',
          describe: 'host, host:port, [v6]:port or ftp://[user[:pass]@]host[:port][/path]',
        })
        .options(optionsOf('probe'))
        .epilogue(
          examples([
            ['$0 ftp.example.com', 'every data mode, anonymous'],
            [
              '$0 probe ftp://ftp.example.com:2121/pub --modes passive,epsv --transcript',
              'passive modes only, with every line exchanged',
            ],
            [
              'FTP_PASSWORD=... $0 probe 198.51.100.2 --user deploy --tls explicit --json',
              'a named login over FTPS, as JSON',
            ],
          ]),
        ),
    )
    .command(
      'check <file>',
      'Probe every target of a YAML or JSON targets file against its expectations; given a compose file or Kubernetes manifests (a file or a folder), audit them as audit --compose or --kubernetes does',
      (y) =>
        y
          .positional('file', { type: 'string', describe: 'the targets file, a compose file, or Kubernetes manifests' })
          .options(optionsOf('check'))
          .epilogue(
            examples([
              ['$0 check targets.yml --format junit --output report.xml', 'a CI gate with a JUnit report'],
              ['$0 check docker-compose.yml --format github', "the repository's compose file, annotated on its lines"],
            ]),
          ),
    )
    .command(
      'analyze <file> [server-file]',
      'Diagnose a log or packet capture someone sent (FileZilla, curl -v, lftp -d, WinSCP, a console transcript, vsftpd, IIS, pcap, pcapng); - reads standard input',
      (y) =>
        y
          .positional('file', { type: 'string' })
          .positional('server-file', {
            type: 'string',
            describe: "the server's capture of the same session (as --server-capture)",
          })
          .options(optionsOf('analyze'))
          .epilogue(
            examples([
              ['$0 analyze filezilla.log', 'the findings a live probe would give, from the log alone'],
              ['$0 analyze client.pcap server.pcap', 'a capture from each side: what a middlebox changed between them'],
              ['pbpaste | $0 analyze - --redact --format markdown', 'a report to paste into a public ticket'],
            ]),
          ),
    )
    .command('explain <code>', 'Print the full text of a finding code', (y) =>
      y
        .positional('code', { type: 'string' })
        .epilogue(
          examples([['$0 explain PASV_PRIVATE_ADDRESS', 'what it means and how to fix it']], EXIT_CODES.explain),
        ),
    )
    .command(
      'audit',
      "Check the FTP server's configuration and the host firewall, on the server host (read only)",
      (y) =>
        y.options(optionsOf('audit')).epilogue(
          examples([
            [
              'sudo $0 audit --public-address 198.51.100.2',
              'the running server, its configuration and the live firewall',
            ],
            ['$0 audit --config vsftpd.conf --firewall rules.v4,rules.v6', "a customer's files, without the server"],
          ]),
        ),
    )
    .command(
      'exporter',
      'Serve Prometheus probes: /probe?target=ftp://host&module=NAME (blackbox_exporter style)',
      (y) =>
        y
          .options(optionsOf('exporter'))
          .epilogue(
            examples(
              [
                [
                  '$0 exporter --listen 127.0.0.1:9642 --config exporter.yml --allow "*.partner.example,198.51.100.0/24"',
                  'probes on request, only of allowed targets',
                ],
              ],
              EXIT_CODES.service,
            ),
          ),
    )
    .command(
      'network',
      "Test this network's NAT, FTP helper and firewalls against a reflector of your own (run inside the network)",
      (y) =>
        y
          .options(optionsOf('network'))
          .epilogue(
            examples([
              [
                '$0 network --via ftp://reflector.example.net --via-fingerprint AB:CD:...',
                'NAT, helper, inbound and outbound data connections, in plain FTP and under TLS',
              ],
            ]),
          ),
    )
    .command(
      'reflector',
      'Run a reflector for `network` (on a host outside): it says what arrived and connects back only to its caller',
      (y) =>
        y
          .options(optionsOf('reflector'))
          .epilogue(
            examples(
              [
                [
                  'sudo $0 reflector --listen 0.0.0.0 --pasv-range 50000-50100',
                  "on port 21, where routers' FTP helpers look",
                ],
              ],
              EXIT_CODES.service,
            ),
          ),
    )
    .command('demo', 'Probe built-in local servers that act out common broken setups', (y) =>
      y.options(optionsOf('demo')).epilogue(
        examples(
          [
            ['$0 demo', 'a healthy server and four broken setups, diagnosed'],
            ['$0 demo --serve --port 2121', 'keep them up, on ports 2121 to 2125, to try every command on them'],
          ],
          EXIT_CODES.demo,
        ),
      ),
    )
    .command(
      'completion [shell]',
      'Print a completion script: bash/zsh `source <(npx ftp-doctor completion)`; PowerShell `npx ftp-doctor completion powershell | Out-String | Invoke-Expression`',
      (y) =>
        y.positional('shell', {
          type: 'string',
          choices: ['bash', 'zsh', 'powershell'],
          default: 'bash',
          describe: 'the shell to complete in',
        }),
    )
    .strict()
    .exitProcess(false)
    .version(toolVersion())
    .help()
    .wrap(HELP_WIDTH);
}

function parseArguments(argv: string[]): Promise<{ parsed?: ParsedCommandLine; output: string; error?: string }> {
  return new Promise((resolve) => {
    // yargs answers through the callback; the promise it also returns carries nothing more.
    void buildParser(argv).parse(argv, {}, (error: Error | undefined, parsed: unknown, output: string) => {
      resolve({ parsed: parsed as ParsedCommandLine, output, ...(error ? { error: error.message } : {}) });
    });
  });
}

/** The parser's message on one line; an invalid choice names the option, the value and the allowed values. */
export function usageLine(message: string): string {
  const choice = /Argument: ([\w-]+), Given: (".*?"), Choices: (.*)$/m.exec(message);
  if (choice) return `--${choice[1]} must be one of ${(choice[3] ?? '').replace(/"/g, '')}, not ${choice[2]}`;
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

const NAGIOS_UNKNOWN = 3;

/** What each command needs as its argument, with an example, for a command given without it. */
const POSITIONAL_HINTS: Partial<Record<CommandName, string>> = {
  probe: 'probe needs a target: a host, host:port or ftp:// URL, as in `ftp-doctor probe ftp.example.com`',
  check: 'check needs a targets file, as in `ftp-doctor check targets.yml`',
  analyze: 'analyze needs a log file (- reads standard input), as in `ftp-doctor analyze filezilla.log`',
  explain: 'explain needs a finding code, as in `ftp-doctor explain PASV_PRIVATE_ADDRESS`',
};

/** An option that belongs to another command: named with the command's own help. */
function foreignOption(argv: string[], error: string): string | undefined {
  const names = /^Unknown arguments?: (.+)$/m.exec(error)?.[1]?.split(', ') ?? [];
  const options = names.filter((name) => argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)));
  if (options.length === 0) return undefined;
  const command = (COMMAND_NAMES as string[]).includes(argv[0] ?? '') ? argv[0]! : 'probe';
  return `${options.map((name) => `--${name}`).join(', ')} ${options.length > 1 ? 'are not options' : 'is not an option'} of ${command}: see \`ftp-doctor ${command} --help\``;
}

function missingPositional(argv: string[], error: string): string | undefined {
  if (!/Not enough non-option arguments/.test(error)) return undefined;
  return POSITIONAL_HINTS[(argv.find((arg) => !arg.startsWith('-')) ?? 'probe') as CommandName];
}

/**
 * A first word that is no command, followed by another word: a mistyped command
 * (`ftp-doctor prob 127.0.0.1`), since a target comes alone. Says which command was meant.
 * A word alone within two letters of a command (`ftp-doctor audti`) is taken for the
 * command too, before any name is looked up: a host by that name is given as ftp://audti.
 */
function checkCommandWord(argv: string[]): void {
  const [first, ...rest] = argv;
  if (!first || first.startsWith('-') || (COMMAND_NAMES as string[]).includes(first)) return;
  if (!/^[a-z]+$/i.test(first)) return;
  const closest = COMMAND_NAMES.map((name) => ({ name, distance: editDistance(first.toLowerCase(), name) })).sort(
    (a, b) => a.distance - b.distance,
  )[0];
  if (!rest.some((arg) => !arg.startsWith('-'))) {
    if (closest && closest.distance <= 2 && first.length >= 4)
      throw new UsageError(
        `unknown command "${first}": did you mean ${closest.name}? (ftp-doctor ${closest.name}); a host of that name is given as ftp://${first}`,
      );
    return;
  }
  if (closest && closest.distance <= 2)
    throw new UsageError(
      `unknown command "${first}": did you mean ${closest.name}? (ftp-doctor ${closest.name} ${rest.join(' ')})`,
    );
  throw new UsageError(
    `unknown command "${first}": the commands are ${COMMAND_NAMES.join(', ')} (a target alone needs no command)`,
  );
}

function nagiosRequested(argv: string[]): boolean {
  return argv.some((arg, i) => arg === '--format=nagios' || (arg === '--format' && argv[i + 1] === 'nagios'));
}

/** An error message as it may be shown: one line, no password of a URL, no control character. */
function shownError(message: string): string {
  return printable(maskUrlPasswords(message.split('\n')[0] ?? ''));
}

/** Runs the CLI on an argument array; returns the exit code. Never throws. */
/** What check was given: a folder is Kubernetes manifests; a file is told apart by its keys (input/check-file.ts). */
function checkFileKindOf(file: string, io: CliIO): CheckFileKind {
  try {
    return checkFileKind(io.readFile(file));
  } catch (error) {
    // Unreadable here: check itself reports why, unless it is a folder of manifests.
    return error instanceof FileProblem && error.kind === 'directory' ? 'kubernetes' : 'targets';
  }
}

type CommandRunner = (parsed: ParsedCommandLine, io: CliIO) => Promise<number>;

/** What each command runs, loaded when it is asked for; a command without its runner does not compile. */
const COMMAND_RUNNERS = {
  probe: async (parsed, io) => (await import('../commands/probe/probe-command.js')).probeCommand(parsed, io),
  check: async (parsed, io) => {
    // A compose file or Kubernetes manifests (a file, or a folder of them) in CI: their audit, in the same formats.
    const kind = checkFileKindOf(parsed.file ?? '', io);
    if (kind !== 'targets')
      return (await import('../commands/audit/audit-command.js')).auditCommand({ ...parsed, [kind]: parsed.file }, io);
    return (await import('../commands/check/check-command.js')).checkCommand(parsed, io);
  },
  analyze: async (parsed, io) => (await import('../commands/analyze/analyze-command.js')).analyzeCommand(parsed, io),
  explain: async (parsed, io) => (await import('./explain-command.js')).explain(parsed.code ?? '', io),
  audit: async (parsed, io) => (await import('../commands/audit/audit-command.js')).auditCommand(parsed, io),
  exporter: async (parsed, io) =>
    (await import('../commands/exporter/exporter-command.js')).exporterCommand(parsed, io),
  network: async (parsed, io) => (await import('../commands/network/network-command.js')).networkCommand(parsed, io),
  reflector: async (parsed, io) =>
    (await import('../commands/reflector/reflector-command.js')).reflectorCommand(parsed, io),
  demo: async (parsed, io) => (await import('../commands/demo/run-demo.js')).demoCommand(parsed, io),
  completion: async (parsed, io) => {
    const [{ completionScript, powershellCompletionScript }, { FINDING_CODES }, { GATE_CODES }] = await Promise.all([
      import('./completion.js'),
      import('../diagnose/findings/catalogue.js'),
      import('../diagnose/words/gate-codes.js'),
    ]);
    const script = parsed.shell === 'powershell' ? powershellCompletionScript : completionScript;
    io.stdout.write(script(OPTIONS, COMMAND_OPTIONS, [...FINDING_CODES, ...Object.keys(GATE_CODES)]));
    return EXIT.ok;
  },
} satisfies Record<CommandName, CommandRunner>;

function isCommandName(word: string): word is CommandName {
  return Object.hasOwn(COMMAND_RUNNERS, word);
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    if (argv.length === 0) throw new UsageError('no target given: try `ftp-doctor demo`, or `ftp-doctor --help`');
    checkCommandWord(argv);
    const { parsed, output, error } = await parseArguments(argv);
    if (error) throw new UsageError(missingPositional(argv, error) ?? foreignOption(argv, error) ?? usageLine(error));
    if (!parsed) throw new UsageError('cannot read the arguments');
    if (output) {
      io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      return EXIT.ok;
    }
    const command = String(parsed._[0] ?? 'probe');
    if (!isCommandName(command)) throw new UsageError(`unknown command "${printable(command)}"`);
    return await COMMAND_RUNNERS[command](parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      // As a monitoring plugin, a usage error is UNKNOWN (exit 3), said on standard output where the engine reads it.
      if (nagiosRequested(argv)) {
        io.stdout.write(`FTP UNKNOWN - ${shownError(error.message)}\n`);
        return NAGIOS_UNKNOWN;
      }
      io.stderr.write(`ftp-doctor: ${shownError(error.message)}\n`);
      return EXIT.usage;
    }
    io.stderr.write(
      `ftp-doctor: internal error: ${shownError(error instanceof Error ? error.message : String(error))}\n`,
    );
    return EXIT.internal;
  }
}
