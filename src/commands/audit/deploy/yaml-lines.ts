import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { parseYamlDocuments, YamlLimitError } from '../../../input/yaml.js';
import { ConfigError } from '../config/config-errors.js';

/** A YAML value with the line it is on, read through the yaml library's own nodes. */
export interface Located {
  node: Node | undefined;
  line?: number;
}

/** Documents of a (multi-document) YAML file, each with a way to find any value's line. */
export function readYamlDocuments(
  text: string,
  file: string,
): Array<{ document: Document; lineOf: (node: unknown) => number | undefined }> {
  let parsed: ReturnType<typeof parseYamlDocuments>;
  try {
    parsed = parseYamlDocuments(text);
  } catch (error) {
    if (error instanceof YamlLimitError) throw new ConfigError(file, error.line, error.message);
    throw error;
  }
  const { documents: list, lines: counter } = parsed;
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      const line = counter.linePos(error.pos[0]).line;
      throw new ConfigError(file, line, `is not valid YAML (${error.message.split('\n')[0]})`);
    }
  }
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? counter.linePos(range[0]).line : undefined;
  };
  return list.map((document) => ({ document, lineOf }));
}

/** A child of a map node by key (a string key), or undefined. */
export function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)) === key)?.value as
    Node | undefined;
}

export function path(node: unknown, ...keys: string[]): Node | undefined {
  let current: unknown = node;
  for (const key of keys) current = child(current, key);
  return current as Node | undefined;
}

/** A scalar's value as text (numbers and booleans too); undefined for maps, lists and nulls. */
export function text(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

export function items(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

export function entries(node: unknown): Array<[string, Node]> {
  if (!isMap(node)) return [];
  return node.items.map((pair) => [isScalar(pair.key) ? String(pair.key.value) : String(pair.key), pair.value as Node]);
}
