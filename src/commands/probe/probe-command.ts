import { PROGRESS_WORDS } from '../../diagnose/words/command-words.js';
import { fill } from '../../diagnose/template.js';
import { processExitCode } from '../../diagnose/exit-code.js';
import { MODE_LABELS, modeStatus } from '../../diagnose/status.js';
import { fromCommandLine, targetOptionsOf, type ParsedCommandLine } from '../../input/command-line.js';
import { buildRequest } from '../../input/settings.js';
import { emit } from '../../io/emit.js';
import type { CliIO } from '../../io/io.js';
import { reportOptions } from '../../io/report-options.js';
import { toolVersion } from '../../io/version.js';
import { systemClock } from '../../record/clock.js';
import { probe } from '../../probe/runner.js';
import { nodeTransport } from '../../probe/transport.js';
import type { ModeObservation } from '../../record/record.js';
import { exitOf, targetReport } from '../../report/assemble.js';
import { nagiosStates } from '../../report/nagios.js';
import { render } from '../../report/render.js';

/** `ftp-doctor probe TARGET`: one server, every data mode, one report. */
export async function probeCommand(line: ParsedCommandLine, io: CliIO): Promise<number> {
  const request = fromCommandLine(() => buildRequest(targetOptionsOf(line), io));
  const options = reportOptions(line, io);
  const run = io.probe ?? probe;
  const records = await run(request, {
    transport: io.transport ?? nodeTransport,
    clock: io.clock ?? systemClock,
    toolVersion: toolVersion(),
    ...(io.signal ? { signal: io.signal } : {}),
    // Live progress only on a terminal: nothing of it in pipes or CI logs.
    ...(io.stderr.isTTY
      ? {
          onModeFinished: (address: string, o: ModeObservation) =>
            void io.stderr.write(`  ${address} ${MODE_LABELS[o.mode]}: ${modeStatus(o)} (${o.durationMs} ms)\n`),
          onIdleProgress: (address: string, elapsedMs: number, maxMs: number, alive: number) =>
            void io.stderr.write(
              `  ${fill(PROGRESS_WORDS.idle, {
                address,
                elapsed: String(Math.round(elapsedMs / 1000)),
                max: String(Math.round(maxMs / 1000)),
                alive: String(alive),
              })}\n`,
            ),
        }
      : {}),
  });
  const reports = [targetReport(request.target.input, records, options)];
  emit(io, options, (format, colour) => render(format, reports, { ...options, colour, command: 'probe' }));
  return processExitCode(options.format, () => nagiosStates(reports).code, exitOf(reports).code);
}
