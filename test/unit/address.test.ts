import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAddress, rangesOverlap, sameAddress, sameScope } from '../../src/net/address.js';

describe('classifyAddress', () => {
  const table: Array<[string, string]> = [
    ['10.20.0.2', 'private'],
    ['172.17.1.21', 'private'],
    ['192.168.178.2', 'private'],
    ['100.64.3.4', 'carrier-grade-nat'],
    ['169.254.10.1', 'link-local'],
    ['127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['8.8.8.8', 'public'],
    ['192.0.2.7', 'public'],
    ['198.51.100.2', 'public'],
    ['203.0.113.9', 'public'],
    ['198.18.0.5', 'public'],
    ['198.19.255.1', 'public'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd00::5', 'unique-local'],
    ['2001:db8::1', 'public'],
    ['2606:4700::1', 'public'],
    ['::ffff:10.0.0.1', 'private'],
    ['::', 'unspecified'],
  ];
  for (const [address, scope] of table) {
    it(`${address} is ${scope}`, () => assert.equal(classifyAddress(address).scope, scope));
  }
  it('unwraps IPv4-mapped addresses', () => {
    assert.equal(classifyAddress('::ffff:192.168.1.1').mappedIPv4, '192.168.1.1');
  });
});

describe('scope comparisons', () => {
  it('treats two public addresses as the same scope', () => assert.equal(sameScope('198.51.100.2', '8.8.8.8'), true));
  it('tells a private address from a public one', () => assert.equal(sameScope('10.0.0.5', '198.51.100.2'), false));
  it('tells a private address from loopback', () => assert.equal(sameScope('10.20.0.2', '127.0.0.1'), false));
  it('compares mapped and plain forms of one address', () =>
    assert.equal(sameAddress('::ffff:127.0.0.1', '127.0.0.1'), true));
  it('finds overlapping ranges', () => {
    assert.equal(rangesOverlap('192.0.2.0/24', '192.0.2.128/25'), true);
    assert.equal(rangesOverlap('192.0.2.0/24', '198.51.100.0/24'), false);
    assert.equal(rangesOverlap('0.0.0.0/0', '203.0.113.0/24'), true);
  });
});
