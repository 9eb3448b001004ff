/**
 * The part of the JSON Schema written from the catalogue: every finding code, and for each the params its
 * wording needs (every placeholder of its texts, as the type system reads them). The rest of the schema is
 * written by hand; `npm run test:update-golden` rewrites this part in place.
 */
import { CATALOGUE, FINDING_CODES } from '../../src/diagnose/findings/catalogue.js';
import type { FindingEntry } from '../../src/diagnose/entry.js';

export const BY_CODE_KEY = 'findingByCode';

function placeholders(entry: FindingEntry): string[] {
  const texts = [
    entry.title,
    entry.explanation,
    entry.fix,
    ...Object.values(entry.fixFor ?? {}),
    ...Object.values(entry.inAnalysis ?? {}),
  ];
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();
}

/** The `$defs` entry, as text in the schema file's layout: one line per code. */
export function findingByCodeText(): string {
  const rows = FINDING_CODES.map((code) => {
    const required = placeholders(CATALOGUE[code]);
    const then = required.length
      ? `{ "type": "object", "properties": { "params": { "type": "object", "required": ${JSON.stringify(required).replace(/,/g, ', ')} } }, "required": ["params"] }`
      : `{ "type": "object" }`;
    return `        { "if": { "type": "object", "properties": { "code": { "const": "${code}" } } }, "then": ${then} }`;
  });
  return [
    `    "${BY_CODE_KEY}": {`,
    '      "description": "Written from the catalogue by npm run test:update-golden: every finding code, and the params each one\'s wording needs.",',
    '      "type": "object",',
    `      "properties": { "code": { "enum": ${JSON.stringify(FINDING_CODES).replace(/,/g, ', ')} } },`,
    '      "allOf": [',
    rows.join(',\n'),
    '      ]',
    '    },',
  ].join('\n');
}

/** The schema text with its generated part replaced by the catalogue's. */
export function withFindingByCode(schema: string): string {
  const start = schema.indexOf(`    "${BY_CODE_KEY}": {`);
  if (start < 0) throw new Error(`the schema has no $defs.${BY_CODE_KEY}`);
  const end = schema.indexOf('\n    },\n', start) + '\n    },'.length;
  return `${schema.slice(0, start)}${findingByCodeText()}${schema.slice(end)}`;
}
