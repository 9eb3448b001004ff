/**
 * Build step: writes the --help text next to the compiled CLI, so that
 * `ftp-doctor --help` can print it without loading yargs (a test checks it
 * matches what yargs prints).
 */
import { writeFileSync } from 'node:fs';
import { main } from './main.js';

let text = '';
await main(['--help'], {
  stdout: { write: (chunk: string) => (text += chunk) },
  stderr: process.stderr,
  env: {},
  homedir: '',
  readFile: () => '',
  writeFile: () => undefined,
  appendFile: () => undefined,
});
writeFileSync(new URL('../../help.txt', import.meta.url), text);
