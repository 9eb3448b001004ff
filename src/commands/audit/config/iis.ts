import { ipFamily } from '../../../net/address.js';
import type { Fact, ServerConfig } from '../../../record/audit.js';
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
export function parseIisConfig(text: string, file: string, siteName?: string): ServerConfig {
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
  const config: ServerConfig = {
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
  const ftpSites = sites.filter((s) => ftpBindingOf(s) !== undefined);
  const nameOf = (s: XmlElement): string => s.attributes.name ?? s.attributes.id ?? '?';
  const site =
    siteName === undefined ? ftpSites[0] : ftpSites.find((s) => nameOf(s).toLowerCase() === siteName.toLowerCase());
  if (siteName !== undefined && !site)
    throw new ConfigError(
      file,
      undefined,
      `has no FTP site named "${siteName}"; its FTP sites: ${ftpSites.map((s) => `"${nameOf(s)}"`).join(', ') || 'none'}`,
    );
  if (!site) return config;
  config.site = site.attributes.name ?? site.attributes.id ?? 'an FTP site';
  // Further FTP sites are not audited here: the report names them rather than staying silent.
  const others = ftpSites.filter((s) => s !== site);
  if (others.length > 0)
    config.otherSites = others.map(
      (s) =>
        `"${s.attributes.name ?? s.attributes.id ?? '?'}" (${ftpBindingOf(s)?.attributes.bindingInformation ?? 'ftp'})`,
    );
  const binding = ftpBindingOf(site)!;
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
  // IIS inherits siteDefaults attribute by attribute: a site's element that sets one attribute still takes the others from siteDefaults.
  const defaults = child(root, 'system.applicationHost', 'sites', 'siteDefaults', 'ftpServer');
  const own = child(site, 'ftpServer');
  const setting = (path: string[], attribute: string): { value: string; element: XmlElement } | undefined => {
    for (const base of [own, defaults]) {
      const element = child(base, ...path);
      const value = element?.attributes[attribute];
      if (element && value !== undefined) return { value, element };
    }
    return undefined;
  };
  const externalSetting = setting(['firewallSupport'], 'externalIp4Address');
  const firewall = externalSetting?.element;
  const external = externalSetting?.value;
  if (firewall && external) {
    config.externalAddress = fact(
      external,
      firewall,
      `<firewallSupport externalIp4Address="${external}" /> (site "${config.site}")`,
    );
    if (ipFamily(external) === 0) config.externalAddressIsName = true;
  }
  const certHash = setting(['security', 'ssl'], 'serverCertHash');
  const policySetting = setting(['security', 'ssl'], 'controlChannelPolicy');
  const ssl = certHash?.element ?? policySetting?.element;
  if (ssl) {
    const policy = policySetting?.value ?? 'SslRequire';
    const certificate = (certHash?.value ?? '') !== '';
    config.tlsEnabled = fact(
      certificate,
      ssl,
      `<ssl controlChannelPolicy="${policy}"${certificate ? ' serverCertHash="…"' : ''} />`,
    );
  }
  const forPort = setting(['security', 'dataChannelSecurity'], 'matchClientAddressForPort');
  if (forPort?.value === 'false')
    config.portPromiscuous = fact(true, forPort.element, 'matchClientAddressForPort="false"');
  const forPasv = setting(['security', 'dataChannelSecurity'], 'matchClientAddressForPasv');
  if (forPasv?.value === 'false')
    config.pasvPromiscuous = fact(true, forPasv.element, 'matchClientAddressForPasv="false"');
  const maxSetting = setting(['connections'], 'maxConnections');
  const max = maxSetting ? number(maxSetting.element, 'maxConnections') : undefined;
  if (maxSetting && max !== undefined && max < 4294967295)
    config.maxClients = fact(max, maxSetting.element, `maxConnections="${max}"`);
  // <location path="SITE"> holds the site's system.ftpServer sections: ipSecurity there (or at server level) restricts clients.
  const location = root.children.find(
    (element) =>
      element.name === 'location' && (element.attributes.path ?? '').toLowerCase() === config.site?.toLowerCase(),
  );
  const ipSecurity =
    child(location, 'system.ftpServer', 'security', 'ipSecurity') ??
    child(root, 'system.ftpServer', 'security', 'ipSecurity');
  if (ipSecurity?.attributes.allowUnlisted === 'false') {
    const allowed = ipSecurity.children
      .filter((entry) => entry.name === 'add' && entry.attributes.allowed !== 'false')
      .map(
        (entry) =>
          `${entry.attributes.ipAddress ?? '?'}${entry.attributes.subnetMask ? `/${entry.attributes.subnetMask}` : ''}`,
      );
    config.allowedClients = fact(
      allowed,
      ipSecurity,
      `<ipSecurity allowUnlisted="false">${location ? ` (<location path="${location.attributes.path}">)` : ''}`,
    );
  }
  const idle = setting(['connections'], 'controlChannelTimeout');
  const idleSeconds = idle && /^\d+$/.test(idle.value) ? Number(idle.value) : undefined;
  config.idleTimeout =
    idle && idleSeconds !== undefined
      ? fact(idleSeconds, idle.element, `controlChannelTimeout="${idleSeconds}"`)
      : byDefault(120, 'controlChannelTimeout is not set: 120');
  return config;
}

/** A site's ftp binding: what makes a site an FTP site. */
function ftpBindingOf(site: XmlElement): XmlElement | undefined {
  return (child(site, 'bindings')?.children ?? []).find((b) => b.attributes.protocol === 'ftp');
}
