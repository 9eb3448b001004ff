/**
 * Each server kind audit reads, registered once: how its process and its
 * configuration file are recognised, and how its configuration is read. The
 * kind's name comes from AUDIT_KINDS (record/audit-record.ts); its label and fixes
 * from the catalogue. A kind missing here does not compile.
 */
import type { AuditSoftware, ServerConfig } from '../../record/audit-record.js';
import { ConfigError, unreadableBecause, type ConfigReader } from './config/config-errors.js';
import { parseFilezillaServerXml } from './config/filezilla-server-config.js';
import { parseIisConfig } from './config/iis-config.js';
import { parseProftpdConf, PROFTPD_DEFAULT_CONFIG } from './config/proftpd-config.js';
import { parsePureFtpdArgs, parsePureFtpdConfDir, PURE_FTPD_CONF_DIR } from './config/pure-ftpd-config.js';
import { parseVsftpdConf, VSFTPD_DEFAULT_CONFIG } from './config/vsftpd-config.js';

/** Where each server's package puts its configuration: read only when nothing names the file the running server read. */
export interface DefaultPaths {
  vsftpd: string;
  proftpd: string;
  pureFtpdConfDir: string;
  /** IIS's configuration, read on the Windows host itself: IIS keeps it in this one place. */
  iis: string;
}

export const PACKAGE_DEFAULT_PATHS: DefaultPaths = {
  vsftpd: VSFTPD_DEFAULT_CONFIG,
  proftpd: PROFTPD_DEFAULT_CONFIG,
  pureFtpdConfDir: PURE_FTPD_CONF_DIR,
  iis: `${process.env.windir ?? 'C:\\Windows'}\\system32\\inetsrv\\config\\applicationHost.config`,
};

/** What a kind's reader is given: the file named with --config, the running process's arguments, where to look by default. */
export interface ConfigSources {
  given: string | undefined;
  running: { pid: number; args: string[] } | undefined;
  reader: ConfigReader;
  defaults: DefaultPaths;
  /** The audit runs on the Windows host itself: a Windows server's files are where it keeps them. */
  onWindows: boolean;
  /** The IIS FTP site to read (--site). */
  site?: string;
}

/** A configuration, and the default file it was read from when nothing showed the running server reads that file. */
export interface ConfigRead {
  config: ServerConfig;
  assumed?: string;
}

export interface ServerKind {
  /** The running process's executable (Linux servers are found in /proc; Windows ones are read from files). */
  process?: RegExp;
  /** A configuration file's name that tells the kind when --server is not given. */
  configFile: RegExp;
  read(sources: ConfigSources): ConfigRead;
}

export const SERVER_KINDS: Record<AuditSoftware, ServerKind> = {
  vsftpd: {
    process: /vsftpd/,
    configFile: /vsftpd/i,
    read: ({ given, running, reader, defaults }) => {
      const named = given ?? running?.args.find((arg) => !arg.startsWith('-'));
      const file = named ?? defaults.vsftpd;
      return { config: parseVsftpdConf(readFile(file, reader), file), ...(named ? {} : { assumed: file }) };
    },
  },
  proftpd: {
    process: /proftpd/,
    configFile: /proftpd/i,
    read: ({ given, running, reader, defaults }) => {
      const args = running?.args ?? [];
      const index = args.indexOf('-c');
      const named = given ?? (index >= 0 ? args[index + 1] : undefined);
      const file = named ?? defaults.proftpd;
      return { config: parseProftpdConf(file, reader), ...(named ? {} : { assumed: file }) };
    },
  },
  'pure-ftpd': {
    process: /pure-ftpd/,
    configFile: /pure-ftpd/i,
    read: ({ given, running, reader, defaults }) => {
      if (given)
        return {
          config: reader.isDirectory(given)
            ? parsePureFtpdConfDir(given, reader)
            : parsePureFtpdArgs(readFile(given, reader).trim().split(/\s+/), given),
        };
      // A running pure-ftpd rewrites its process title ("pure-ftpd (SERVER)"): its options are then read from Debian's folder.
      const args = running?.args ?? [];
      return args.some((arg) => arg.startsWith('-'))
        ? { config: parsePureFtpdArgs(args, `the command line of process ${running?.pid}`) }
        : { config: parsePureFtpdConfDir(defaults.pureFtpdConfDir, reader), assumed: defaults.pureFtpdConfDir };
    },
  },
  iis: {
    configFile: /applicationHost\.config$/i,
    read: ({ given, reader, defaults, onWindows, site }) => {
      const file =
        given ??
        (onWindows
          ? defaults.iis
          : requireFile(given, 'applicationHost.config (%windir%\\System32\\inetsrv\\config\\)'));
      return { config: parseIisConfig(readFile(file, reader), file, site) };
    },
  },
  'filezilla-server': {
    configFile: /filezilla/i,
    read: ({ given, reader }) => {
      const file = requireFile(given, '"FileZilla Server.xml"');
      return { config: parseFilezillaServerXml(readFile(file, reader), file) };
    },
  },
};

const KINDS = Object.entries(SERVER_KINDS) as Array<[AuditSoftware, ServerKind]>;

/** The kind a configuration file's name tells, if any. */
export function kindOfFile(file: string | undefined): AuditSoftware | undefined {
  return file ? KINDS.find(([, kind]) => kind.configFile.test(file))?.[0] : undefined;
}

/** The kind a process is, from its executable or its first argument. */
export function kindOfProcess(executable: string, first: string): AuditSoftware | undefined {
  return KINDS.find(([, kind]) => kind.process && (kind.process.test(executable) || kind.process.test(first)))?.[0];
}

function requireFile(given: string | undefined, what: string): string {
  if (!given)
    throw new ConfigError('--config', undefined, `cannot be read: give the server's ${what} with --config`, true);
  return given;
}

export function readFile(file: string, reader: ConfigReader): string {
  try {
    return reader.read(file);
  } catch (error) {
    throw new ConfigError(file, undefined, `cannot be read (${unreadableBecause(error)})`, true);
  }
}
