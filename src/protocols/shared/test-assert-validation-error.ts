import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';

/** Asserts that `fn` throws a 400 validation_error with exactly this param and message. For tests. */
export function assertValidationError(fn: () => unknown, param: string | undefined, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof GatewayError, `expected a GatewayError, got ${String(err)}`);
    assert.equal(err.reason, 'validation_error');
    assert.equal(err.status, 400);
    assert.equal(err.message, message);
    assert.equal(err.param, param);
    return true;
  });
}
