import type { Format } from './formats.js';
import { printableDeep } from './printable.js';

/** One renderer per format but JSON, keyed by format: a format without its renderer does not compile. */
export type Renderers<T> = Record<Exclude<Format, 'json'>, (shown: T) => string>;

/**
 * A report in one format: JSON exactly as the document is, every other format
 * from the document with text from servers and files made printable first.
 */
export function renderWith<T extends { document: unknown }>(
  format: Format,
  report: T,
  renderers: Renderers<T>,
): string {
  if (format === 'json') return `${JSON.stringify(report.document, null, 2)}\n`;
  return renderers[format](printableDeep(report));
}
