import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_REGISTRY, GatewayError, type ErrorReason } from '../../core/index.js';
import { renderError } from './render-error.js';

describe('gemini renderError', () => {
  it("renders Google's envelope with Google's status names (api.md §4)", () => {
    const names: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 402: 'FAILED_PRECONDITION', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 408: 'DEADLINE_EXCEEDED', 429: 'RESOURCE_EXHAUSTED', 431: 'INVALID_ARGUMENT', 500: 'INTERNAL', 502: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' };
    for (const reason of Object.keys(ERROR_REGISTRY) as ErrorReason[]) {
      const err = new GatewayError(reason, 'The message', { detail: 'internal detail' });
      const { status, body } = renderError(err);
      assert.equal(status, err.status);
      const e = (body as { error: { code: number; message: string; status: string } }).error;
      assert.equal(e.code, err.status);
      assert.equal(e.message, err.publicMessage);
      if (names[err.status]) assert.equal(e.status, names[err.status], reason);
      assert.doesNotMatch(JSON.stringify(body), /internal detail/);
    }
  });

  it('sends the seed wording for 402', () => {
    const { body } = renderError(new GatewayError('insufficient_balance', 'Insufficient balance. Current: $0.12, Required: $0.50'));
    assert.deepEqual(body, { error: { code: 402, message: 'Insufficient balance. Current: $0.12, Required: $0.50', status: 'FAILED_PRECONDITION' } });
  });
});
