import { ConfigError } from './config-errors.js';

/** One element of an XML file: its name, attributes, text (for a leaf), line, and the names of the elements around it. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  line: number;
  /** Outermost first, without this element. */
  path: string[];
  children: XmlElement[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Deeper than any real configuration; a file nested deeper is refused rather than walked. */
const MAX_DEPTH = 128;

/** A character reference outside Unicode reads as U+FFFD, as a browser shows it, instead of failing. */
function codePoint(value: number): string {
  return Number.isInteger(value) && value >= 0 && value <= 0x10ffff ? String.fromCodePoint(value) : '\uFFFD';
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return codePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return codePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

const ATTRIBUTE = /([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/**
 * Reads the elements of a configuration file in XML (IIS applicationHost.config,
 * FileZilla Server's settings): enough XML for them, no DTDs or namespaces
 * resolved. A file that is not well-formed gets one ConfigError naming the line.
 */
export function readXml(text: string, file: string): XmlElement {
  // Offsets only grow: lines are counted once, from where the last count stopped.
  let countedTo = 0;
  let linesBefore = 1;
  const lineAt = (offset: number): number => {
    for (let at = text.indexOf('\n', countedTo); at !== -1 && at < offset; at = text.indexOf('\n', at + 1))
      linesBefore += 1;
    countedTo = Math.max(countedTo, offset);
    return linesBefore;
  };
  const root: XmlElement = { name: '#document', attributes: {}, text: '', line: 1, path: [], children: [] };
  const stack: XmlElement[] = [root];
  const token =
    /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<|([^<]+)/g;
  let match: RegExpExecArray | null;
  while ((match = token.exec(text)) !== null) {
    const [whole, cdata, closing, name, attributeText, selfClosing, chars] = match;
    const current = stack.at(-1)!;
    if (chars !== undefined) {
      current.text += decode(chars);
      continue;
    }
    if (cdata !== undefined) {
      current.text += cdata;
      continue;
    }
    if (whole === '<')
      throw new ConfigError(
        file,
        lineAt(match.index),
        `expected an XML tag at "${text.slice(match.index, match.index + 40).split('\n')[0]}"`,
      );
    if (!name) continue;
    if (closing) {
      if (current.name !== name)
        throw new ConfigError(
          file,
          lineAt(match.index),
          `expected </${current.name}> in this XML file, not </${name}>`,
        );
      current.text = current.text.trim();
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const attribute of (attributeText ?? '').matchAll(ATTRIBUTE))
      attributes[attribute[1]!] = decode(attribute[3] ?? attribute[4] ?? '');
    if (stack.length > MAX_DEPTH)
      throw new ConfigError(
        file,
        lineAt(match.index),
        `elements are nested more than ${MAX_DEPTH} deep: not a configuration file`,
      );
    const element: XmlElement = {
      name,
      attributes,
      text: '',
      line: lineAt(match.index),
      path: current === root ? [] : [...current.path, current.name],
      children: [],
    };
    current.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 1) throw new ConfigError(file, stack.at(-1)!.line, `<${stack.at(-1)!.name}> is never closed`);
  if (!root.children[0]) throw new ConfigError(file, 1, 'expected an XML document, found no element');
  return root.children[0];
}

/** Every element below this one with the given name, depth first. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...descendants(child, name)]);
}

/** The first child with this name, following a path of names. */
export function child(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = element;
  for (const name of names) current = current?.children.find((c) => c.name === name);
  return current;
}
