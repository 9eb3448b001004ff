/** Runs the CLI's main() and lets the process end on its own: it only ends once every socket and timer is released. */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  homedir: '/nonexistent-home',
  readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
  writeFile: (path, text) => writeFileSync(path, text),
  appendFile: (path, text) => appendFileSync(path, text),
});
