import type { DeployedServer, PublishedPort } from '../../../record/deployment.js';
import { ConfigError } from '../config/errors.js';
import { imageSettings, UNRESOLVED, type Environment } from './environment.js';
import { KNOWN_IMAGES, knownImage } from './images.js';
import { child, entries, items, path, readYamlDocuments, text } from './yaml-lines.js';

/**
 * A Compose file (the Compose Specification): each service whose image is a
 * known FTP server image (or the one named with --service), its environment,
 * its published ports (short and long syntax, ranges, host:container
 * mappings that change numbers) and `network_mode: host`.
 */
export function readCompose(textOfFile: string, file: string, serviceName?: string): DeployedServer[] {
  const [first] = readYamlDocuments(textOfFile, file);
  if (!first) throw new ConfigError(file, undefined, 'is empty: expected a Compose file with `services:`');
  const { document, lineOf } = first;
  const services = path(document.contents, 'services');
  if (!services) throw new ConfigError(file, 1, 'has no `services:`: expected a Compose file');
  const servers: DeployedServer[] = [];
  for (const [name, service] of entries(services)) {
    if (serviceName !== undefined && name !== serviceName) continue;
    const imageNode = child(service, 'image');
    const image = text(imageNode) ?? '';
    const known = knownImage(image);
    if (!known) {
      if (serviceName !== undefined)
        throw new ConfigError(
          file,
          lineOf(imageNode) ?? lineOf(service),
          `service "${name}" runs ${image ? `image ${image}` : 'no image'}, not one audit knows (${KNOWN_IMAGES.map((k) => k.name).join(', ')})`,
        );
      continue;
    }
    const published = composePorts(service, lineOf, file);
    const replicas = text(path(service, 'deploy', 'replicas'));
    servers.push({
      source: 'compose',
      file,
      name,
      ...(lineOf(service) !== undefined ? { line: lineOf(service)! - 1 } : {}),
      image: { value: image, ...(lineOf(imageNode) !== undefined ? { line: lineOf(imageNode)! } : {}) },
      imageName: known.name,
      software: known.software,
      controlPort: known.controlPort,
      ...imageSettings(known, composeEnvironment(service, lineOf)),
      published: text(child(service, 'network_mode')) === 'host' ? 'host' : published,
      ...(replicas
        ? { replicas: { value: Number(replicas), ...lineAt(lineOf(path(service, 'deploy', 'replicas'))) } }
        : {}),
      services: [],
    });
  }
  if (serviceName !== undefined && servers.length === 0)
    throw new ConfigError(
      file,
      undefined,
      `has no service "${serviceName}"; its services: ${entries(services)
        .map(([n]) => n)
        .join(', ')}`,
    );
  return servers;
}

/** `environment:` as a map (KEY: value) or a list (KEY=value). */
function composeEnvironment(service: unknown, lineOf: (node: unknown) => number | undefined): Environment {
  const environment: Environment = new Map();
  const node = child(service, 'environment');
  for (const [key, value] of entries(node))
    environment.set(key, { value: text(value) ?? '', ...lineAt(lineOf(value)) });
  for (const item of items(node)) {
    const entry = text(item) ?? '';
    const at = entry.indexOf('=');
    if (at > 0) environment.set(entry.slice(0, at), { value: entry.slice(at + 1), ...lineAt(lineOf(item)) });
  }
  return environment;
}

/** `ports:`, short syntax ([IP:][HOST:]CONTAINER[/PROTOCOL], ranges on either side) and long syntax (target, published). */
function composePorts(service: unknown, lineOf: (node: unknown) => number | undefined, file: string): PublishedPort[] {
  const ports: PublishedPort[] = [];
  for (const item of items(child(service, 'ports'))) {
    const line = lineOf(item);
    const short = text(item);
    if (short !== undefined) {
      if (UNRESOLVED.test(short)) continue;
      const [mapping = '', protocol = 'tcp'] = short.split('/');
      if (protocol !== 'tcp') continue;
      // An IPv6 host address is in brackets; the last two colon-separated parts are HOST and CONTAINER.
      const parts = mapping.replace(/^\[[^\]]*\]:/, '').split(':');
      const container = parts.at(-1) ?? '';
      const outside = parts.length >= 2 ? parts.at(-2)! : undefined;
      ports.push(...expand(outside, container, line, file));
      continue;
    }
    const target = text(child(item, 'target'));
    const publishedPort = text(child(item, 'published'));
    if (!target || text(child(item, 'protocol'))?.toLowerCase() === 'udp') continue;
    ports.push(...expand(publishedPort, target, line, file));
  }
  return ports;
}

/** One mapping, expanded port by port; without a host side, Docker picks any free port: nothing a 227 can name. */
function expand(
  outside: string | undefined,
  container: string,
  line: number | undefined,
  file: string,
): PublishedPort[] {
  const range = (value: string): [number, number] | undefined => {
    const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
    return match ? [Number(match[1]), Number(match[2] ?? match[1])] : undefined;
  };
  const inside = range(container);
  if (!inside) throw new ConfigError(file, line, `"${container}" is not a port or port range`);
  const out = outside ? range(outside) : undefined;
  if (outside && !out) throw new ConfigError(file, line, `"${outside}" is not a port or port range`);
  const ports: PublishedPort[] = [];
  for (let port = inside[0]; port <= inside[1] && ports.length < 65536; port += 1)
    ports.push({ container: port, outside: out ? out[0] + (port - inside[0]) : 0, ...lineAt(line) });
  return ports;
}

function lineAt(line: number | undefined): { line?: number } {
  return line !== undefined ? { line } : {};
}
