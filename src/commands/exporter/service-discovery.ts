import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { UsageError } from '../../input/usage-error.js';
import { parseTarget } from '../../input/target.js';
import { readYamlFile } from '../../input/yaml.js';

/** One entry of Prometheus' HTTP service discovery: the targets and the labels they carry. */
export interface SdGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** Label names Prometheus accepts; "__" names are Prometheus' own. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** A targets file with more than this many targets is refused: one exporter probes at most this many. */
export const MAX_SD_TARGETS = 50_000;

/**
 * The targets file `check` reads, as Prometheus HTTP service discovery
 * (https://prometheus.io/docs/prometheus/latest/http_sd/): one group per
 * target, its address the FTP target, with `__param_module` (its `module`, or
 * the file's `defaults.module`), `ftp_doctor_target` (its `name`) and the
 * target's own `labels`. Only these keys are read here; `check` validates the
 * rest of the file.
 */
export function serviceDiscovery(file: string, text: string): SdGroup[] {
  const { document, lines } = readYamlFile(file, text);
  const lineOf = (node: unknown): string => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? `:${lines.linePos(range[0]).line}` : '';
  };
  const fail = (node: unknown, message: string): UsageError => new UsageError(`${file}${lineOf(node)}: ${message}`);
  const get = (node: unknown, key: string): Node | undefined =>
    isMap(node)
      ? (node.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.value as Node | undefined)
      : undefined;
  const scalar = (node: unknown): string | undefined =>
    isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')
      ? String(node.value)
      : undefined;
  const defaultModule = scalar(get(get(document.contents, 'defaults'), 'module')) ?? 'default';
  const targets = get(document.contents, 'targets');
  if (!isSeq(targets)) throw fail(document.contents, 'expected "targets:", a list of targets');
  if (targets.items.length > MAX_SD_TARGETS)
    throw fail(targets, `holds ${targets.items.length} targets; an exporter serves at most ${MAX_SD_TARGETS}`);
  return targets.items.map((item, index) => {
    // A target may be written as its address alone, as in check.
    const target = isScalar(item) ? scalar(item) : scalar(get(item, 'target'));
    if (!target) throw fail(item, `targets[${index}]: "target" is missing`);
    // /sd answers anyone who asks, and Prometheus stores what it serves: a password would be in both.
    if (hasPassword(target))
      throw fail(
        item,
        `targets[${index}]: the target holds a password, which /sd would serve to anyone and Prometheus would store as a label; give it to a module (passwordEnv or passwordFile) instead`,
      );
    const labels: Record<string, string> = {
      __param_module: scalar(get(item, 'module')) ?? defaultModule,
      ftp_doctor_target: scalar(get(item, 'name')) ?? target,
    };
    const own = get(item, 'labels');
    if (own !== undefined && !isMap(own))
      throw fail(own, `targets[${index}].labels: expected a mapping of label names to values`);
    for (const pair of isMap(own) ? own.items : []) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = scalar(pair.value);
      if (!LABEL_NAME.test(name) || name.startsWith('__'))
        throw fail(pair.key, `targets[${index}].labels: "${name}" is not a label name Prometheus accepts`);
      if (value === undefined) throw fail(pair.value, `targets[${index}].labels.${name}: expected a text value`);
      labels[name] = value;
    }
    return { targets: [target], labels };
  });
}

function hasPassword(target: string): boolean {
  try {
    return parseTarget(target).password !== undefined;
  } catch {
    // A target that does not parse is the scrape's to refuse; a password in it is still kept off /sd.
    return /^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(target);
  }
}
