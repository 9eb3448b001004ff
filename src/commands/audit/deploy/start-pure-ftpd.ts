import type { Fact, FactSource, ServerConfig } from '../../../record/audit-record.js';
import type { SettingName } from '../../../record/deployment-record.js';
import { ConfigError } from '../config/config-errors.js';
import { parsePureFtpdArgs, parsePureFtpdConfDir } from '../config/pure-ftpd-config.js';
import {
  expandCommand,
  mountedConfig,
  type ContainerDeclaration,
  type StartContext,
  type StartReading,
} from './start-common.js';

/** A word of the server's command line and where it came from: a line of the file, an image's default, a variable. */
interface Word {
  word: string;
  line?: number;
  file?: string;
  byDefault?: boolean;
  variable?: string;
}

/** stilliard/pure-ftpd's run.sh looks for this file to turn TLS on. */
const RUN_SH_CERTIFICATE = '/etc/ssl/private/pure-ftpd.pem';

/**
 * Pure-FTPd in a container: its command line (the image's, or the one the
 * deployment gives), completed as stilliard/pure-ftpd's run.sh completes it
 * from the environment; or, run as packaged, Debian's conf/ folder.
 */
export function pureFtpdStart(declaration: ContainerDeclaration, context: StartContext): StartReading {
  const unresolved: string[] = [];
  let words = commandWords(declaration, context, unresolved);
  if (!words) return confFolderStart(declaration, context);
  if (/(^|\/)(run\.sh|pure-ftpd)$/.test(words[0]?.word ?? '')) words = words.slice(1);
  const completed =
    declaration.image.start === 'run-sh-flags' ? completeAsRunSh(words, declaration, context) : { words };
  const config = context.readConfig(() =>
    parsePureFtpdArgs(
      completed.words.map((w) => w.word),
      declaration.declaredIn,
    ),
  );
  const { range, address } = sourceFacts(config, completed.words, declaration.declaredIn);
  const setting = (word: Word | undefined, flag: string): SettingName =>
    word?.variable
      ? { name: word.variable, kind: 'environment', ...(word.file ? { file: word.file } : {}) }
      : { name: flag, kind: 'flag' };
  return {
    config,
    configKnown: true,
    addressSetting: setting(address, '-P'),
    rangeSetting: completed.rangeVariableOpen
      ? { name: 'FTP_PASSIVE_PORTS', kind: 'environment' }
      : setting(range, '-p'),
    configFiles: [],
    unreadConfig: [],
    unresolved,
    ...(completed.generatedTlsFiles ? { generatedTlsFiles: completed.generatedTlsFiles } : {}),
  };
}

/** The command line: the deployment's, or the image's CMD, whose $NAME the shell takes from the container's variables. */
function commandWords(
  declaration: ContainerDeclaration,
  context: StartContext,
  unresolved: string[],
): Word[] | undefined {
  const { image, command, environment } = declaration;
  if (command) {
    const expanded = expandCommand(declaration, context, command.args);
    if (expanded.unresolved) unresolved.push(expanded.unresolved);
    return expanded.words.map((word) => ({ word, line: command.line }));
  }
  return image.command?.map((word) => {
    const name = /^\$([A-Z_][A-Z0-9_]*)$/.exec(word)?.[1];
    if (!name) return { word, byDefault: true };
    const set = context.variable(name);
    if (set) return { word: set.value, line: set.line, variable: name, ...(set.file ? { file: set.file } : {}) };
    if (environment.has(name)) return { word, variable: name };
    const byDefault = image.variables.find((v) => v.variable === name)?.byDefault ?? '';
    return { word: byDefault, byDefault: true, variable: name };
  });
}

/** Pure-FTPd run as packaged with no command given: Debian's wrapper reads one file per option from conf/. */
function confFolderStart(declaration: ContainerDeclaration, context: StartContext): StartReading {
  let mounted = mountedConfig(declaration, declaration.image.configPaths, 'folder');
  let config: ServerConfig | undefined;
  if (!('unread' in mounted)) {
    const at = mounted;
    try {
      config = context.readConfig(() => parsePureFtpdConfDir(at.path, declaration.files));
    } catch (error) {
      // One of its files cannot be read (a FIFO, a folder): the folder is not checked.
      if (!(error instanceof ConfigError && error.unreadable)) throw error;
      mounted = {
        unread: {
          path: error.file,
          reason: 'unreadable',
          why: error.expected.replace(/^cannot be read \((.*)\)$/, '$1'),
        },
      };
    }
  }
  if ('unread' in mounted || !config)
    return {
      config: parsePureFtpdArgs([], declaration.declaredIn),
      configKnown: false,
      addressSetting: { name: '-P', kind: 'flag' },
      rangeSetting: { name: '-p', kind: 'flag' },
      configFiles: [],
      unreadConfig: 'unread' in mounted ? [mounted.unread] : [],
      unresolved: [],
    };
  return {
    config,
    configKnown: true,
    addressSetting: { name: 'ForcePassiveIP', kind: 'conf-folder', file: `${mounted.located}/ForcePassiveIP` },
    rangeSetting: { name: 'PassivePortRange', kind: 'conf-folder', file: `${mounted.located}/PassivePortRange` },
    configFiles: [mounted.located],
    unreadConfig: [],
    unresolved: [],
  };
}

/**
 * stilliard/pure-ftpd's run.sh: $ADDED_FLAGS appended, `-p $FTP_PASSIVE_PORTS`
 * added unless the flags hold -p, --tls=1 when its certificate file is there,
 * and a self-signed certificate made when --tls is given with TLS_CN, TLS_ORG and TLS_C.
 */
function completeAsRunSh(
  given: Word[],
  declaration: ContainerDeclaration,
  context: StartContext,
): { words: Word[]; rangeVariableOpen?: boolean; generatedTlsFiles?: string[] } {
  const words = [...given];
  const added = context.variable('ADDED_FLAGS');
  if (added)
    for (const word of added.value.split(/\s+/).filter(Boolean))
      words.push({ word, line: added.line, variable: 'ADDED_FLAGS' });
  let rangeVariableOpen = false;
  if (!words.some((w) => w.word === '-p')) {
    const ports = context.variable('FTP_PASSIVE_PORTS');
    const byDefault = declaration.image.variables.find((v) => v.variable === 'FTP_PASSIVE_PORTS')?.byDefault ?? '';
    // A range left to the environment: the flag run.sh would add is not known.
    rangeVariableOpen = !ports && declaration.environment.has('FTP_PASSIVE_PORTS');
    if (!rangeVariableOpen)
      words.push(
        { word: '-p', variable: 'FTP_PASSIVE_PORTS' },
        ports
          ? {
              word: ports.value,
              line: ports.line,
              variable: 'FTP_PASSIVE_PORTS',
              ...(ports.file ? { file: ports.file } : {}),
            }
          : { word: byDefault, byDefault: true, variable: 'FTP_PASSIVE_PORTS' },
      );
  }
  const tls = words.some((w) => w.word.includes('--tls'));
  const certificate = declaration.files.provider(RUN_SH_CERTIFICATE);
  if (!tls && certificate) words.push({ word: '--tls=1', line: certificate.mount.line });
  const selfSigned = ['TLS_CN', 'TLS_ORG', 'TLS_C'].every((name) => context.variable(name));
  return {
    words,
    rangeVariableOpen,
    ...(tls && selfSigned ? { generatedTlsFiles: [RUN_SH_CERTIFICATE] } : {}),
  };
}

/** Each fact's source becomes the word that gave its value: a line of a file, or the image's default. */
function sourceFacts(
  config: ServerConfig,
  words: Word[],
  declaredIn: string,
): { range: Word | undefined; address: Word | undefined } {
  const valueOf = (short: string, long: string): Word | undefined => {
    for (let i = words.length - 1; i >= 0; i -= 1) {
      const word = words[i]!.word;
      if (word === short || word === long) return words[i + 1];
      if (word.startsWith(`${long}=`) || (word.startsWith(short) && word.length > 2)) return words[i];
    }
    return undefined;
  };
  const sourced = <T>(fact: Fact<T>, word: Word | undefined): Fact<T> => {
    if (!word || fact.source.kind !== 'file') return fact;
    const text = fact.source.text ?? '';
    const source: FactSource = word.byDefault
      ? { kind: 'default', text }
      : { kind: 'file', file: word.file ?? declaredIn, ...(word.line !== undefined ? { line: word.line } : {}), text };
    return { value: fact.value, source };
  };
  const range = valueOf('-p', '--passiveportrange');
  const address = valueOf('-P', '--forcepassiveip');
  const certificate = valueOf('-2', '--certfile');
  if (config.passiveRange) config.passiveRange = sourced(config.passiveRange, range);
  if (config.externalAddress) config.externalAddress = sourced(config.externalAddress, address);
  if (config.tlsEnabled)
    config.tlsEnabled = sourced(
      config.tlsEnabled,
      valueOf('-Y', '--tls') ?? words.find((w) => w.word.startsWith('--tls')),
    );
  if (config.tlsFiles && certificate) config.tlsFiles = config.tlsFiles.map((f) => sourced(f, certificate));
  return { range, address };
}
