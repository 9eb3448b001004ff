#!/usr/bin/env node
// Builds the single-file executable: the CLI bundled into one CommonJS script (esbuild), made into a Node single
// executable application blob, and injected into a copy of the Node binary that runs this script (postject).
// For the platform it runs on; the release workflow runs it on Linux, macOS and Windows.
// Usage: node scripts/build-binary.mjs [OUTPUT]   (default: dist/sea/ftp-doctor, .exe on Windows)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, 'dist', 'sea');
const windows = process.platform === 'win32';
const output = path.resolve(process.argv[2] ?? path.join(work, windows ? 'ftp-doctor.exe' : 'ftp-doctor'));
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
fs.mkdirSync(work, { recursive: true });

const bundle = path.join(work, 'ftp-doctor.cjs');
await build({
  stdin: {
    contents: "require('../src/cli/bin.js').run();",
    resolveDir: work,
    sourcefile: 'sea-main.cjs',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bundle,
  // No package.json travels with the binary: its version is built in.
  define: { FTP_DOCTOR_BUNDLED_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});

const blob = path.join(work, 'sea-prep.blob');
const config = path.join(work, 'sea-config.json');
fs.writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true }));
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });

fs.mkdirSync(path.dirname(output), { recursive: true });
fs.copyFileSync(process.execPath, output);
fs.chmodSync(output, 0o755);
if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', output]);
const postject = path.join(root, 'node_modules', 'postject', 'dist', 'cli.js');
execFileSync(
  process.execPath,
  [
    postject,
    output,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
    ...(process.platform === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : []),
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', output]);
process.stdout.write(`${output}\n`);
