import { UsageError } from '../../input/usage-error.js';
import { readYamlFile } from '../../input/yaml.js';
import { buildRequest, listOf, OptionError, type TargetOptions } from '../../input/settings.js';
import { EXPECT_KEYS, MODULE_KEYS } from '../../input/target-options.js';
import type { Expectations } from '../../diagnose/gate.js';
import { isFindingCode, type FindingCode } from '../../diagnose/findings/catalogue.js';
import { allowList, AllowPatternError, type AllowList } from '../../net/allow.js';

/** A probe recipe: the same option keys as a targets file, without the target. */
export interface ExporterModule {
  name: string;
  options: TargetOptions;
  expectations: Expectations;
  /** A module that logs in with a password is bound to these targets (host patterns and CIDRs); no other target gets its password. */
  targets?: AllowList;
}

/** Logs in with something secret: a user other than anonymous, or a password source. */
export function carriesCredentials(options: TargetOptions): boolean {
  const user =
    options.user === undefined ? undefined : typeof options.user === 'string' ? options.user.toLowerCase() : 'a user';
  return (
    (user !== undefined && user !== 'anonymous' && user !== 'ftp') ||
    options.passwordEnv !== undefined ||
    options.passwordFile !== undefined
  );
}

export interface ExporterConfig {
  modules: Map<string, ExporterModule>;
  allow: string[];
}

/** Every mode, anonymous, the probe's own defaults: what /probe uses without ?module=. */
export const DEFAULT_MODULE: ExporterModule = { name: 'default', options: {}, expectations: {} };

/**
 * exporter.yml: `modules:` (name → options, as in a targets file) and `allow:`.
 * A mistake stops the exporter at start with one line naming the file, the line and the key.
 */
export function readExporterConfig(
  file: string,
  text: string,
  io: { env: Record<string, string | undefined>; readFile(path: string): string },
): ExporterConfig {
  const env = io.env;
  const { document, lines } = readYamlFile(file, text, { uniqueKeys: true });
  const at = (path: Array<string | number>, message: string): UsageError => {
    const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    return new UsageError(`${file}${line ? `:${line}` : ''}: ${path.join('.')}: ${message}`);
  };
  const root = (document.toJS() ?? {}) as Record<string, unknown>;
  if (typeof root !== 'object' || Array.isArray(root))
    throw new UsageError(`${file}: expected a mapping with modules: and allow:`);
  for (const key of Object.keys(root))
    if (key !== 'modules' && key !== 'allow') throw at([key], `unknown key (known: modules, allow)`);
  const modules = new Map<string, ExporterModule>([['default', DEFAULT_MODULE]]);
  const given = (root.modules ?? {}) as Record<string, unknown>;
  for (const [name, raw] of Object.entries(given)) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw at(['modules', name], 'expected a mapping of options');
    const values = raw as Record<string, unknown>;
    const unknown = Object.keys(values).find((key) => !MODULE_KEYS.includes(key));
    if (unknown) throw at(['modules', name, unknown], `unknown key (known: ${MODULE_KEYS.join(', ')})`);
    if (values.passwordEnv !== undefined && typeof values.passwordEnv !== 'string')
      throw at(['modules', name, 'passwordEnv'], 'must be the name of an environment variable');
    if (values.passwordEnv !== undefined && !env[values.passwordEnv])
      throw at(['modules', name, 'passwordEnv'], `the environment variable ${values.passwordEnv} is not set`);
    const { expect, targets, ...options } = values;
    let boundTo: AllowList | undefined;
    if (targets !== undefined) {
      try {
        boundTo = allowList(listOf(targets, 'target'));
      } catch (error) {
        if (error instanceof AllowPatternError) throw at(['modules', name, 'targets'], error.message);
        throw error;
      }
      if (boundTo.patterns.length === 0)
        throw at(
          ['modules', name, 'targets'],
          'is empty: name the hosts (patterns) or CIDRs this module may log in to',
        );
    }
    if (!boundTo && carriesCredentials(values)) {
      throw at(
        ['modules', name],
        'logs in with a password but names no targets: add `targets:` (host patterns or CIDRs) so that its password is sent to those servers only',
      );
    }
    const expectations: Expectations = {};
    const extra: TargetOptions = {};
    if (expect !== undefined) {
      if (typeof expect !== 'object' || expect === null)
        throw at(['modules', name, 'expect'], 'expected a mapping such as { passive: ok }');
      const e = expect as Record<string, unknown>;
      const bad = Object.keys(e).find((key) => !EXPECT_KEYS.includes(key));
      if (bad) throw at(['modules', name, 'expect', bad], `unknown key (known: ${EXPECT_KEYS.join(', ')})`);
      const modes: NonNullable<Expectations['modes']> = {};
      for (const [key, value] of Object.entries(e)) {
        const mode = key === 'pasv' ? 'passive' : key === 'port' ? 'active' : key;
        if (!['passive', 'epsv', 'active', 'eprt'].includes(mode)) continue;
        if (value !== 'ok' && value !== 'fail' && value !== 'any')
          throw at(['modules', name, 'expect', key], `must be ok, fail or any, not "${String(value)}"`);
        modes[mode as 'passive'] = value;
      }
      if (Object.keys(modes).length) expectations.modes = modes;
      if (e.allow !== undefined) {
        const codes = listOf(e.allow, 'target');
        const wrong = codes.find((code) => !isFindingCode(code));
        if (wrong) throw at(['modules', name, 'expect', 'allow'], `unknown finding code "${wrong}"`);
        expectations.allow = codes as FindingCode[];
      }
      if (e.pasvRange !== undefined) {
        if (typeof e.pasvRange !== 'string')
          throw at(['modules', name, 'expect', 'pasvRange'], 'must be a range such as 50000-50100');
        extra.expectPasvRange = e.pasvRange;
      }
      if (e.address !== undefined) extra.expectAddress = e.address;
    }
    const module: ExporterModule = {
      name,
      options: { ...(options as TargetOptions), ...extra },
      expectations,
      ...(boundTo ? { targets: boundTo } : {}),
    };
    // Checked now, against a stand-in target: a bad value stops the exporter at start, not a scrape at 3 a.m.
    try {
      buildRequest(
        {
          ...module.options,
          target: module.options.family === 6 || module.options.family === '6' ? '::1' : '127.0.0.1',
        },
        { env, homedir: '/', readFile: (file) => io.readFile(file) },
      );
    } catch (error) {
      if (error instanceof OptionError)
        throw at(['modules', name, error.key === 'expectPasvRange' ? 'expect' : error.key], error.message);
      if (error instanceof UsageError) throw at(['modules', name], error.message);
      throw error;
    }
    modules.set(name, module);
  }
  const allow = root.allow === undefined ? [] : listOf(root.allow, 'target');
  return { modules, allow };
}
