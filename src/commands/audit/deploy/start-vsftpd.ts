import type { SettingName, UnreadConfig } from '../../../record/deployment-record.js';
import { readVsftpdSettings, vsftpdConfig, type VsftpdSettings } from '../config/vsftpd-config.js';
import {
  expandCommand,
  mountedConfig,
  programOf,
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
  const layers = new VsftpdLayers(declaration, context);
  if (declaration.command) layers.fromCommand(declaration.command);
  else layers.fromImage();
  const config = context.readConfig(() => vsftpdConfig(layers.settings, declaration.declaredIn));
  return {
    config,
    configKnown: layers.configKnown,
    ...layers.settingNames(),
    whenUnset: layers.whenUnset,
    configFiles: layers.configFiles,
    unreadConfig: layers.unreadConfig,
    unresolved: layers.unresolvedCommand ? [layers.unresolvedCommand] : [],
  };
}

/** vsftpd's settings as they pile up, a later one winning, with what was read and what was not. */
class VsftpdLayers {
  readonly settings: VsftpdSettings = new Map();
  readonly unreadConfig: UnreadConfig[] = [];
  readonly configFiles: string[] = [];
  configKnown = true;
  unresolvedCommand: string | undefined;
  whenUnset: StartReading['whenUnset'];
  /** The mounted file's own lines, to tell whether the line that wins is the file's. */
  private fileText = new Map<string, string>();
  private fileLocated: string | undefined;
  /** The image's variables reach vsftpd (not when its start script cannot append them to a read-only file). */
  private variablesApply: boolean;

  constructor(
    private readonly declaration: ContainerDeclaration,
    private readonly context: StartContext,
  ) {
    this.whenUnset = declaration.image.whenUnset;
    this.variablesApply = declaration.image.variables.length > 0;
  }

  private layer(more: VsftpdSettings | undefined): void {
    more?.forEach((value, key) => this.settings.set(key, value));
  }

  /** The first of these files the deployment provides, read as vsftpd reads it; none: the image's own, or not known. */
  private readFile(paths: string[]): VsftpdSettings | undefined {
    const mounted = mountedConfig(this.declaration, paths);
    if ('unread' in mounted) {
      if (mounted.unread.reason !== 'in-image' || this.declaration.image.start === 'server-itself') {
        this.unreadConfig.push(mounted.unread);
        this.configKnown = false;
      }
      return undefined;
    }
    const read = this.context.readConfig(() =>
      readVsftpdSettings(this.declaration.files.read(mounted.path), mounted.path),
    );
    this.configFiles.push(mounted.located);
    this.fileText = new Map([...read].map(([key, value]) => [key, value.text]));
    this.fileLocated = mounted.located;
    return read;
  }

  /** The environment as the image's start script turns it into settings, each at its line (or the image's default). */
  private environment(): VsftpdSettings {
    const { image, declaredIn, environment } = this.declaration;
    const fromEnvironment: VsftpdSettings = new Map();
    for (const { variable, option, byDefault } of image.variables) {
      if (!option) continue;
      const set = this.context.variable(variable);
      if (environment.has(variable) && !set) continue;
      const value = set?.value ?? byDefault;
      if (value === undefined) continue;
      const where = { text: `${variable}=${value}`, file: set?.file ?? declaredIn };
      fromEnvironment.set(option, { value, ...where, ...(set ? { line: set.line } : { byDefault: true }) });
      // delfer/alpine-ftp-server: TLS_CERT or TLS_KEY turns TLS on.
      if (option === 'rsa_cert_file' || option === 'rsa_private_key_file')
        fromEnvironment.set('ssl_enable', { value: 'YES', ...where, line: set?.line });
    }
    return fromEnvironment;
  }

  /** A command that replaces the image's start script: only what it says, and the file it names, count. */
  fromCommand(command: NonNullable<ContainerDeclaration['command']>): void {
    const { words, unresolved } = expandCommand(this.declaration, this.context, command.args);
    this.unresolvedCommand = unresolved;
    const [program = '', ...args] = words;
    if (!/(^|\/)vsftpd$/.test(program)) {
      this.unreadConfig.push({ path: programOf(words), reason: 'command' });
      this.configKnown = false;
      return;
    }
    let named = false;
    for (const arg of args) {
      const at = arg.indexOf('=');
      if (arg.startsWith('-o') && at > 2)
        this.settings.set(arg.slice(2, at).toLowerCase(), {
          value: arg.slice(at + 1),
          text: arg,
          file: this.declaration.declaredIn,
          line: command.line,
        });
      else if (!arg.startsWith('-')) {
        named = true;
        this.layer(this.readFile([arg]));
      }
    }
    // With no file named, vsftpd loads its default file after the -o options (main.c): the file's lines win.
    if (!named) this.layer(this.readFile(this.declaration.image.configPaths));
  }

  /** The image's own start: its file (or the mounted one) and its environment, in the order its script gives them. */
  fromImage(): void {
    const { image } = this.declaration;
    const mounted = this.readFile(image.configPaths);
    const builtIn: VsftpdSettings = new Map(
      Object.entries(image.builtIn ?? {}).map(([key, value]) => [
        key,
        { value, text: `${key}=${value} (${image.name})`, byDefault: true },
      ]),
    );
    switch (image.start) {
      case 'appends-environment':
        this.layer(mounted ?? builtIn);
        this.appendEnvironment(mounted !== undefined);
        break;
      case 'options-before-file':
        this.layer(this.environment());
        this.layer(mounted ?? builtIn);
        break;
      case 'file-edited-at-start':
        this.layer(mounted ?? builtIn);
        if (!mounted) this.replacePlaceholderAddress();
        break;
      default:
        this.layer(mounted);
    }
  }

  /** fauria/vsftpd: the script appends the environment to the file, which a file mounted read-only refuses. */
  private appendEnvironment(mounted: boolean): void {
    const readOnly = mounted && this.declaration.files.provider(this.declaration.image.configPaths[0]!)?.mount.readOnly;
    this.variablesApply = !readOnly;
    if (readOnly) return;
    const fromEnvironment = this.environment();
    // Its default **IPv4** becomes the container's default gateway.
    if (fromEnvironment.get('pasv_address')?.value === '**IPv4**') {
      fromEnvironment.delete('pasv_address');
      this.settings.delete('pasv_address');
      this.whenUnset = 'docker-gateway';
    }
    this.layer(fromEnvironment);
  }

  /** garethflowers/ftp-server: the entrypoint replaces 0.0.0.0 in the image's own file with PUBLIC_IP (empty when unset). */
  private replacePlaceholderAddress(): void {
    if (this.settings.get('pasv_address')?.value !== '0.0.0.0') return;
    const publicIp = this.context.variable('PUBLIC_IP');
    this.settings.set(
      'pasv_address',
      publicIp
        ? {
            value: publicIp.value,
            text: `PUBLIC_IP=${publicIp.value}`,
            file: publicIp.file ?? this.declaration.declaredIn,
            line: publicIp.line,
          }
        : { value: '', text: 'PUBLIC_IP is not set', byDefault: true },
    );
  }

  /** Where the fixes go: the file when the line that wins is the file's, else the image's variable, else the command line. */
  settingNames(): Pick<StartReading, 'addressSetting' | 'rangeSetting'> {
    const { image, declaredIn, command } = this.declaration;
    const variable = (option: string) => image.variables.find((v) => v.option === option)?.variable;
    const setBy = (options: string[], variables: string, flag: string): SettingName => {
      const inFile = options.some((o) => this.fileText.has(o) && this.settings.get(o)?.text === this.fileText.get(o));
      if (this.fileLocated && (inFile || !this.variablesApply || (!variables && !command)))
        return { name: options.join(' and '), kind: 'vsftpd', file: this.fileLocated };
      if (command || !variables || !this.variablesApply) return { name: flag, kind: command ? 'flag' : 'vsftpd' };
      const elsewhere = options.map((o) => this.settings.get(o)?.file).find((f) => f && f !== declaredIn);
      return { name: variables, kind: 'environment', ...(elsewhere ? { file: elsewhere } : {}) };
    };
    const rangeVariables = [variable('pasv_min_port'), variable('pasv_max_port')].filter(Boolean).join(' and ');
    return {
      addressSetting: setBy(['pasv_address'], image.addressVariable ?? '', command ? '-opasv_address' : 'pasv_address'),
      rangeSetting:
        image.start === 'file-edited-at-start' && !this.fileLocated && !command
          ? { name: '', kind: 'vsftpd' }
          : setBy(
              ['pasv_min_port', 'pasv_max_port'],
              rangeVariables,
              command ? '-opasv_min_port and -opasv_max_port' : 'pasv_min_port and pasv_max_port',
            ),
    };
  }
}
