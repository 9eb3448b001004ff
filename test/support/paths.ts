import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from the compiled test files in dist/test/. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'ftp-doctor.js');
