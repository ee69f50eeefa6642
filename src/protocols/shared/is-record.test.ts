import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isRecord } from './is-record.js';

describe('isRecord', () => {
  it('accepts JSON objects only', () => {
    assert.equal(isRecord({}), true);
    assert.equal(isRecord(JSON.parse('{"__proto__":1}')), true);
    for (const v of [null, undefined, [], 'x', 1, true]) assert.equal(isRecord(v), false, String(v));
  });
});
