import { EXIT } from '../diagnose/exit-code.js';
import { FINDING_CODES, isFindingCode } from '../diagnose/codes.js';
import { UsageError } from '../input/errors.js';
import type { CliIO } from '../io/io.js';
import { explainCode } from '../report/explain.js';

export function explain(code: string, io: CliIO): number {
  const wanted = code.toUpperCase();
  if (!isFindingCode(wanted)) {
    throw new UsageError(`unknown finding code "${code}"; known codes: ${FINDING_CODES.join(', ')}`);
  }
  io.stdout.write(explainCode(wanted));
  return EXIT.ok;
}
