import { LineCounter, Lexer, parseAllDocuments, parseDocument, type Document } from 'yaml';
import { UsageError } from './usage-error.js';

/**
 * Caps on every YAML file the tool reads (targets, modules, service
 * discovery, compose files, Kubernetes manifests). The yaml library keeps
 * about a kilobyte per node, so the caps are on nodes, documents and nesting,
 * counted by its lexer (constant memory) before anything is parsed. Each is
 * far above a real file: a `helm template` of a large chart has a few
 * thousand documents and tens of thousands of nodes.
 */
export const YAML_LIMITS = {
  documents: 10_000,
  nodes: 200_000,
  /** Open flow collections plus the column of a block node: how deep a tree can be. */
  depth: 500,
} as const;

export type YamlLimit = keyof typeof YAML_LIMITS;

const LIMIT_WORDS: Record<YamlLimit, string> = {
  documents: 'YAML documents',
  nodes: 'YAML values',
  depth: 'levels of YAML nesting',
};

/** A YAML file past one of the caps: which cap, and the line where it was passed. */
export class YamlLimitError extends Error {
  constructor(
    readonly limit: YamlLimit,
    readonly line: number,
  ) {
    super(`holds more than ${YAML_LIMITS[limit]} ${LIMIT_WORDS[limit]}; YAML is read up to that`);
  }
}

// The lexer's own markers: they stand for no source text.
const DOCUMENT = '\x02';
const FLOW_END = '\x18';
const SCALAR = '\x1f';

/** Throws YamlLimitError at the first cap the text passes; stops lexing there, so a hostile file costs little. */
export function checkYamlLimits(text: string): void {
  let documents = 1;
  let nodes = 0;
  let flowDepth = 0;
  let column = 0;
  let line = 1;
  let scalarNext = false;
  const over = (limit: YamlLimit): never => {
    throw new YamlLimitError(limit, line);
  };
  for (const token of new Lexer().lex(text)) {
    if (token === DOCUMENT || token === FLOW_END) continue;
    if (token === SCALAR) {
      scalarNext = true;
      continue;
    }
    const isNode =
      scalarNext ||
      token === '[' ||
      token === '{' ||
      token === '-' ||
      token === '?' ||
      token[0] === '|' ||
      token[0] === '>';
    scalarNext = false;
    if (token === '---') documents += 1;
    if (token === '[' || token === '{') flowDepth += 1;
    if (token === ']' || token === '}') flowDepth = Math.max(0, flowDepth - 1);
    if (isNode) {
      nodes += 1;
      // In block context a deeper node sits further right; in a flow collection the brackets count.
      if (flowDepth + (flowDepth === 0 ? column : 0) > YAML_LIMITS.depth) over('depth');
    }
    if (documents > YAML_LIMITS.documents) over('documents');
    if (nodes > YAML_LIMITS.nodes) over('nodes');
    const lastBreak = token.lastIndexOf('\n');
    if (lastBreak < 0) column += token.length;
    else {
      for (let at = token.indexOf('\n'); at >= 0; at = token.indexOf('\n', at + 1)) line += 1;
      column = token.length - lastBreak - 1;
    }
  }
}

/** Every document of a file, within the caps. */
export function parseYamlDocuments(
  text: string,
  options: { uniqueKeys?: boolean } = {},
): { documents: Document[]; lines: LineCounter } {
  checkYamlLimits(text);
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: options.uniqueKeys ?? false });
  return { documents: Array.isArray(parsed) ? parsed : [parsed], lines };
}

/** A file that holds one document, within the caps. */
export function parseYamlDocument(
  text: string,
  options: { uniqueKeys?: boolean } = {},
): { document: Document; lines: LineCounter } {
  checkYamlLimits(text);
  const lines = new LineCounter();
  return { document: parseDocument(text, { lineCounter: lines, uniqueKeys: options.uniqueKeys ?? true }), lines };
}

/**
 * A user's one-document YAML file (targets, exporter modules, service
 * discovery): parsed within the caps, or a UsageError naming the file, the
 * line and what is wrong.
 */
export function readYamlFile(
  file: string,
  text: string,
  options: { uniqueKeys?: boolean } = {},
): { document: Document; lines: LineCounter } {
  let parsed: { document: Document; lines: LineCounter };
  try {
    parsed = parseYamlDocument(text, options);
  } catch (error) {
    if (error instanceof YamlLimitError) throw new UsageError(`${file}:${error.line}: ${error.message}`);
    throw error;
  }
  const first = parsed.document.errors[0];
  if (first) {
    const line = parsed.lines.linePos(first.pos[0]).line;
    throw new UsageError(`${file}:${line}: ${first.message.split('\n')[0]}`);
  }
  return parsed;
}
