/**
 * `ftp-doctor audit --json` as the CLI runs it, inside a lab namespace, with the
 * packages' default configuration paths pointed at files the lab controls
 * (argv[2], JSON): the lab never depends on what this machine has in /etc.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { auditCommand, liveAuditSystem } from '../../src/commands/audit/audit-command.js';
import type { DefaultPaths } from '../../src/commands/audit/kinds.js';
import type { ParsedCommandLine } from '../../src/input/command-line.js';
import { readBoundedFile } from '../../src/io/files.js';
import type { CliIO } from '../../src/io/io.js';

const defaults = JSON.parse(process.argv[2] ?? '{}') as DefaultPaths;
const line = {
  _: ['audit'],
  json: true,
  format: 'text',
  transcript: false,
  redact: false,
  'fail-on': 'error',
} as unknown as ParsedCommandLine;
const io: CliIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  homedir: homedir(),
  readFile: (file, maxBytes) => readBoundedFile(file, maxBytes),
  writeFile: (file, text) => writeFileSync(file, text),
  appendFile: (file, text) => appendFileSync(file, text),
};
const code = await auditCommand(line, io, liveAuditSystem(line, io, defaults));
process.stdout.write('', () => process.exit(code));
