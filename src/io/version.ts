import { readFileSync } from 'node:fs';

let cached: string | undefined;
/** Set by the single-file binary's build, which has no package.json beside it. */
declare const FTP_DOCTOR_BUNDLED_VERSION: string | undefined;

/** The package's version, read once from its package.json (or built into the single-file binary). */
export function toolVersion(): string {
  if (typeof FTP_DOCTOR_BUNDLED_VERSION === 'string') return FTP_DOCTOR_BUNDLED_VERSION;
  cached ??= (
    JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cached;
}
