#!/usr/bin/env node
import { readFileSync } from 'node:fs';

// --version and --help answer without loading the CLI (the help text is rendered at build time).
const only = process.argv.length === 3 ? process.argv[2] : undefined;
if (only === '--version') {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if (only === '--help') {
  process.stdout.write(readFileSync(new URL('../dist/help.txt', import.meta.url), 'utf8'));
} else {
  const { run } = await import('../dist/src/cli/bin.js');
  run();
}
