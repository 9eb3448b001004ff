import { ipFamily } from '../../../net/address.js';
import type { Fact, ServerConfig } from '../../../record/audit-record.js';
import { ConfigError } from './config-errors.js';
import { child, readXml, type XmlElement } from './xml-reader.js';

/**
 * FileZilla Server 0.9's "FileZilla Server.xml": <FileZillaServer><Settings>
 * with one <Item name="..." type="numeric|string"> per option, the names of
 * its source's option table (Options.cpp): "Serverports", "Use custom PASV
 * ports", "Custom PASV min port", "Custom PASV max port", "Custom PASV IP
 * type" (0 the listener's address, 1 "Custom PASV IP", 2 fetched from a URL
 * at start), "Enable SSL", "Disable IPv6", "Allow outgoing FXP",
 * "Allow Incoming FXP", "Maximum user count".
 */
export function parseFilezillaServerXml(text: string, file: string): ServerConfig {
  const root = readXml(text, file);
  if (root.name !== 'FileZillaServer') {
    throw new ConfigError(
      file,
      root.line,
      `expected FileZilla Server 0.9's <FileZillaServer> root element, not <${root.name}> (FileZilla Server 1.x's settings.xml is not read)`,
    );
  }
  const items = new Map<string, XmlElement>();
  for (const item of child(root, 'Settings')?.children ?? [])
    if (item.name === 'Item' && item.attributes.name) items.set(item.attributes.name.toLowerCase(), item);
  const item = (name: string): XmlElement | undefined => items.get(name.toLowerCase());
  const fact = <T>(value: T, element: XmlElement): Fact<T> => ({
    value,
    source: {
      kind: 'file',
      file,
      line: element.line,
      text: `<Item name="${element.attributes.name}">${element.text}</Item>`,
    },
  });
  const byDefault = <T>(value: T, text: string): Fact<T> => ({ value, source: { kind: 'default', file, text } });
  const number = (name: string): { value: number; element: XmlElement } | undefined => {
    const element = item(name);
    if (!element || element.text === '') return undefined;
    if (!/^-?\d+$/.test(element.text))
      throw new ConfigError(file, element.line, `"${name}" takes a number, not "${element.text}"`);
    return { value: Number(element.text), element };
  };
  const ports = item('Serverports') ?? item('Serverport');
  const firstPort = ports ? Number((ports.text.match(/\d+/) ?? ['21'])[0]) : 21;
  const ipv6Off = number('Disable IPv6');
  const config: ServerConfig = {
    software: 'filezilla-server',
    files: [file],
    controlPort: ports ? fact(firstPort, ports) : byDefault(21, 'Serverports not set: 21'),
    listenIpv4: byDefault(true, 'FileZilla Server listens on every IPv4 address'),
    listenIpv6: ipv6Off
      ? fact(ipv6Off.value === 0, ipv6Off.element)
      : byDefault(true, 'IPv6 is on unless "Disable IPv6" is 1'),
  };
  const custom = number('Use custom PASV ports');
  const min = number('Custom PASV min port');
  const max = number('Custom PASV max port');
  const rangeOn = custom ? custom.value === 1 : (min?.value ?? 0) > 0;
  if (rangeOn && min && max && min.value > 0 && max.value > 0) {
    if (min.value > max.value)
      throw new ConfigError(
        file,
        min.element.line,
        `"Custom PASV min port" ${min.value} is above "Custom PASV max port" ${max.value}`,
      );
    config.passiveRange = {
      value: { low: min.value, high: max.value },
      source: {
        kind: 'file',
        file,
        line: min.element.line,
        text: `Custom PASV min port ${min.value}, max port ${max.value}`,
      },
    };
  }
  const type = number('Custom PASV IP type');
  const ip = item('Custom PASV IP');
  if (type?.value === 1 && ip && ip.text !== '') {
    config.externalAddress = fact(ip.text, ip);
    if (ipFamily(ip.text) === 0) config.externalAddressIsName = true;
  }
  const ssl = number('Enable SSL');
  if (ssl) config.tlsEnabled = fact(ssl.value === 1, ssl.element);
  const outgoing = number('Allow outgoing FXP');
  if (outgoing?.value === 1) config.portPromiscuous = fact(true, outgoing.element);
  const incoming = number('Allow Incoming FXP');
  if (incoming?.value === 1) config.pasvPromiscuous = fact(true, incoming.element);
  const users = number('Maximum user count');
  if (users && users.value > 0) config.maxClients = fact(users.value, users.element);
  return config;
}
