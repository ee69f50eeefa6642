import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkIpEntry, ipAllowed } from './authorize.js';

describe('ipAllowed', () => {
  it('matches addresses and CIDR ranges of both families', () => {
    const list = ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '::1'];
    for (const ip of ['10.1.2.3', '192.168.1.7', '2001:db8:1::5', '::1', '::ffff:10.9.9.9']) assert.ok(ipAllowed(list, ip), ip);
    for (const ip of ['11.0.0.1', '192.168.1.8', '2001:db9::1', 'not-an-ip', '']) assert.ok(!ipAllowed(list, ip), ip);
  });

  it('validates entries', () => {
    assert.equal(checkIpEntry('10.0.0.0/8'), undefined);
    assert.equal(checkIpEntry('::1'), undefined);
    assert.match(checkIpEntry('10.0.0.0/33') ?? '', /prefix/);
    assert.match(checkIpEntry('example.com') ?? '', /not an IP/);
    assert.match(checkIpEntry('1.2.3.4/8/9') ?? '', /not an IP/);
  });
});
