import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readTokenCount } from './read-token-count.js';

describe('readTokenCount', () => {
  it('reads finite counts of 0 and more; anything else is unreported, never 0', () => {
    assert.equal(readTokenCount(0), 0);
    assert.equal(readTokenCount(18639), 18639);
    for (const v of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5', null, undefined, {}]) assert.equal(readTokenCount(v), undefined, String(v));
  });
});
