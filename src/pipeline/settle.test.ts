import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isTransientStoreError } from './settle.js';

describe('isTransientStoreError', () => {
  it('retries a busy or locked database and a lost connection', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', '57P01', '08006', '40001', '40P01']) {
      assert.equal(isTransientStoreError(Object.assign(new Error('x'), { code })), true, code);
    }
    assert.equal(isTransientStoreError(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'SQLITE_BUSY' }) })), true);
  });

  it('never retries a validation failure or a constraint violation', () => {
    assert.equal(isTransientStoreError(new RangeError('charge must be a safe integer')), false);
    assert.equal(isTransientStoreError(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_CHECK' })), false);
    assert.equal(isTransientStoreError(Object.assign(new Error('x'), { code: '23505' })), false);
    assert.equal(isTransientStoreError(undefined), false);
  });
});
