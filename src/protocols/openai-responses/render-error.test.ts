import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { renderError } from './render-error.js';

describe('openai-responses renderError', () => {
  it("renders OpenAI's envelope, the code being the status as a string", () => {
    assert.deepEqual(renderError(new GatewayError('not_found', "Previous response with id 'resp_x' not found.", { param: 'previous_response_id' })), {
      status: 404,
      body: { error: { message: "Previous response with id 'resp_x' not found.", type: 'not_found', code: '404', reason: 'not_found', param: 'previous_response_id' } },
    });
  });

  it('never renders an unexposed message or the detail', () => {
    const { status, body } = renderError(new GatewayError('provider_error', 'upstream said: key sk-live-123 is invalid', { detail: 'host 10.0.0.1' }));
    assert.equal(status, 502);
    assert.doesNotMatch(JSON.stringify(body), /sk-live|10\.0\.0\.1/);
  });
});
