import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';

// PowerShell is not on Linux CI; the Windows workflow, where it is, runs this file too and asks the completer for real.
describe('PowerShell completion', () => {
  it('completion powershell registers a native completer for ftp-doctor and npx, with each command its own options', async () => {
    const run = await runCli(['completion', 'powershell']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Register-ArgumentCompleter -Native -CommandName 'ftp-doctor', 'npx'/);
    assert.match(run.stdout, /'audit' = @\([^)]*'--site'[^)]*\)/);
    assert.doesNotMatch(/'audit' = @\([^)]*\)/.exec(run.stdout)![0], /--modes/);
    assert.match(run.stdout, /'--format' = @\('text', 'json'/);
    assert.match(run.stdout, /'PASV_PRIVATE_ADDRESS'/);
    assert.equal((await runCli(['completion', 'fish'])).code, 2);
    // Where PowerShell runs (the Windows workflow), the completer is asked as a user's Tab would.
    const pwsh = spawnSync('pwsh', ['-Version'], { encoding: 'utf8' });
    if (pwsh.status !== 0) return;
    const complete = (line: string): string[] =>
      spawnSync(
        'pwsh',
        [
          '-NoProfile',
          '-Command',
          `${run.stdout}\n(TabExpansion2 -inputScript '${line}' -cursorColumn ${line.length}).CompletionMatches.CompletionText`,
        ],
        { encoding: 'utf8' },
      )
        .stdout.trim()
        .split(/\r?\n/);
    assert.deepEqual(complete('ftp-doctor ch'), ['check']);
    assert.deepEqual(complete('npx ftp-doctor probe --format ju'), ['junit']);
    assert.deepEqual(complete('ftp-doctor explain VERDICT_F'), ['VERDICT_FAILED']);
    assert.ok(complete('ftp-doctor audit --si').includes('--site'));
  });
});
