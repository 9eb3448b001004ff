import type { Fact, ServerConfig } from '../../../record/audit-record.js';
import { ConfigError } from './config-errors.js';

export const VSFTPD_DEFAULT_CONFIG = '/etc/vsftpd.conf';

const BOOLEAN = /^(YES|NO|TRUE|FALSE|1|0)$/i;

/** One vsftpd setting as read: its value, and the line (of `file`, or of the file it names) that set it. */
export interface VsftpdSetting {
  value: string;
  text: string;
  line?: number;
  file?: string;
  /** A default the image documents, not a line of a file. */
  byDefault?: boolean;
}
export type VsftpdSettings = Map<string, VsftpdSetting>;

/**
 * vsftpd.conf: one `option=value` a line, no spaces around `=`, # for comments
 * (vsftpd.conf(5)). Settings not given keep vsftpd's built-in defaults.
 */
export function parseVsftpdConf(text: string, file: string): ServerConfig {
  return vsftpdConfig(readVsftpdSettings(text, file), file);
}

/** The lines of a vsftpd.conf as settings; a later line of the same option wins, as in vsftpd. */
export function readVsftpdSettings(text: string, file: string): VsftpdSettings {
  const values: VsftpdSettings = new Map();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const match = /^([a-z_0-9]+)=(.*)$/i.exec(line);
    if (!match)
      throw new ConfigError(file, index + 1, `expected option=value (no spaces around =), not "${line.slice(0, 60)}"`);
    values.set(match[1]!.toLowerCase(), { value: match[2]!, line: index + 1, text: line, file });
  });
  return values;
}

/** vsftpd's configuration from its settings, wherever each was set (a file, a -o option, an image's environment). */
export function vsftpdConfig(values: VsftpdSettings, file: string): ServerConfig {
  const fact = <T>(
    key: string,
    read: (value: string, line: number | undefined, where: string) => T,
  ): Fact<T> | undefined => {
    const entry = values.get(key);
    if (!entry) return undefined;
    const value = read(entry.value, entry.line, entry.file ?? file);
    return entry.byDefault
      ? { value, source: { kind: 'default', file: entry.file ?? file, text: entry.text } }
      : { value, source: { kind: 'file', file: entry.file ?? file, line: entry.line, text: entry.text } };
  };
  const flag = (key: string): Fact<boolean> | undefined =>
    fact(key, (value, line, where) => {
      if (!BOOLEAN.test(value)) throw new ConfigError(where, line, `${key} takes YES or NO, not "${value}"`);
      return /^(YES|TRUE|1)$/i.test(value);
    });
  const number = (key: string): Fact<number> | undefined =>
    fact(key, (value, line, where) => {
      if (!/^\d+$/.test(value)) throw new ConfigError(where, line, `${key} takes a number, not "${value}"`);
      return Number(value);
    });
  const byDefault = <T>(value: T, text: string): Fact<T> => ({ value, source: { kind: 'default', file, text } });
  const listen = flag('listen');
  const listenIpv6 = flag('listen_ipv6');
  const min = number('pasv_min_port');
  const max = number('pasv_max_port');
  const address = fact('pasv_address', (value) => value);
  const config: ServerConfig = {
    software: 'vsftpd',
    files: [file],
    controlPort: number('listen_port') ?? byDefault(21, 'listen_port is not set: 21'),
    // listen_ipv6=YES listens on both families (IPv4 as v4-mapped addresses) unless listen_address6 names one.
    listenIpv4: listen?.value
      ? listen
      : listenIpv6?.value && !values.has('listen_address6')
        ? listenIpv6
        : (listen ?? byDefault(false, 'listen is not set: NO')),
    listenIpv6: listenIpv6 ?? byDefault(false, 'listen_ipv6 is not set: NO'),
  };
  // vsftpd's default 0 means "any port": only a range with both ends set limits it.
  if (min && max && min.value > 0 && max.value > 0) {
    const text = `pasv_min_port=${min.value}, pasv_max_port=${max.value}`;
    config.passiveRange = {
      value: { low: min.value, high: max.value },
      source:
        min.source.kind === 'file'
          ? { kind: 'file', file: min.source.file, line: min.source.line, text }
          : { kind: 'default', file, text },
    };
    if (min.value > max.value)
      throw new ConfigError(
        max.source.kind === 'file' ? max.source.file : file,
        max.source.kind === 'file' ? max.source.line : undefined,
        `pasv_max_port (${max.value}) is below pasv_min_port (${min.value})`,
      );
  }
  if (address) config.externalAddress = address;
  const resolve = flag('pasv_addr_resolve');
  if (resolve?.value) config.externalAddressIsName = true;
  config.tlsEnabled = flag('ssl_enable') ?? byDefault(false, 'ssl_enable is not set: NO');
  if (config.tlsEnabled.value) {
    // vsftpd.conf(5): the key defaults to the certificate's file, the certificate to /usr/share/ssl/certs/vsftpd.pem.
    const certificate =
      fact('rsa_cert_file', (value) => value) ??
      byDefault('/usr/share/ssl/certs/vsftpd.pem', 'rsa_cert_file is not set: /usr/share/ssl/certs/vsftpd.pem');
    const key = fact('rsa_private_key_file', (value) => value);
    config.tlsFiles = key && key.value !== certificate.value ? [certificate, key] : [certificate];
    config.implicitTls = flag('implicit_ssl') ?? byDefault(false, 'implicit_ssl is not set: NO');
    config.tlsSessionReuse = flag('require_ssl_reuse') ?? byDefault(true, 'require_ssl_reuse is not set: YES');
  }
  config.portPromiscuous = flag('port_promiscuous') ?? byDefault(false, 'port_promiscuous is not set: NO');
  config.pasvPromiscuous = flag('pasv_promiscuous') ?? byDefault(false, 'pasv_promiscuous is not set: NO');
  const clients = number('max_clients');
  if (clients && clients.value > 0) config.maxClients = clients;
  config.idleTimeout = number('idle_session_timeout') ?? byDefault(300, 'idle_session_timeout is not set: 300');
  return config;
}
