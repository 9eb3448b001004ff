import type { SettingName, UnreadConfig } from '../../../record/deployment.js';
import { readVsftpdSettings, vsftpdConfig, type VsftpdSettings } from '../config/vsftpd.js';
import {
  expandCommand,
  mountedConfig,
  type ContainerDeclaration,
  type StartContext,
  type StartReading,
} from './start-common.js';

/**
 * vsftpd in a container: the image's own file or the one mounted over it, the
 * image's environment turned into settings in the order its start script
 * gives them to vsftpd (which applies its arguments in order, a later one
 * winning), and a command line that replaces the image's.
 */
export function vsftpdStart(declaration: ContainerDeclaration, context: StartContext): StartReading {
  const { image, declaredIn } = declaration;
  const settings: VsftpdSettings = new Map();
  const layer = (more: VsftpdSettings) => more.forEach((value, key) => settings.set(key, value));
  const unreadConfig: UnreadConfig[] = [];
  const configFiles: string[] = [];
  let configKnown = true;
  let fileSets = new Set<string>();
  let fileText = new Map<string, string>();
  let fileLocated: string | undefined;
  let unresolvedCommand = false;
  // The image's variables reach vsftpd (not when its start script cannot append them to a read-only file).
  let variablesApply = image.variables.length > 0;

  const readFile = (paths: string[]): VsftpdSettings | undefined => {
    const mounted = mountedConfig(declaration, paths);
    if ('unread' in mounted) {
      if (mounted.unread.reason !== 'in-image' || image.start === 'server-itself') {
        unreadConfig.push(mounted.unread);
        configKnown = false;
      }
      return undefined;
    }
    const read = context.readConfig(() => readVsftpdSettings(declaration.files.read(mounted.path), mounted.path));
    configFiles.push(mounted.located);
    fileSets = new Set(read.keys());
    fileText = new Map([...read].map(([key, value]) => [key, value.text]));
    fileLocated = mounted.located;
    return read;
  };

  // The environment as the image's start script turns it into settings, each at its line (or the image's default).
  const environment = (): VsftpdSettings => {
    const fromEnvironment: VsftpdSettings = new Map();
    for (const { variable, option, byDefault } of image.variables) {
      if (!option) continue;
      const set = context.variable(variable);
      if (declaration.environment.has(variable) && !set) continue;
      const value = set?.value ?? byDefault;
      if (value === undefined) continue;
      fromEnvironment.set(option, {
        value,
        text: `${variable}=${value}`,
        file: set?.file ?? declaredIn,
        ...(set ? { line: set.line } : { byDefault: true }),
      });
      // delfer/alpine-ftp-server: TLS_CERT or TLS_KEY turns TLS on.
      if (option === 'rsa_cert_file' || option === 'rsa_private_key_file')
        fromEnvironment.set('ssl_enable', {
          value: 'YES',
          text: `${variable}=${value}`,
          file: declaredIn,
          line: set?.line,
        });
    }
    return fromEnvironment;
  };

  let whenUnset = image.whenUnset;
  if (declaration.command) {
    // The command replaces the image's start script: only what it says, and the file it names, count.
    const { words, unresolved } = expandCommand(declaration, context, declaration.command.args);
    unresolvedCommand = unresolved;
    const [program = '', ...args] = words;
    if (!/(^|\/)vsftpd$/.test(program)) {
      unreadConfig.push({ path: words.join(' ').slice(0, 120), reason: 'command' });
      configKnown = false;
    } else {
      let named = false;
      for (const arg of args) {
        if (arg.startsWith('-o')) {
          const at = arg.indexOf('=');
          if (at > 2)
            settings.set(arg.slice(2, at).toLowerCase(), {
              value: arg.slice(at + 1),
              text: arg,
              file: declaredIn,
              line: declaration.command.line,
            });
        } else if (!arg.startsWith('-')) {
          named = true;
          const read = readFile([arg]);
          if (read) layer(read);
        }
      }
      if (!named) {
        // With no file named, vsftpd loads its default file after the -o options (main.c): the file's lines win.
        const read = readFile(image.configPaths);
        if (read) layer(read);
      }
    }
  } else {
    const mounted = readFile(image.configPaths);
    const builtIn: VsftpdSettings = new Map(
      Object.entries(image.builtIn ?? {}).map(([key, value]) => [
        key,
        { value, text: `${key}=${value} (${image.name})`, byDefault: true },
      ]),
    );
    switch (image.start) {
      case 'appends-environment': {
        layer(mounted ?? builtIn);
        // The script appends to the file; a file mounted read-only cannot take the lines, and keeps its own.
        const readOnly = mounted && declaration.files.provider(image.configPaths[0]!)?.mount.readOnly;
        variablesApply = !readOnly;
        if (!readOnly) {
          const fromEnvironment = environment();
          const address = fromEnvironment.get('pasv_address');
          // fauria/vsftpd: **IPv4** becomes the container's default gateway.
          if (address?.value === '**IPv4**') {
            fromEnvironment.delete('pasv_address');
            settings.delete('pasv_address');
            whenUnset = 'docker-gateway';
          }
          layer(fromEnvironment);
          fileSets = new Set();
        }
        break;
      }
      case 'options-before-file':
        layer(environment());
        layer(mounted ?? builtIn);
        break;
      case 'file-edited-at-start': {
        if (mounted) layer(mounted);
        else {
          // The entrypoint replaces 0.0.0.0 in the image's own file with PUBLIC_IP (empty when unset).
          const publicIp = context.variable('PUBLIC_IP');
          layer(builtIn);
          const address = settings.get('pasv_address');
          if (address?.value === '0.0.0.0')
            settings.set(
              'pasv_address',
              publicIp
                ? { value: publicIp.value, text: `PUBLIC_IP=${publicIp.value}`, file: declaredIn, line: publicIp.line }
                : { value: '', text: 'PUBLIC_IP is not set', byDefault: true },
            );
        }
        break;
      }
      default:
        if (mounted) layer(mounted);
    }
  }
  const config = context.readConfig(() => vsftpdConfig(settings, declaredIn));
  const setBy = (options: string[], variables: string): SettingName => {
    // Where the fix goes: the file when the line that wins is the file's, else the image's variable.
    if (
      !variablesApply ||
      !variables ||
      options.some((o) => fileSets.has(o) && settings.get(o)?.text === fileText.get(o))
    )
      return { name: options.join(' and '), kind: 'vsftpd', ...(fileLocated ? { file: fileLocated } : {}) };
    const inFile = options.map((o) => settings.get(o)?.file).find((f) => f && f !== declaredIn);
    return { name: variables, kind: 'environment', ...(inFile ? { file: inFile } : {}) };
  };
  const variable = (option: string) => image.variables.find((v) => v.option === option)?.variable;
  const rangeVariables = [variable('pasv_min_port'), variable('pasv_max_port')].filter(Boolean).join(' and ');
  const hasCommand = declaration.command !== undefined;
  return {
    config,
    configKnown,
    addressSetting: hasCommand
      ? { name: '-opasv_address', kind: 'flag' }
      : setBy(['pasv_address'], image.addressVariable ?? ''),
    rangeSetting: hasCommand
      ? { name: '-opasv_min_port and -opasv_max_port', kind: 'flag' }
      : image.start === 'file-edited-at-start' && !fileLocated
        ? { name: '', kind: 'vsftpd' }
        : setBy(['pasv_min_port', 'pasv_max_port'], rangeVariables),
    whenUnset,
    configFiles,
    unreadConfig,
    unresolved: unresolvedCommand ? [`command: ${declaration.command!.args.join(' ').slice(0, 120)}`] : [],
  };
}
