import type { Fact, ServerConfig } from '../../../record/audit-record.js';
import { ConfigError, unreadableBecause, type ConfigReader } from './config-errors.js';

export const PROFTPD_DEFAULT_CONFIG = '/etc/proftpd/proftpd.conf';
const MAX_INCLUDES = 64;

interface Directive {
  name: string;
  args: string[];
  file: string;
  line: number;
  text: string;
}

/**
 * proftpd.conf: one directive a line, `<Section>` blocks, `Include` of a file,
 * a directory or a glob (followed). Settings are read where they apply to the
 * main server; <VirtualHost> and <Anonymous> sections are not the main server's.
 */
export function parseProftpdConf(file: string, reader: ConfigReader): ServerConfig {
  const directives: Directive[] = [];
  const files: string[] = [];
  const unread: string[] = [];
  collect(file, reader, directives, files, 0, unread);
  const last = (name: string): Directive | undefined =>
    directives.filter((d) => d.name.toLowerCase() === name.toLowerCase()).at(-1);
  const source = (d: Directive) => ({ kind: 'file' as const, file: d.file, line: d.line, text: d.text });
  const onOff = (d: Directive): boolean => {
    const value = (d.args[0] ?? '').toLowerCase();
    if (!['on', 'off', 'yes', 'no', 'true', 'false'].includes(value))
      throw new ConfigError(d.file, d.line, `${d.name} takes on or off, not "${d.args.join(' ')}"`);
    return ['on', 'yes', 'true'].includes(value);
  };
  const byDefault = <T>(value: T, text: string): Fact<T> => ({ value, source: { kind: 'default', file, text } });
  const port = last('Port');
  const useIpv6 = last('UseIPv6');
  const config: ServerConfig = {
    software: 'proftpd',
    files,
    controlPort: port ? { value: portNumber(port), source: source(port) } : byDefault(21, 'Port is not set: 21'),
    listenIpv4: byDefault(true, 'ProFTPD listens on IPv4 unless DefaultAddress names only IPv6 addresses'),
    listenIpv6: useIpv6
      ? { value: onOff(useIpv6), source: source(useIpv6) }
      : byDefault(true, 'UseIPv6 is not set: on'),
  };
  const passive = last('PassivePorts');
  if (passive) {
    const [low, high] = passive.args.map(Number);
    if (!Number.isInteger(low) || !Number.isInteger(high) || low! < 1 || high! > 65535 || low! > high!)
      throw new ConfigError(
        passive.file,
        passive.line,
        `PassivePorts takes two port numbers, low then high, not "${passive.args.join(' ')}"`,
      );
    config.passiveRange = { value: { low: low!, high: high! }, source: source(passive) };
  }
  const masquerade = last('MasqueradeAddress');
  if (masquerade?.args[0]) config.externalAddress = { value: masquerade.args[0], source: source(masquerade) };
  const tls = last('TLSEngine');
  config.tlsEnabled = tls ? { value: onOff(tls), source: source(tls) } : byDefault(false, 'TLSEngine is not set: off');
  if (config.tlsEnabled.value) {
    config.tlsFiles = [
      'TLSRSACertificateFile',
      'TLSRSACertificateKeyFile',
      'TLSECCertificateFile',
      'TLSECCertificateKeyFile',
    ].flatMap((name) => {
      const d = last(name);
      return d?.args[0] ? [{ value: d.args[0], source: source(d) }] : [];
    });
    // mod_tls: TLSOptions takes several words, and may be given more than once.
    const options = directives.filter((d) => d.name.toLowerCase() === 'tlsoptions');
    const option = (word: string) =>
      options.find((d) => d.args.some((arg) => arg.toLowerCase() === word.toLowerCase()));
    const implicit = option('UseImplicitSSL');
    config.implicitTls = implicit
      ? { value: true, source: source(implicit) }
      : byDefault(false, 'TLSOptions has no UseImplicitSSL');
    const noReuse = option('NoSessionReuseRequired');
    config.tlsSessionReuse = noReuse
      ? { value: false, source: source(noReuse) }
      : byDefault(true, 'TLSOptions has no NoSessionReuseRequired: reuse required (since 1.3.3)');
  }
  const foreign = last('AllowForeignAddress');
  config.portPromiscuous = foreign
    ? { value: onOff(foreign), source: source(foreign) }
    : byDefault(false, 'AllowForeignAddress is not set: off');
  const instances = last('MaxInstances');
  if (instances && /^\d+$/.test(instances.args[0] ?? ''))
    config.maxClients = { value: Number(instances.args[0]), source: source(instances) };
  const idle = last('TimeoutIdle');
  config.idleTimeout =
    idle && /^\d+$/.test(idle.args[0] ?? '')
      ? { value: Number(idle.args[0]), source: source(idle) }
      : byDefault(600, 'TimeoutIdle is not set: 600');
  if (unread.length > 0) config.unreadIncludes = unread;
  return config;
}

function portNumber(d: Directive): number {
  const port = Number(d.args[0]);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(d.file, d.line, `Port takes a port number, not "${d.args.join(' ')}"`);
  return port;
}

function collect(
  file: string,
  reader: ConfigReader,
  into: Directive[],
  files: string[],
  depth: number,
  unread: string[],
): void {
  if (depth > 8 || files.length > MAX_INCLUDES)
    throw new ConfigError(file, undefined, 'too many nested Include directives');
  if (files.includes(file)) throw new ConfigError(file, undefined, 'includes itself (an Include loop)');
  let text: string;
  try {
    text = reader.read(file);
  } catch (error) {
    // The main file unread is the whole configuration unread; an included one is that part not checked.
    if (depth === 0) throw new ConfigError(file, undefined, `cannot be read (${unreadableBecause(error)})`, true);
    unread.push(
      `${file}, named by an Include, cannot be read (${unreadableBecause(error)}): what it sets is not checked`,
    );
    return;
  }
  files.push(file);
  const sections: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    let line = lines[index]!.trim();
    // A trailing backslash continues the directive on the next line; the parts are joined once, so a long chain stays linear.
    if (line.endsWith('\\')) {
      const parts = [line.slice(0, -1)];
      while (index + 1 < lines.length) {
        const next = lines[++index]!.trim();
        if (!next.endsWith('\\')) {
          parts.push(next);
          break;
        }
        parts.push(next.slice(0, -1));
      }
      line = parts.join(' ').trim();
    }
    if (!line || line.startsWith('#')) continue;
    const open = /^<\s*([A-Za-z]+)([^>]*)>$/.exec(line);
    if (open) {
      sections.push(open[1]!.toLowerCase());
      continue;
    }
    const close = /^<\/\s*([A-Za-z]+)\s*>$/.exec(line);
    if (close) {
      if (sections.pop() !== close[1]!.toLowerCase())
        throw new ConfigError(file, index + 1, `</${close[1]}> does not close the section it is in`);
      continue;
    }
    if (line.startsWith('<'))
      throw new ConfigError(file, index + 1, `expected a <Section> line, not "${line.slice(0, 60)}"`);
    const [name = '', ...args] = line.match(/"[^"]*"|\S+/g)!.map((word) => word.replace(/^"(.*)"$/, '$1'));
    if (name.toLowerCase() === 'include') {
      for (const included of expandInclude(args[0] ?? '', reader))
        collect(included, reader, into, files, depth + 1, unread);
      continue;
    }
    // Only the main server's settings: not a virtual host's or an <Anonymous> section's.
    if (sections.some((section) => section === 'virtualhost' || section === 'anonymous')) continue;
    into.push({ name, args, file, line: index + 1, text: line });
  }
  if (sections.length > 0) throw new ConfigError(file, lines.length, `<${sections.at(-1)}> is not closed`);
}

function expandInclude(pattern: string, reader: ConfigReader): string[] {
  // "Include /etc/proftpd/conf.d/": a folder (Debian ships it empty), each file in it; a missing one includes nothing.
  if (!pattern.includes('*') && !pattern.endsWith('/') && !reader.isDirectory(pattern)) return [pattern];
  const dir = pattern.includes('*') ? pattern.slice(0, pattern.lastIndexOf('/')) : pattern;
  const glob = pattern.includes('*')
    ? new RegExp(
        `^${pattern
          .slice(pattern.lastIndexOf('/') + 1)
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
      )
    : /^[^.].*$/;
  let entries: string[];
  try {
    entries = reader.list(dir);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => glob.test(entry))
    .sort()
    .map((entry) => `${dir.replace(/\/$/, '')}/${entry}`)
    .filter((path) => !reader.isDirectory(path));
}
