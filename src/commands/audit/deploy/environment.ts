import type { Declared, DeployedServer } from '../../../record/deployment.js';
import type { KnownImage } from './images.js';

/** An environment variable as a file sets it, with its line. */
export type Environment = Map<string, { value: string; line?: number }>;

/** A value the file leaves to its own environment (${VAR}, $VAR): what it decides is not checked. */
export const UNRESOLVED = /\$\{?[A-Za-z_]/;

/** The settings a known image takes from its environment, or its documented defaults, with where each was read. */
export function imageSettings(
  image: KnownImage,
  environment: Environment,
): Pick<
  DeployedServer,
  | 'passiveRange'
  | 'externalAddress'
  | 'resolvesNames'
  | 'checksDataSource'
  | 'unresolved'
  | 'whenUnset'
  | 'addressSetting'
  | 'rangeSetting'
> {
  const unresolved: string[] = [];
  const read = (name: string): { value: string; line?: number } | undefined => {
    const found = environment.get(name);
    if (found && UNRESOLVED.test(found.value)) {
      unresolved.push(`${name}=${found.value}`);
      return undefined;
    }
    return found;
  };
  const range = image.range;
  let passiveRange: Declared<{ low: number; high: number }> = { value: range.byDefault, byDefault: true };
  let rangeSetting = '';
  if (range.kind === 'one') {
    rangeSetting = range.variable;
    const set = read(range.variable);
    const match = set && /^\s*(\d+)\s*[:-]\s*(\d+)\s*$/.exec(set.value);
    if (set && match) passiveRange = { value: { low: Number(match[1]), high: Number(match[2]) }, ...lineOf(set) };
  } else if (range.kind === 'two') {
    rangeSetting = `${range.low} and ${range.high}`;
    const low = read(range.low);
    const high = read(range.high);
    if (low || high)
      passiveRange = {
        value: { low: Number(low?.value ?? range.byDefault.low), high: Number(high?.value ?? range.byDefault.high) },
        ...lineOf(low ?? high),
      };
  }
  const address = read(image.address.variable);
  const externalAddress: Declared<string> | undefined = address?.value.trim()
    ? { value: address.value.trim(), ...lineOf(address) }
    : image.address.byDefault && !environment.has(image.address.variable)
      ? { value: image.address.byDefault, byDefault: true }
      : undefined;
  const yes = (name: string | undefined): boolean => /^(yes|true|1)$/i.test((name && read(name)?.value) ?? '');
  return {
    passiveRange,
    ...(externalAddress ? { externalAddress } : {}),
    whenUnset: image.address.whenUnset,
    addressSetting: image.address.variable,
    rangeSetting,
    resolvesNames: typeof image.resolve === 'boolean' ? image.resolve : yes(image.resolve),
    checksDataSource: image.software === 'vsftpd' && !yes(image.promiscuous),
    unresolved,
  };
}

function lineOf(found: { line?: number } | undefined): { line?: number } {
  return found?.line !== undefined ? { line: found.line } : {};
}
