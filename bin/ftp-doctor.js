#!/usr/bin/env node
import { readFileSync } from 'node:fs';

// --version answers without loading anything else.
if (process.argv.length === 3 && process.argv[2] === '--version') {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { run } = await import('../dist/src/cli/bin.js');
  run();
}
