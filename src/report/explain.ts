import type { CatalogueEntry } from '../diagnose/finding.js';

/** A finding's full catalogue text, with placeholders shown as <name>. */
export function explainCode(code: string, entry: CatalogueEntry): string {
  const show = (text: string): string => text.replace(/\{(\w+)\}/g, '<$1>');
  const lines = [`${code} (${entry.severity})`, '', show(entry.title), '', show(entry.explanation), '', `Fix: ${show(entry.fix)}`];
  for (const [software, fix] of Object.entries(entry.fixFor ?? {})) lines.push(`Fix for ${software}: ${show(fix)}`);
  return `${lines.join('\n')}\n`;
}
