import type { Fact } from '../../../record/audit-record.js';
import type { Declared, DeployedServer } from '../../../record/deployment-record.js';
import { ConfigError } from '../config/config-errors.js';
import { UNRESOLVED } from './environment.js';
import type { ImageStart } from './images.js';
import type { ContainerDeclaration, StartContext, StartReading } from './start-common.js';
import { proftpdStart } from './start-proftpd.js';
import { pureFtpdStart } from './start-pure-ftpd.js';
import { vsftpdStart } from './start-vsftpd.js';

export type { ContainerDeclaration } from './start-common.js';

export type StartSettings = Pick<
  DeployedServer,
  | 'controlPort'
  | 'passiveRange'
  | 'externalAddress'
  | 'whenUnset'
  | 'addressSetting'
  | 'rangeSetting'
  | 'resolvesNames'
  | 'checksDataSource'
  | 'tls'
  | 'configFiles'
  | 'unreadConfig'
  | 'unresolved'
>;

type StartReader = (declaration: ContainerDeclaration, context: StartContext) => StartReading;

/** How each server reads its settings when its own binary is the entry point: a kind without one does not compile. */
const SERVER_STARTS: Record<ContainerDeclaration['image']['software'], StartReader> = {
  vsftpd: vsftpdStart,
  'pure-ftpd': pureFtpdStart,
  proftpd: proftpdStart,
};

/** How each image's start script turns its environment into settings. */
const STARTS: Record<ImageStart, StartReader> = {
  'appends-environment': vsftpdStart,
  'options-before-file': vsftpdStart,
  'file-edited-at-start': vsftpdStart,
  'run-sh-flags': pureFtpdStart,
  'server-itself': (declaration, context) => SERVER_STARTS[declaration.image.software](declaration, context),
};

/** How the server in a declared container will run: its settings with where each is set, as the image starts it. */
export function startSettings(declaration: ContainerDeclaration): StartSettings {
  const unresolved: string[] = [];
  const context: StartContext = {
    variable(name) {
      const found = declaration.environment.get(name);
      if (found && UNRESOLVED.test(found.value)) {
        unresolved.push(`${name}=${found.value}`);
        return undefined;
      }
      return found;
    },
    readConfig(read) {
      try {
        return read();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        const at = declaration.files.locate(error.file, error.line);
        throw new ConfigError(at.file, at.line, error.expected, error.unreadable);
      }
    },
  };
  const reading = STARTS[declaration.image.start](declaration, context);
  // A variable read twice is one value left open.
  return settingsFrom(reading, declaration, [...new Set([...unresolved, ...reading.unresolved])]);
}

function settingsFrom(reading: StartReading, declaration: ContainerDeclaration, unresolved: string[]): StartSettings {
  const { config } = reading;
  const declared = <T>(fact: Fact<T>): Declared<T> => {
    if (fact.source.kind !== 'file') return { value: fact.value, byDefault: true };
    const at = declaration.files.locate(fact.source.file, fact.source.line);
    return {
      value: fact.value,
      ...(at.line !== undefined ? { line: at.line } : {}),
      ...(at.file !== declaration.declaredIn ? { file: at.file } : {}),
    };
  };
  const range = config.passiveRange
    ? declared(config.passiveRange)
    : reading.configKnown
      ? { value: 'any' as const, byDefault: true }
      : undefined;
  const address = config.externalAddress?.value.trim() ? declared(config.externalAddress) : undefined;
  const software = declaration.image.software;
  // vsftpd's pasv_promiscuous and ProFTPD's AllowForeignAddress turn off the check of the data connection's source.
  const checksDataSource =
    software === 'vsftpd'
      ? !config.pasvPromiscuous?.value
      : software === 'proftpd'
        ? !config.portPromiscuous?.value
        : false;
  const generated = new Set(reading.generatedTlsFiles ?? []);
  return {
    controlPort: declared(config.controlPort),
    ...(range ? { passiveRange: range } : {}),
    ...(address ? { externalAddress: address } : {}),
    whenUnset: reading.whenUnset ?? declaration.image.whenUnset,
    addressSetting: reading.addressSetting,
    rangeSetting: reading.rangeSetting,
    resolvesNames: declaration.image.resolve === true || config.externalAddressIsName === true,
    checksDataSource,
    ...(config.tlsEnabled?.value
      ? {
          tls: {
            enabled: declared(config.tlsEnabled),
            implicit: config.implicitTls ? declared(config.implicitTls) : { value: false, byDefault: true },
            files: (config.tlsFiles ?? [])
              .filter((f) => !generated.has(f.value))
              .map((f) => ({ ...declared(f), mounted: declaration.files.has(f.value) })),
            reuseRequired: config.tlsSessionReuse
              ? declared(config.tlsSessionReuse)
              : { value: false, byDefault: true },
          },
        }
      : {}),
    configFiles: reading.configFiles,
    unreadConfig: reading.unreadConfig,
    unresolved,
  };
}
