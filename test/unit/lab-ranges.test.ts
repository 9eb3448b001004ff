import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overlappingRange } from '../lab/lab.js';
import { ALL_LAB_RANGES } from '../lab/topology.js';

describe('lab address ranges', () => {
  it('do not overlap this machine\'s network (192.0.2.0/24) or loopback', () => {
    const routes = [{ dst: 'default' }, { dst: '192.0.2.0/24' }, { dst: '192.0.2.2' }, { dst: '127.0.0.0/8' }];
    assert.equal(overlappingRange(routes), undefined);
  });
  it('are refused when one overlaps a route of the machine', () => {
    assert.deepEqual(overlappingRange([{ dst: '198.51.100.0/25' }]), { range: '198.51.100.0/24', route: '198.51.100.0/25' });
    assert.deepEqual(overlappingRange([{ dst: '10.0.0.0/8' }])?.range, '10.77.0.0/16');
  });
  it('never include 192.0.2.0/24', () => {
    assert.ok(!ALL_LAB_RANGES.some((range) => range.startsWith('192.0.2.')));
  });
});
