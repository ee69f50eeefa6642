import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseError } from './parse-error.js';
import { recordedErrors } from './test-helpers.js';

describe('gemini parseError', () => {
  it('maps every recorded error as api.md §4 says', () => {
    const expected: Record<number, string> = { 400: 'validation_error', 403: 'provider_error', 404: 'model_not_found' };
    for (const [name, status, body] of recordedErrors()) {
      const err = parseError(status, body);
      assert.equal(err.reason, expected[status], name);
      if (status === 400) assert.ok(err.publicMessage.includes((JSON.parse(body) as { error: { message: string } }).error.message.slice(0, 20)), name);
      assert.doesNotMatch(err.detail ?? '', /Penalty|Thinking level/, 'an upstream message never goes to the log');
    }
  });

  it("takes Google's 400 API_KEY_INVALID as the gateway's credential problem, not the client's", () => {
    const body = JSON.stringify({ error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] } });
    const err = parseError(400, body);
    assert.equal(err.reason, 'provider_error');
    assert.doesNotMatch(err.publicMessage, /API key not valid/);
  });

  it('reads the wait of a 429 from retry-after or from RetryInfo, and tolerates any body', () => {
    const quota = JSON.stringify([{ error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' }] } }]);
    assert.equal(parseError(429, quota).retryAfter, 37);
    assert.equal(parseError(429, quota, { 'retry-after': '5' }).retryAfter, 5);
    assert.equal(parseError(503, '<html>busy</html>').reason, 'provider_unavailable');
    assert.equal(parseError(500, '').reason, 'provider_error');
    assert.equal(parseError(400, '{"error":{}}').publicMessage, 'Upstream rejected the request as invalid');
  });
});
