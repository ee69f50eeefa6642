import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_REGISTRY, GatewayError, type ErrorReason } from '../../core/index.js';
import { renderError } from './render-error.js';

describe('renderError', () => {
  it('renders the Anthropic envelope with the status and type of the gateway table, for every reason', () => {
    for (const reason of Object.keys(ERROR_REGISTRY) as ErrorReason[]) {
      const { status, body } = renderError(new GatewayError(reason, 'message text'));
      assert.equal(status, ERROR_REGISTRY[reason].status);
      assert.deepEqual(Object.keys(body), ['type', 'error']);
      assert.equal(body.type, 'error');
      assert.equal((body.error as { type: string }).type, ERROR_REGISTRY[reason].type);
    }
  });

  it('renders the seed messages: 401, 402, 429', () => {
    assert.deepEqual(renderError(new GatewayError('invalid_api_key', 'Invalid API key')), {
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: 'Invalid API key' } },
    });
    assert.deepEqual(renderError(new GatewayError('insufficient_balance', 'Insufficient balance. Current: $0.12, Required: $0.50')).body, {
      type: 'error',
      error: { type: 'insufficient_quota', message: 'Insufficient balance. Current: $0.12, Required: $0.50' },
    });
    assert.equal(renderError(new GatewayError('rate_limit_exceeded', 'Rate limit exceeded. Retry after 2 seconds.', { retryAfter: 2 })).status, 429);
  });

  it('never renders an unexposed message or the detail', () => {
    const { status, body } = renderError(new GatewayError('provider_error', 'upstream said: sk-ant-secret', { detail: 'host 10.0.0.3' }));
    assert.equal(status, 502);
    assert.deepEqual(body, { type: 'error', error: { type: 'upstream_error', message: 'The upstream provider returned an invalid response' } });
  });
});
