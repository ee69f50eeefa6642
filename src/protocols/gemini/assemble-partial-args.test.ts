import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assemblePartialArgs } from './assemble-partial-args.js';

describe('assemblePartialArgs', () => {
  it('appends string fragments and sets other values along the path', () => {
    const args: Record<string, unknown> = {};
    assert.ok(assemblePartialArgs(args, { jsonPath: '$.location', stringValue: 'Bos', willContinue: true }));
    assert.ok(assemblePartialArgs(args, { jsonPath: '$.location', stringValue: 'ton' }));
    assert.ok(assemblePartialArgs(args, { jsonPath: '$.units.days', numberValue: 3 }));
    assert.ok(assemblePartialArgs(args, { jsonPath: '$.tags[0]', boolValue: true }));
    assert.ok(assemblePartialArgs(args, { jsonPath: "$['odd key']", nullValue: 'NULL_VALUE' }));
    assert.deepEqual(args, { location: 'Boston', units: { days: 3 }, tags: [true], 'odd key': null });
  });

  it('refuses what it cannot place safely', () => {
    const args: Record<string, unknown> = {};
    assert.equal(assemblePartialArgs(args, { jsonPath: 'location', stringValue: 'x' }), false);
    assert.equal(assemblePartialArgs(args, { jsonPath: '$.__proto__.polluted', stringValue: 'x' }), false);
    assert.equal(assemblePartialArgs(args, { jsonPath: '$.a[99999999]', stringValue: 'x' }), false);
    assert.equal(assemblePartialArgs(args, { jsonPath: '$.a' }), false);
    assert.deepEqual(args, {});
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
