/** Functions, not methods: a colour is passed around on its own. */
export interface Style {
  bold: (text: string) => string;
  dim: (text: string) => string;
  red: (text: string) => string;
  yellow: (text: string) => string;
  green: (text: string) => string;
  cyan: (text: string) => string;
  /** A finding's mark by severity: symbols, or ASCII where the console cannot show them (Windows' legacy console). */
  marks: { error: string; warning: string; info: string };
}

const SYMBOLS = { error: '✖', warning: '▲', info: 'ℹ' };
const ASCII_MARKS = { error: 'x', warning: '!', info: 'i' };

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURED: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  green: wrap(32, 39),
  cyan: wrap(36, 39),
  marks: SYMBOLS,
};
const identity = (text: string): string => text;
const PLAIN: Style = {
  bold: identity,
  dim: identity,
  red: identity,
  yellow: identity,
  green: identity,
  cyan: identity,
  marks: SYMBOLS,
};

/** Colour only on a terminal, unless NO_COLOR or FORCE_COLOR say otherwise. */
export function createStyle(colour: boolean, ascii = false): Style {
  const style = colour ? COLOURED : PLAIN;
  return ascii ? { ...style, marks: ASCII_MARKS } : style;
}

/** Wraps text to the width, indenting every line. */
export function wrapText(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

/** cli-table3 options for a table without borders: columns two spaces apart. */
export const BORDERLESS_TABLE = {
  style: { head: [] as string[], border: [] as string[], compact: true },
  chars: {
    top: '',
    'top-mid': '',
    'top-left': '',
    'top-right': '',
    bottom: '',
    'bottom-mid': '',
    'bottom-left': '',
    'bottom-right': '',
    left: ' ',
    'left-mid': '',
    mid: '',
    'mid-mid': '',
    right: '',
    'right-mid': '',
    middle: '  ',
  },
};
