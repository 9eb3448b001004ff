import { ipFamily } from '../../net/address.js';
import type { Fact, ServerConfig } from '../../record/audit.js';
import { ConfigError } from './errors.js';
import { child, descendants, readXml, type XmlElement } from './xml.js';

/**
 * IIS's applicationHost.config (IIS Settings Schema, system.ftpServer and
 * sites/site/ftpServer): the server-level passive range
 * (system.ftpServer/firewallSupport lowDataChannelPort/highDataChannelPort,
 * both 0 by default: any port of Windows' dynamic range), and for the first
 * site with an ftp binding its port, its external address
 * (ftpServer/firewallSupport/@externalIp4Address), its SSL policy and its
 * data-channel address checks.
 */
export function parseIisConfig(text: string, file: string): ServerConfig & { site?: string } {
  const root = readXml(text, file);
  if (root.name !== 'configuration')
    throw new ConfigError(file, root.line, `expected IIS's <configuration> root element, not <${root.name}>`);
  const fact = <T>(value: T, element: XmlElement, shown: string): Fact<T> => ({
    value,
    source: { kind: 'file', file, line: element.line, text: shown },
  });
  const byDefault = <T>(value: T, text: string): Fact<T> => ({ value, source: { kind: 'default', file, text } });
  const number = (element: XmlElement, attribute: string): number | undefined => {
    const value = element.attributes[attribute];
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value))
      throw new ConfigError(file, element.line, `${attribute} takes a port number, not "${value}"`);
    return Number(value);
  };
  const config: ServerConfig & { site?: string } = {
    software: 'iis',
    files: [file],
    controlPort: byDefault(21, 'no FTP site with an ftp binding: port 21'),
    listenIpv4: byDefault(true, 'IIS listens on every address of the binding'),
    listenIpv6: byDefault(true, 'a binding to * listens on IPv6 too'),
  };
  const global = child(root, 'system.ftpServer', 'firewallSupport');
  if (global) {
    const low = number(global, 'lowDataChannelPort') ?? 0;
    const high = number(global, 'highDataChannelPort') ?? 0;
    if (low > 0 && high > 0) {
      if (low > high)
        throw new ConfigError(file, global.line, `lowDataChannelPort ${low} is above highDataChannelPort ${high}`);
      config.passiveRange = fact(
        { low, high },
        global,
        `<firewallSupport lowDataChannelPort="${low}" highDataChannelPort="${high}" />`,
      );
    }
  }
  const sites = descendants(child(root, 'system.applicationHost', 'sites') ?? root, 'site');
  const site = sites.find((s) => (child(s, 'bindings')?.children ?? []).some((b) => b.attributes.protocol === 'ftp'));
  if (!site) return config;
  config.site = site.attributes.name ?? site.attributes.id ?? 'an FTP site';
  const binding = child(site, 'bindings')!.children.find((b) => b.attributes.protocol === 'ftp')!;
  const info = binding.attributes.bindingInformation ?? '';
  // bindingInformation is ADDRESS:PORT:HOSTNAME, ADDRESS * for every address; an IPv6 address is in brackets.
  const parsed = /^(\*|\[[0-9a-f:.]+\]|[0-9.]+|):(\d+):/i.exec(info);
  if (!parsed)
    throw new ConfigError(file, binding.line, `expected bindingInformation="ADDRESS:PORT:HOST", not "${info}"`);
  const address = parsed[1] ?? '*';
  config.controlPort = fact(
    Number(parsed[2]),
    binding,
    `<binding protocol="ftp" bindingInformation="${info}" /> (site "${config.site}")`,
  );
  if (address !== '*' && address !== '') {
    const family = ipFamily(address.replace(/^\[|\]$/g, ''));
    config.listenIpv4 = fact(family === 4, binding, `bound to ${address} only`);
    config.listenIpv6 = fact(family === 6, binding, `bound to ${address} only`);
  }
  const ftpServer =
    child(site, 'ftpServer') ?? child(root, 'system.applicationHost', 'sites', 'siteDefaults', 'ftpServer');
  const firewall = child(ftpServer, 'firewallSupport');
  const external = firewall?.attributes.externalIp4Address;
  if (firewall && external) {
    config.externalAddress = fact(
      external,
      firewall,
      `<firewallSupport externalIp4Address="${external}" /> (site "${config.site}")`,
    );
    if (ipFamily(external) === 0) config.externalAddressIsName = true;
  }
  const ssl = child(ftpServer, 'security', 'ssl');
  if (ssl) {
    const policy = ssl.attributes.controlChannelPolicy ?? 'SslRequire';
    const certificate = (ssl.attributes.serverCertHash ?? '') !== '';
    config.tlsEnabled = fact(
      certificate,
      ssl,
      `<ssl controlChannelPolicy="${policy}"${certificate ? ' serverCertHash="…"' : ''} />`,
    );
  }
  const dataChannel = child(ftpServer, 'security', 'dataChannelSecurity');
  if (dataChannel?.attributes.matchClientAddressForPort === 'false')
    config.portPromiscuous = fact(true, dataChannel, 'matchClientAddressForPort="false"');
  if (dataChannel?.attributes.matchClientAddressForPasv === 'false')
    config.pasvPromiscuous = fact(true, dataChannel, 'matchClientAddressForPasv="false"');
  const connections = child(ftpServer, 'connections');
  const max = connections ? number(connections, 'maxConnections') : undefined;
  if (connections && max !== undefined && max < 4294967295)
    config.maxClients = fact(max, connections, `maxConnections="${max}"`);
  return config;
}
