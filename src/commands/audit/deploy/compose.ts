import nodePath from 'node:path';
import type { DeployedServer, PublishedPort } from '../../../record/deployment-record.js';
import { ConfigError, type ConfigReader } from '../config/config-errors.js';
import { ContainerFiles, repositorySource, type Mount } from './container-files.js';
import { UNRESOLVED, type Environment } from './environment.js';
import { KNOWN_IMAGE_NAMES, knownImage } from './images.js';
import { MAX_PORTS_READ, MAX_PUBLISHED_PORTS } from './deploy-limits.js';
import { startSettings } from './start.js';
import { child, entries, items, path, readYamlDocuments, text } from './yaml-lines.js';

/**
 * A Compose file (the Compose Specification): each service whose image is a
 * known FTP server image (or the one named with --service), its environment,
 * its published ports (short and long syntax, ranges, host:container
 * mappings that change numbers) and `network_mode: host`.
 */
export function readCompose(
  textOfFile: string,
  file: string,
  reader: ConfigReader,
  serviceName?: string,
): DeployedServer[] {
  const [first] = readYamlDocuments(textOfFile, file);
  if (!first) throw new ConfigError(file, undefined, 'is empty: expected a Compose file with `services:`');
  const { document, lineOf } = first;
  const services = path(document.contents, 'services');
  if (!services) throw new ConfigError(file, 1, 'has no `services:`: expected a Compose file');
  const servers: DeployedServer[] = [];
  // Every file read for the compose file (mounted configurations, env files) is confined to its folder.
  const repository = reader.within ? reader.within(nodePath.dirname(nodePath.resolve(file))) : reader;
  let portsRead = 0;
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
          `service "${name}" runs ${image ? `image ${image}` : 'no image'}, not one audit knows (${KNOWN_IMAGE_NAMES})`,
        );
      continue;
    }
    const published = composePorts(service, lineOf, file);
    // Ranges are kept as ranges, but the rules walk them: the whole file publishes a bounded number.
    portsRead += published.reduce((sum, port) => sum + port.count, 0);
    if (portsRead > MAX_PORTS_READ)
      throw new ConfigError(file, lineOf(service), `its services publish more than ${MAX_PORTS_READ} ports in all`);
    const replicas = text(path(service, 'deploy', 'replicas'));
    const mounts = composeMounts(service, lineOf, file, repository);
    const command = composeCommand(service, lineOf);
    servers.push({
      source: 'compose',
      file,
      name,
      ...(lineOf(service) !== undefined ? { line: lineOf(service)! - 1 } : {}),
      image: { value: image, ...(lineOf(imageNode) !== undefined ? { line: lineOf(imageNode)! } : {}) },
      imageName: known.name,
      software: known.software,
      ...startSettings({
        image: known,
        environment: composeEnvironment(
          service,
          lineOf,
          file,
          repository,
          known.variables.map((v) => v.variable),
        ),
        ...(command ? { command } : {}),
        files: new ContainerFiles(mounts, repository),
        declaredIn: file,
        expandsVariables: false,
      }),
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

/** `volumes:` (short SOURCE:TARGET[:MODE] and long syntax) and `secrets:` (under /run/secrets): what they put in the container. */
function composeMounts(
  service: unknown,
  lineOf: (node: unknown) => number | undefined,
  file: string,
  reader: ConfigReader,
): Mount[] {
  const mounts: Mount[] = [];
  for (const item of items(child(service, 'volumes'))) {
    const line = lineOf(item);
    const short = text(item);
    let source: string | undefined;
    let target: string | undefined;
    let readOnly: boolean;
    let bind: boolean;
    if (short !== undefined) {
      // SOURCE:TARGET[:MODE]; a source that is a path (., /, ~) is a bind mount, any other a named volume.
      const parts = short.split(':');
      if (parts.length === 1) [target] = parts;
      else [source, target] = parts;
      readOnly = (parts[2] ?? '').split(',').includes('ro');
      bind = source !== undefined && /^[./~]/.test(source);
    } else {
      source = text(child(item, 'source'));
      target = text(child(item, 'target'));
      readOnly = text(child(item, 'read_only')) === 'true';
      bind = text(child(item, 'type')) === 'bind';
    }
    if (!target) continue;
    const base = { target, readOnly, ...(source ? { source } : {}), ...lineAt(line) };
    if (bind && source && !UNRESOLVED.test(source))
      mounts.push({ ...base, kind: 'repository', ...repositorySource(source, file, reader) });
    else mounts.push({ ...base, kind: 'volume' });
  }
  for (const item of items(child(service, 'secrets'))) {
    const name = text(item) ?? text(child(item, 'source'));
    const target = text(child(item, 'target')) ?? name;
    if (!name || !target) continue;
    mounts.push({
      target: target.startsWith('/') ? target : `/run/secrets/${target}`,
      kind: 'secret',
      readOnly: true,
      source: name,
      ...lineAt(lineOf(item)),
    });
  }
  return mounts;
}

/** `entrypoint:` and `command:` (a string split as a shell would, or a list): the command that replaces the image's. */
function composeCommand(
  service: unknown,
  lineOf: (node: unknown) => number | undefined,
): { args: string[]; line?: number } | undefined {
  const words = (node: unknown): string[] | undefined => {
    const single = text(node);
    if (single !== undefined)
      return single.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^(["'])(.*)\1$/, '$2')) ?? [];
    const list = items(node).map((item) => text(item) ?? '');
    return list.length > 0 ? list : undefined;
  };
  const entrypoint = child(service, 'entrypoint');
  const command = child(service, 'command');
  const args = [...(words(entrypoint) ?? []), ...(words(command) ?? [])];
  if (args.length === 0) return undefined;
  return { args, ...lineAt(lineOf(command) ?? lineOf(entrypoint)) };
}

/**
 * `env_file:` (files inside the repository, KEY=VALUE lines) and then
 * `environment:` (a map KEY: value or a list KEY=value), which wins.
 */
function composeEnvironment(
  service: unknown,
  lineOf: (node: unknown) => number | undefined,
  file: string,
  reader: ConfigReader,
  variables: string[],
): Environment {
  const environment: Environment = new Map();
  const envFiles = child(service, 'env_file');
  for (const item of text(envFiles) !== undefined ? [envFiles] : items(envFiles)) {
    const name = text(item) ?? text(child(item, 'path'));
    if (!name) continue;
    const found = repositorySource(name, file, reader);
    let content: string | undefined;
    try {
      content = found.onDisk ? reader.read(found.onDisk) : undefined;
    } catch {
      content = undefined;
    }
    if (content === undefined) {
      // Its variables are not known: any the image reads may be set there.
      for (const variable of variables)
        environment.set(variable, { value: `\${env_file ${name}}`, ...lineAt(lineOf(item)) });
      continue;
    }
    content.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      const at = line.indexOf('=');
      if (!line || line.startsWith('#') || at <= 0) return;
      const value = line.slice(at + 1).replace(/^(["'])(.*)\1$/, '$2');
      environment.set(line.slice(0, at).replace(/^export\s+/, ''), { value, line: index + 1, file: found.onDisk! });
    });
  }
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
  let total = 0;
  const add = (mapping: PublishedPort): void => {
    total += mapping.count;
    if (total > MAX_PUBLISHED_PORTS)
      throw new ConfigError(
        file,
        mapping.line,
        `publishes more than ${MAX_PUBLISHED_PORTS} ports in all, more than there are`,
      );
    ports.push(mapping);
  };
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
      add(mappingOf(outside, container, line, file));
      continue;
    }
    const target = text(child(item, 'target'));
    const publishedPort = text(child(item, 'published'));
    if (!target || text(child(item, 'protocol'))?.toLowerCase() === 'udp') continue;
    add(mappingOf(publishedPort, target, line, file));
  }
  return ports;
}

/** One mapping, kept as its range; without a host side, Docker picks any free port: nothing a 227 can name. */
function mappingOf(
  outside: string | undefined,
  container: string,
  line: number | undefined,
  file: string,
): PublishedPort {
  const range = (value: string): [number, number] | undefined => {
    const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
    const low = Number(match?.[1]);
    const high = Number(match?.[2] ?? match?.[1]);
    return match && low >= 1 && low <= high && high <= 65535 ? [low, high] : undefined;
  };
  const inside = range(container);
  if (!inside) throw new ConfigError(file, line, `"${container}" is not a port or port range (1-65535)`);
  const out = outside ? range(outside) : undefined;
  if (outside && !out) throw new ConfigError(file, line, `"${outside}" is not a port or port range (1-65535)`);
  const count = inside[1] - inside[0] + 1;
  return { container: inside[0], outside: out ? out[0] : 0, count, ...lineAt(line) };
}

function lineAt(line: number | undefined): { line?: number } {
  return line !== undefined ? { line } : {};
}
