import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from './test-seeded-random.js';

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed, in range', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 200 }, () => a(10));
    assert.deepEqual(Array.from({ length: 200 }, () => b(10)), xs);
    assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 10));
    assert.ok(new Set(xs).size > 5, 'spread over the range');
    assert.notDeepEqual(Array.from({ length: 20 }, () => seededRandom(8)(1000)), xs.slice(0, 20));
  });
});
