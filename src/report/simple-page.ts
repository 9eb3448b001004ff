import { xmlEscape as x } from './xml-escape.js';
import type { DescribedFinding } from '../diagnose/finding.js';

const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #8884;padding:.25rem .4rem;text-align:left}.finding{border-left:4px solid #888;padding:.4rem .8rem;margin:.6rem 0}.error{border-color:#cf222e}.warning{border-color:#9a6700}';

/** A self-contained page with no script (the audit and network reports): a title, then the body as given. */
export function simplePage(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>${x(title)}</title><style>${STYLE}</style></head><body><h1>${x(title)}</h1>${body}</body></html>\n`;
}

/** One finding as such a page shows it. */
export function findingBlock(f: DescribedFinding): string {
  return `<div class="finding ${f.severity}"><strong>${x(f.severity)} · <code>${x(f.code)}</code></strong> ${x(f.title)}<p>${x(f.explanation)}</p><p><strong>Fix${f.fixFor ? ` (${x(f.fixFor)})` : ''}:</strong> ${x(f.fix)}</p></div>`;
}
