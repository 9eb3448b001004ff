import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFileKind } from '../../src/input/check-file.js';

describe('what check was given', () => {
  it('a targets file, a compose file or Kubernetes manifests, by their keys; anything else is read as targets', () => {
    assert.equal(checkFileKind('targets:\n  - ftp.example.com\n'), 'targets');
    assert.equal(checkFileKind('{"targets": ["ftp.example.com"]}'), 'targets');
    assert.equal(checkFileKind('services:\n  ftp:\n    image: fauria/vsftpd\n'), 'compose');
    assert.equal(
      checkFileKind('---\napiVersion: v1\nkind: Service\n---\napiVersion: apps/v1\nkind: Deployment\n'),
      'kubernetes',
    );
    // A targets file with a YAML error is the targets reader's to report, line and all.
    assert.equal(checkFileKind('targets: [unclosed\n'), 'targets');
    assert.equal(checkFileKind(''), 'targets');
    assert.equal(checkFileKind('- a list\n'), 'targets');
  });
});
