import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTargetsFile } from '../../src/commands/check/targets-file.js';
import type { ParsedCommandLine } from '../../src/input/command-line.js';
import { UsageError } from '../../src/input/usage-error.js';

const defaults = { _: [] } as unknown as ParsedCommandLine;
const io = (env: Record<string, string> = {}) => ({
  env,
  homedir: '/nowhere',
  readFile: () => {
    throw Object.assign(new Error('no'), { code: 'ENOENT' });
  },
});
const read = (text: string, env: Record<string, string> = {}) =>
  readTargetsFile('targets.yml', text, defaults, io(env));

describe('targets file', () => {
  it('family: 6 keeps IPv6 addresses of the name', () => {
    const plan = read('targets:\n  - target: ftp.example.net\n    family: 6\n');
    assert.equal(plan.targets[0]?.request.family, 6);
  });

  it('reads YAML with defaults, expectations and credentials by variable name', () => {
    const plan = read(
      [
        'concurrency: 4',
        'defaults:',
        '  timeout: 2',
        'targets:',
        '  - name: prod',
        '    target: ftp://198.51.100.2:2121',
        '    user: deploy',
        '    passwordEnv: PROD_PW',
        '    modes: [passive, epsv]',
        '    expect:',
        '      passive: ok',
        '      active: fail',
        '      pasvRange: 50000-50100',
        '      address: 198.51.100.2',
        '      allow: [ACTIVE_PORT_REJECTED]',
        '  - 203.0.113.9',
      ].join('\n'),
      { PROD_PW: 'from-env' },
    );
    assert.equal(plan.concurrency, 4);
    assert.equal(plan.targets.length, 2);
    const [prod, second] = plan.targets;
    assert.equal(prod?.name, 'prod');
    assert.equal(prod?.request.password, 'from-env');
    assert.equal(prod?.request.settings.timeoutMs, 2000);
    assert.deepEqual(prod?.request.settings.modes, ['passive', 'epsv']);
    assert.deepEqual(prod?.request.settings.expectPasvRange, { low: 50000, high: 50100 });
    assert.deepEqual(prod?.expectations, { modes: { passive: 'ok', active: 'fail' }, allow: ['ACTIVE_PORT_REJECTED'] });
    assert.equal(second?.name, 'ftp://203.0.113.9:21');
    assert.equal(second?.request.target.anonymous, true);
  });

  it('reads JSON too', () => {
    const plan = read('{"targets": [{"target": "198.51.100.2", "expect": {"pasv": "ok"}}]}');
    assert.deepEqual(plan.targets[0]?.expectations.modes, { passive: 'ok' });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['a syntax error', 'targets:\n  - target: [unclosed\n', /^targets\.yml:\d+: /],
    ['no targets', 'concurrency: 3\n', /expected "targets:"/],
    [
      'a family that is neither 4 nor 6',
      'targets:\n  - target: ftp.example.net\n    family: 5\n',
      /^targets\.yml:3: targets\[0\]\.family: must be 4 or 6, not "5"/,
    ],
    [
      'a family the address contradicts',
      'targets:\n  - target: 198.51.100.2\n    family: 6\n',
      /family: asks for IPv6, but the target 198\.51\.100\.2 is an IPv4 address/,
    ],
    [
      "a timeout over the command line's limit",
      'targets:\n  - target: 198.51.100.2\n    timeout: 3600\n',
      /timeout: must be a number of seconds above 0 and at most 600, not "3600"/,
    ],
    [
      'an unknown key, with its line',
      'targets:\n  - target: 198.51.100.2\n    modez: [passive]\n',
      /^targets\.yml:3: targets\[0\]\.modez: unknown key "modez"/,
    ],
    [
      'a bad expectation',
      'targets:\n  - target: 198.51.100.2\n    expect:\n      passive: sometimes\n',
      /^targets\.yml:4: targets\[0\]\.expect\.passive: must be ok, fail or any/,
    ],
    ['a bad target', 'targets:\n  - target: "host:99999"\n', /^targets\.yml:2: targets\[0\]\.target: the port "99999"/],
    [
      'an unset password variable',
      'targets:\n  - target: 198.51.100.2\n    user: bob\n    passwordEnv: NOT_SET_ANYWHERE\n',
      /passwordEnv: the environment variable NOT_SET_ANYWHERE is not set/,
    ],
    [
      'a user without password',
      'targets:\n  - target: 198.51.100.2\n    user: bob\n',
      /targets\[0\]\.user: no password for user "bob"/,
    ],
    [
      'an unknown finding code',
      'targets:\n  - target: 198.51.100.2\n    expect: { allow: [NOPE] }\n',
      /unknown finding code "NOPE"/,
    ],
    [
      'a duplicate name',
      'targets:\n  - { name: a, target: 198.51.100.2 }\n  - { name: a, target: 198.51.100.3 }\n',
      /targets\[1\]\.name: the name "a" is used twice/,
    ],
    [
      'a bad concurrency',
      'concurrency: 0\ntargets: [198.51.100.2]\n',
      /^targets\.yml:1: concurrency: must be a whole number/,
    ],
    [
      'an unknown TLS mode',
      'targets:\n  - target: 198.51.100.2\n    tls: sometimes\n',
      /tls: must be one of none, explicit, implicit, auto, not "sometimes"/,
    ],
  ];
  for (const [what, text, message] of bad) {
    it(`refuses ${what} with one line naming the place`, () => {
      assert.throws(
        () => read(text),
        (error: unknown) => error instanceof UsageError && message.test(error.message) && !error.message.includes('\n'),
      );
    });
  }
});
