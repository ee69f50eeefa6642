import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatUsd, formatMoney, parseMoney } from './money.js';

describe('money', () => {
  it('formats units as 8-decimal USD strings', () => {
    assert.equal(formatMoney(57_600), '0.00057600');
    assert.equal(formatMoney(0), '0.00000000');
    assert.equal(formatMoney(4_250_000_000), '42.50000000');
    assert.equal(formatMoney(-1), '-0.00000001');
    assert.equal(formatMoney(123_456_789_012_345n), '1234567.89012345');
  });

  it('parses decimal strings and numbers exactly, refusing more than 8 decimals', () => {
    assert.equal(parseMoney('10.00'), 1_000_000_000);
    assert.equal(parseMoney(10), 1_000_000_000);
    assert.equal(parseMoney('0.00057600'), 57_600);
    assert.equal(parseMoney(0.1), 10_000_000);
    assert.equal(parseMoney('-5'), -500_000_000);
    assert.equal(parseMoney(1e-7), 10);
    assert.equal(parseMoney('0.000000001'), undefined);
    assert.equal(parseMoney('0.100000000'), 10_000_000, 'trailing zeros beyond 8 decimals are fine');
    for (const bad of ['', 'abc', '1e5', '1.2.3', ' ', NaN, Infinity, null, {}, [], '99999999999999999999']) assert.equal(parseMoney(bad), undefined, String(bad));
  });

  it('formats dollars for people with the sign and all 8 decimals, never rounded', () => {
    assert.equal(formatUsd(2000), '$0.00002000');
    assert.equal(formatUsd(50_000_000), '$0.50000000');
    assert.equal(formatUsd(12_000_001), '$0.12000001');
    assert.equal(formatUsd(-150_000_000), '-$1.50000000');
    assert.equal(formatUsd(0), '$0.00000000');
  });
});
