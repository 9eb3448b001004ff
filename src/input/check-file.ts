import { isMap, isScalar } from 'yaml';
import { parseYamlDocuments } from './yaml.js';

/** What `check FILE` was given, told apart by its top-level keys. */
export type CheckFileKind = 'targets' | 'compose' | 'kubernetes';

/**
 * A targets file has `targets:`; a compose file `services:`; a Kubernetes
 * manifest `apiVersion:` and `kind:`. Anything else (YAML that does not
 * parse included) is read as a targets file, whose reader says what is wrong.
 */
export function checkFileKind(text: string): CheckFileKind {
  let first: unknown;
  try {
    // Past a cap it is read as a targets file, whose reader names the cap.
    first = parseYamlDocuments(text).documents.find(
      (document) => document.errors.length === 0 && document.contents !== null,
    )?.contents;
  } catch {
    return 'targets';
  }
  const keys = new Set(
    isMap(first) ? first.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')) : [],
  );
  if (keys.has('targets')) return 'targets';
  if (keys.has('services')) return 'compose';
  if (keys.has('apiVersion') && keys.has('kind')) return 'kubernetes';
  return 'targets';
}
