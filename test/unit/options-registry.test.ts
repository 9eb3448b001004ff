import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTargetsFile } from '../../src/commands/check/targets-file.js';
import { readExporterConfig } from '../../src/commands/exporter/modules.js';
import { targetOptionsOf, type ParsedCommandLine } from '../../src/input/command-line.js';
import { kebab, TARGET_OPTIONS, type TargetOptionKey } from '../../src/input/target-options.js';

const io = {
  env: {},
  homedir: '/nowhere',
  readFile: () => {
    throw Object.assign(new Error('no'), { code: 'ENOENT' });
  },
};
const keys = Object.keys(TARGET_OPTIONS) as TargetOptionKey[];
const refusal = (read: () => unknown): string => {
  try {
    read();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('one registry of target options', () => {
  it('a targets file refuses each option the registry keeps off it, naming the key and the line', () => {
    for (const key of keys.filter((k) => !TARGET_OPTIONS[k].targetsFile)) {
      const message = refusal(() =>
        readTargetsFile('targets.yml', `targets:\n  - target: 198.51.100.1\n    ${key}: x\n`, { _: [] } as never, io),
      );
      assert.match(message, new RegExp(`^targets\\.yml:3: targets\\[0\\]\\.${key}: unknown key`), key);
    }
  });
  it('an exporter module refuses each option the registry keeps off it', () => {
    for (const key of keys.filter((k) => !TARGET_OPTIONS[k].module)) {
      const message = refusal(() => readExporterConfig('exporter.yml', `modules:\n  m:\n    ${key}: x\n`, io));
      assert.match(message, /unknown key/, key);
      assert.match(message, new RegExp(key), key);
    }
  });
  it('the command line reads each option the registry gives it, from its --kebab-case flag', () => {
    for (const key of keys.filter((k) => TARGET_OPTIONS[k].cli)) {
      const line = {
        _: [],
        target: 'ftp://198.51.100.1',
        [kebab(key)]: `value-of-${key}`,
      } as unknown as ParsedCommandLine;
      assert.equal(targetOptionsOf(line)[key], `value-of-${key}`, key);
    }
  });
});
