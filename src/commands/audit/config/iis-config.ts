import { ipFamily } from '../../../net/address.js';
import type { Fact, ServerConfig } from '../../../record/audit-record.js';
import { ConfigError } from './config-errors.js';
import { child, descendants, readXml, type XmlElement } from './xml-reader.js';

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
  const facts = iisFacts(file);
  const config: ServerConfig = {
    software: 'iis',
    files: [file],
    controlPort: facts.byDefault(21, 'no FTP site with an ftp binding: port 21'),
    listenIpv4: facts.byDefault(true, 'IIS listens on every address of the binding'),
    listenIpv6: facts.byDefault(true, 'a binding to * listens on IPv6 too'),
  };
  const range = serverPassiveRange(root, facts);
  if (range) config.passiveRange = range;
  const site = pickSite(root, file, siteName, config);
  if (!site) return config;
  readBinding(site, facts, config);
  const setting = siteSetting(root, site);
  readSiteSettings(setting, facts, config);
  readClientRestriction(root, facts, config);
  const idle = setting(['connections'], 'controlChannelTimeout');
  const idleSeconds = idle && /^\d+$/.test(idle.value) ? Number(idle.value) : undefined;
  config.idleTimeout =
    idle && idleSeconds !== undefined
      ? facts.fact(idleSeconds, idle.element, `controlChannelTimeout="${idleSeconds}"`)
      : facts.byDefault(120, 'controlChannelTimeout is not set: 120');
  return config;
}

/** How facts of this file are made: at an element's line, or IIS's default; a port attribute checked as one. */
function iisFacts(file: string) {
  return {
    file,
    fact: <T>(value: T, element: XmlElement, shown: string): Fact<T> => ({
      value,
      source: { kind: 'file', file, line: element.line, text: shown },
    }),
    byDefault: <T>(value: T, text: string): Fact<T> => ({ value, source: { kind: 'default', file, text } }),
    number(element: XmlElement, attribute: string): number | undefined {
      const value = element.attributes[attribute];
      if (value === undefined) return undefined;
      if (!/^\d+$/.test(value))
        throw new ConfigError(file, element.line, `${attribute} takes a port number, not "${value}"`);
      return Number(value);
    },
  };
}
type IisFacts = ReturnType<typeof iisFacts>;

/** The server-level data-channel range; both 0 (the default) is any port of Windows' dynamic range. */
function serverPassiveRange(root: XmlElement, facts: IisFacts): ServerConfig['passiveRange'] {
  const global = child(root, 'system.ftpServer', 'firewallSupport');
  if (!global) return undefined;
  const low = facts.number(global, 'lowDataChannelPort') ?? 0;
  const high = facts.number(global, 'highDataChannelPort') ?? 0;
  if (low <= 0 || high <= 0) return undefined;
  if (low > high)
    throw new ConfigError(facts.file, global.line, `lowDataChannelPort ${low} is above highDataChannelPort ${high}`);
  return facts.fact(
    { low, high },
    global,
    `<firewallSupport lowDataChannelPort="${low}" highDataChannelPort="${high}" />`,
  );
}

/** The FTP site to audit (--site, else the first with an ftp binding); the others are named, not audited. */
function pickSite(
  root: XmlElement,
  file: string,
  siteName: string | undefined,
  config: ServerConfig,
): XmlElement | undefined {
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
  if (!site) return undefined;
  config.site = site.attributes.name ?? site.attributes.id ?? 'an FTP site';
  const others = ftpSites.filter((s) => s !== site);
  if (others.length > 0)
    config.otherSites = others.map(
      (s) => `"${nameOf(s)}" (${ftpBindingOf(s)?.attributes.bindingInformation ?? 'ftp'})`,
    );
  return site;
}

/** bindingInformation is ADDRESS:PORT:HOSTNAME, ADDRESS * for every address; an IPv6 address is in brackets. */
function readBinding(site: XmlElement, facts: IisFacts, config: ServerConfig): void {
  const binding = ftpBindingOf(site)!;
  const info = binding.attributes.bindingInformation ?? '';
  const parsed = /^(\*|\[[0-9a-f:.]+\]|[0-9.]+|):(\d+):/i.exec(info);
  if (!parsed)
    throw new ConfigError(facts.file, binding.line, `expected bindingInformation="ADDRESS:PORT:HOST", not "${info}"`);
  const address = parsed[1] ?? '*';
  config.controlPort = facts.fact(
    Number(parsed[2]),
    binding,
    `<binding protocol="ftp" bindingInformation="${info}" /> (site "${config.site}")`,
  );
  if (address !== '*' && address !== '') {
    const family = ipFamily(address.replace(/^\[|\]$/g, ''));
    config.listenIpv4 = facts.fact(family === 4, binding, `bound to ${address} only`);
    config.listenIpv6 = facts.fact(family === 6, binding, `bound to ${address} only`);
  }
}

/**
 * A site's setting by element path and attribute: IIS inherits siteDefaults
 * attribute by attribute, so a site's element that sets one attribute still
 * takes the others from siteDefaults.
 */
function siteSetting(root: XmlElement, site: XmlElement) {
  const defaults = child(root, 'system.applicationHost', 'sites', 'siteDefaults', 'ftpServer');
  const own = child(site, 'ftpServer');
  return (path: string[], attribute: string): { value: string; element: XmlElement } | undefined => {
    for (const base of [own, defaults]) {
      const element = child(base, ...path);
      const value = element?.attributes[attribute];
      if (element && value !== undefined) return { value, element };
    }
    return undefined;
  };
}
type SiteSetting = ReturnType<typeof siteSetting>;

/** The site's own settings, each attribute falling back to siteDefaults: external address, SSL, data-channel checks, limits. */
function readSiteSettings(setting: SiteSetting, facts: IisFacts, config: ServerConfig): void {
  const { fact } = facts;
  const external = setting(['firewallSupport'], 'externalIp4Address');
  if (external?.value) {
    config.externalAddress = fact(
      external.value,
      external.element,
      `<firewallSupport externalIp4Address="${external.value}" /> (site "${config.site}")`,
    );
    if (ipFamily(external.value) === 0) config.externalAddressIsName = true;
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
  const max = maxSetting ? facts.number(maxSetting.element, 'maxConnections') : undefined;
  if (maxSetting && max !== undefined && max < 4294967295)
    config.maxClients = fact(max, maxSetting.element, `maxConnections="${max}"`);
}

/** <location path="SITE"> holds the site's system.ftpServer sections: ipSecurity there (or at server level) restricts clients. */
function readClientRestriction(root: XmlElement, facts: IisFacts, config: ServerConfig): void {
  const location = root.children.find(
    (element) =>
      element.name === 'location' && (element.attributes.path ?? '').toLowerCase() === config.site?.toLowerCase(),
  );
  const ipSecurity =
    child(location, 'system.ftpServer', 'security', 'ipSecurity') ??
    child(root, 'system.ftpServer', 'security', 'ipSecurity');
  if (ipSecurity?.attributes.allowUnlisted !== 'false') return;
  const allowed = ipSecurity.children
    .filter((entry) => entry.name === 'add' && entry.attributes.allowed !== 'false')
    .map(
      (entry) =>
        `${entry.attributes.ipAddress ?? '?'}${entry.attributes.subnetMask ? `/${entry.attributes.subnetMask}` : ''}`,
    );
  config.allowedClients = facts.fact(
    allowed,
    ipSecurity,
    `<ipSecurity allowUnlisted="false">${location ? ` (<location path="${location.attributes.path}">)` : ''}`,
  );
}

/** A site's ftp binding: what makes a site an FTP site. */
function ftpBindingOf(site: XmlElement): XmlElement | undefined {
  return (child(site, 'bindings')?.children ?? []).find((b) => b.attributes.protocol === 'ftp');
}
