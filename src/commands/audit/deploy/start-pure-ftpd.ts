import type { Fact, FactSource } from '../../../record/audit.js';
import type { SettingName } from '../../../record/deployment.js';
import { parsePureFtpdArgs, parsePureFtpdConfDir } from '../config/pure-ftpd.js';
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
  const { image, declaredIn } = declaration;
  const unresolved: string[] = [];
  let words: Word[];
  if (declaration.command) {
    const expanded = expandCommand(declaration, context, declaration.command.args);
    if (expanded.unresolved) unresolved.push(`command: ${declaration.command.args.join(' ').slice(0, 120)}`);
    words = expanded.words.map((word) => ({ word, line: declaration.command!.line }));
  } else if (image.command) {
    // The image's CMD runs in a shell: $NAME is the container's variable, or the image's default for it.
    words = image.command.map((word) => {
      const name = /^\$([A-Z_][A-Z0-9_]*)$/.exec(word)?.[1];
      if (!name) return { word, byDefault: true };
      const set = context.variable(name);
      if (set) return { word: set.value, line: set.line, variable: name, ...(set.file ? { file: set.file } : {}) };
      if (declaration.environment.has(name)) return { word, variable: name };
      const byDefault = image.variables.find((v) => v.variable === name)?.byDefault ?? '';
      return { word: byDefault, byDefault: true, variable: name };
    });
  } else {
    const mounted = mountedConfig(declaration, image.configPaths);
    const setting = (name: string): SettingName => ({
      name,
      kind: 'flag',
    });
    if ('unread' in mounted)
      return {
        config: parsePureFtpdArgs([], declaredIn),
        configKnown: false,
        addressSetting: setting('-P'),
        rangeSetting: setting('-p'),
        configFiles: [],
        unreadConfig: [mounted.unread],
        unresolved,
      };
    const config = context.readConfig(() => parsePureFtpdConfDir(mounted.path, declaration.files));
    return {
      config,
      configKnown: true,
      addressSetting: { name: 'ForcePassiveIP', kind: 'flag', file: `${mounted.located}/ForcePassiveIP` },
      rangeSetting: { name: 'PassivePortRange', kind: 'flag', file: `${mounted.located}/PassivePortRange` },
      configFiles: [mounted.located],
      unreadConfig: [],
      unresolved,
    };
  }
  if (/(^|\/)(run\.sh|pure-ftpd)$/.test(words[0]?.word ?? '')) words = words.slice(1);

  let generatedTlsFiles: string[] | undefined;
  // A range left to the environment: the flag run.sh would add is not known.
  let rangeVariableOpen = false;
  if (image.start === 'run-sh-flags') {
    const added = context.variable('ADDED_FLAGS');
    if (added)
      words.push(
        ...added.value
          .split(/\s+/)
          .filter(Boolean)
          .map((word) => ({ word, line: added.line, variable: 'ADDED_FLAGS' })),
      );
    if (!words.some((w) => w.word === '-p')) {
      const ports = context.variable('FTP_PASSIVE_PORTS');
      const byDefault = image.variables.find((v) => v.variable === 'FTP_PASSIVE_PORTS')?.byDefault ?? '';
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
    if (tls && selfSigned) generatedTlsFiles = [RUN_SH_CERTIFICATE];
  }

  const config = context.readConfig(() =>
    parsePureFtpdArgs(
      words.map((w) => w.word),
      declaredIn,
    ),
  );
  // Each fact's source is the word that gave its value: the file's line, or the image's default.
  const valueOf = (short: string, long: string): Word | undefined => {
    for (let i = words.length - 1; i >= 0; i -= 1) {
      const word = words[i]!.word;
      if (word === short || word === long) return words[i + 1];
      if (word.startsWith(`${long}=`) || (word.startsWith(short) && word.length > 2)) return words[i];
    }
    return undefined;
  };
  const sourced = <T>(fact: Fact<T> | undefined, word: Word | undefined): Fact<T> | undefined => {
    if (!fact || !word || fact.source.kind !== 'file') return fact;
    const source: FactSource = word.byDefault
      ? { kind: 'default', text: fact.source.text ?? '' }
      : {
          kind: 'file',
          file: word.file ?? declaredIn,
          ...(word.line !== undefined ? { line: word.line } : {}),
          text: fact.source.text ?? '',
        };
    return { value: fact.value, source };
  };
  const range = valueOf('-p', '--passiveportrange');
  const address = valueOf('-P', '--forcepassiveip');
  const tls = valueOf('-Y', '--tls');
  const certificate = valueOf('-2', '--certfile');
  if (config.passiveRange) config.passiveRange = sourced(config.passiveRange, range)!;
  if (config.externalAddress) config.externalAddress = sourced(config.externalAddress, address)!;
  if (config.tlsEnabled)
    config.tlsEnabled = sourced(config.tlsEnabled, tls ?? words.find((w) => w.word.startsWith('--tls')))!;
  if (config.tlsFiles && certificate) config.tlsFiles = config.tlsFiles.map((f) => sourced(f, certificate)!);
  return {
    config,
    configKnown: true,
    addressSetting: address?.variable
      ? { name: address.variable, kind: 'environment', ...(address.file ? { file: address.file } : {}) }
      : { name: '-P', kind: 'flag' },
    rangeSetting: rangeVariableOpen
      ? { name: 'FTP_PASSIVE_PORTS', kind: 'environment' }
      : range?.variable
        ? { name: range.variable, kind: 'environment', ...(range.file ? { file: range.file } : {}) }
        : { name: '-p', kind: 'flag' },
    configFiles: [],
    unreadConfig: [],
    unresolved,
    ...(generatedTlsFiles ? { generatedTlsFiles } : {}),
  };
}
