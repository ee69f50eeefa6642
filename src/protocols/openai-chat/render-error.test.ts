import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_REGISTRY, GatewayError, type ErrorReason } from '../../core/index.js';
import { renderError } from './render-error.js';

describe('renderError', () => {
  it('renders the OpenAI envelope with the status as a string code, reason and param', () => {
    const err = new GatewayError('validation_error', "'model' is required", { param: 'model' });
    assert.deepEqual(renderError(err), {
      status: 400,
      body: { error: { message: "'model' is required", type: 'invalid_request_error', code: '400', reason: 'validation_error', param: 'model' } },
    });
  });

  it('renders every registry reason with its status and type, hiding unexposed messages', () => {
    for (const reason of Object.keys(ERROR_REGISTRY) as ErrorReason[]) {
      const { status, body } = renderError(new GatewayError(reason, 'internal: 10.0.0.7 said no', { detail: 'secret' }));
      const spec = ERROR_REGISTRY[reason];
      assert.equal(status, spec.status);
      const error = body.error as Record<string, unknown>;
      assert.equal(error.type, spec.type);
      assert.equal(error.code, String(spec.status));
      assert.equal(error.reason, reason);
      assert.equal(error.param, null);
      if (!spec.expose) assert.doesNotMatch(String(error.message), /10\.0\.0\.7/);
      assert.doesNotMatch(JSON.stringify(body), /secret/);
    }
  });

  it('renders the 402 message of the spec verbatim', () => {
    const { body } = renderError(new GatewayError('insufficient_balance', 'Insufficient balance. Current: $0.12, Required: $0.50'));
    assert.deepEqual(body, {
      error: { message: 'Insufficient balance. Current: $0.12, Required: $0.50', type: 'insufficient_quota', code: '402', reason: 'insufficient_balance', param: null },
    });
  });
});
