import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseError } from './parse-error.js';
import { readFixture, readPydanticCassette } from './test-helpers.js';

describe('openai-responses parseError (recorded errors)', () => {
  it('maps an upstream 400 to a 400 carrying its message (pydantic-ai invalid temperature)', () => {
    const [{ status, body }] = readPydanticCassette('pydantic-ai__test_openai_responses_model_http_error.yaml');
    const err = parseError(status, JSON.stringify(body));
    assert.equal(err.status, 400);
    assert.match(err.message, /temperature/);
  });

  it('maps the insufficient_quota body with 429 to a retryable rate limit with Retry-After (vercel-ai)', () => {
    const err = parseError(429, readFixture('vercel-ai__openai-error.1.json'), { 'retry-after-ms': '2500' });
    assert.equal(err.status, 429);
    assert.equal(err.retryable, true);
    assert.equal(err.retryAfter, 3, '2.5 s, rounded up to whole seconds');
    assert.equal(parseError(429, '{}', { 'retry-after': '3' }).retryAfter, 3);
  });

  it('maps credentials problems and 5xx to 502 and tolerates non-JSON bodies', () => {
    assert.equal(parseError(401, '{"error":{"message":"bad key sk-123"}}').status, 502);
    assert.equal(parseError(500, '<html>oops</html>').status, 502);
    assert.equal(parseError(503, '').status, 503);
  });
});
