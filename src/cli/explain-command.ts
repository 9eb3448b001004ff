import { suggestions } from './suggest.js';
import { EXIT } from '../diagnose/exit-code.js';
import { FINDING_CODES, isFindingCode } from '../diagnose/findings/catalogue.js';
import { UsageError } from '../input/usage-error.js';
import type { CliIO } from '../io/io.js';
import { explainCode, explainGateCode } from '../report/explain.js';
import { GATE_CODES, type GateCode } from '../diagnose/words/gate-codes.js';

export function explain(code: string, io: CliIO): number {
  const wanted = code.toUpperCase();
  if (wanted in GATE_CODES) {
    io.stdout.write(explainGateCode(wanted as GateCode));
    return EXIT.ok;
  }
  if (!isFindingCode(wanted)) {
    const close = suggestions(wanted, [...FINDING_CODES, ...Object.keys(GATE_CODES)]);
    throw new UsageError(
      `unknown finding code "${code}"${close.length > 0 ? `: did you mean ${close.join(', ')}?` : ''} (docs/findings.md lists every code)`,
    );
  }
  io.stdout.write(explainCode(wanted));
  return EXIT.ok;
}
