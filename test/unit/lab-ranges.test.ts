import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overlappingRange } from '../lab/lab.js';
import { rangesOverlap } from '../../src/net/address.js';
import { ALL_LAB_RANGES, ALL_LAB_RANGES6 } from '../lab/topology.js';

describe('lab address ranges', () => {
  it("do not overlap this machine's network (192.0.2.0/24) or loopback", () => {
    const routes = [{ dst: 'default' }, { dst: '192.0.2.0/24' }, { dst: '192.0.2.2' }, { dst: '127.0.0.0/8' }];
    assert.equal(overlappingRange(routes), undefined);
  });
  it('are refused when one overlaps a route of the machine', () => {
    assert.deepEqual(overlappingRange([{ dst: '198.51.100.0/25' }]), {
      range: '198.51.100.0/24',
      route: '198.51.100.0/25',
    });
    assert.deepEqual(overlappingRange([{ dst: '10.0.0.0/8' }])?.range, '10.77.0.0/16');
  });
  it("IPv6: do not overlap this machine's fd00::/64, fe80::/64 or ::1, and are refused when they overlap a route", () => {
    const routes = [
      { dst: 'fd00::/64' },
      { dst: 'fe80::/64' },
      { dst: '::1' },
      { dst: 'ff00::/8' },
      { dst: 'fd00::2' },
      { dst: 'default' },
    ];
    assert.equal(overlappingRange(routes), undefined);
    assert.deepEqual(overlappingRange([{ dst: '2001:db8::/32' }])?.range, '2001:db8:18::/64');
    assert.deepEqual(overlappingRange([{ dst: '2001:db8:51::10' }]), {
      range: '2001:db8:51::/64',
      route: '2001:db8:51::10/128',
    });
  });
  it('IPv6 ranges stay inside the documentation prefix 2001:db8::/32', () => {
    assert.ok(
      ALL_LAB_RANGES6.every((range) => rangesOverlap(range, '2001:db8::/32') && Number(range.split('/')[1]) >= 32),
    );
  });
  it('never include 192.0.2.0/24', () => {
    assert.ok(!ALL_LAB_RANGES.some((range) => range.startsWith('192.0.2.')));
  });
});

describe('lab scenarios', () => {
  it('each has an id and a name of its own (FTP_DOCTOR_LAB_SCENARIO picks one by either), and a row in test/lab/README.md', async () => {
    const { LAB_SCENARIOS } = await import('../lab/scenarios.js');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { REPO_ROOT } = await import('../support/paths.js');
    const ids = LAB_SCENARIOS.map((s) => s.id);
    assert.deepEqual(ids, [...new Set(ids)], 'an id used twice');
    const names = LAB_SCENARIOS.map((s) => s.name);
    assert.deepEqual(names, [...new Set(names)], 'a name used twice');
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'test', 'lab', 'README.md'), 'utf8');
    for (const id of ids) assert.match(readme, new RegExp(`^\\| ${id} \\|`, 'm'), `scenario ${id} has no row`);
  });
});
