import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { parseError } from './parse-error.js';
import { readFixture, readPydanticCassette } from './test-helpers.js';

const anthropicBody = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011CTest' });
const HTML = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>';

/** [upstream status, Anthropic error type, gateway reason, gateway status] */
const MAPPING: Array<[number, string, string, number]> = [
  [400, 'invalid_request_error', 'validation_error', 400],
  [401, 'authentication_error', 'provider_error', 502],
  [402, 'billing_error', 'provider_error', 502],
  [403, 'permission_error', 'provider_error', 502],
  [404, 'not_found_error', 'model_not_found', 404],
  [413, 'request_too_large', 'validation_error', 400],
  [429, 'rate_limit_error', 'rate_limit_exceeded', 429],
  [500, 'api_error', 'provider_error', 502],
  [504, 'timeout_error', 'provider_timeout', 504],
  [529, 'overloaded_error', 'provider_unavailable', 503],
];

describe('parseError', () => {
  for (const [status, type, reason, gatewayStatus] of MAPPING) {
    it(`maps upstream ${status} ${type} → ${gatewayStatus} ${reason}, with the Anthropic body and with an HTML body`, () => {
      for (const body of [anthropicBody(type, 'Something about the request'), HTML]) {
        const err = parseError(status, body);
        assert.ok(err instanceof GatewayError);
        assert.equal(err.reason, reason);
        assert.equal(err.status, gatewayStatus);
        assert.equal(err.upstreamStatus, status);
        assert.doesNotMatch(err.publicMessage, /<html|cloudflare|req_011/);
      }
    });
  }

  it('passes the upstream message of a 400 on (vercel-ai issue-17366, pydantic-ai effort xhigh)', () => {
    const orphan = parseError(400, readFixture('vercel-ai__anthropic-issue-17366-error.json'));
    assert.match(orphan.message, /^Upstream rejected the request: messages\.2\.content\.0: unexpected `tool_use_id`/);
    assert.match(parseError(400, readFixture('vercel-ai__anthropic-parallel-provider-client-tools.error.json')).message, /without `tool_result` blocks/);
    const [effort] = readPydanticCassette('pydantic-ai__test_anthropic_explicit_effort_xhigh_unsupported_model_errors.yaml');
    const err = parseError(effort.status, JSON.stringify(effort.responseJson), effort.headers);
    assert.equal(err.message, "Upstream rejected the request: This model does not support effort level 'xhigh'. Supported levels: high, low, max, medium.");
  });

  it('maps an unknown model to 404 without leaking the upstream text (pydantic-ai model_name_suggestion)', () => {
    const [x] = readPydanticCassette('pydantic-ai__test_model_name_suggestion-anthropic.yaml');
    const err = parseError(x.status, JSON.stringify(x.responseJson));
    assert.equal(err.reason, 'model_not_found');
    assert.equal(err.message, 'The model was not found upstream');
    assert.match(err.detail ?? '', /^upstream status 404/);
    assert.doesNotMatch(err.detail ?? '', /claude-sonet-4-5/, 'an upstream message may quote the request: not for the log');
  });

  it('keeps 401/403/5xx messages out of what the client sees', () => {
    for (const status of [401, 403, 500, 529]) {
      const err = parseError(status, anthropicBody('authentication_error', 'invalid x-api-key sk-ant-secret'));
      assert.doesNotMatch(err.publicMessage, /sk-ant|x-api-key/);
      assert.doesNotMatch(err.detail ?? '', /sk-ant-secret/);
      assert.match(err.detail ?? '', new RegExp(`^upstream status ${status}`));
    }
  });

  it('tolerates HTML, empty and truncated bodies', () => {
    assert.equal(parseError(400, HTML).message, 'Upstream rejected the request as invalid');
    assert.equal(parseError(400, '').message, 'Upstream rejected the request as invalid');
    assert.equal(parseError(400, '{"type":"error","error":{"message":"cut').message, 'Upstream rejected the request as invalid');
    assert.equal(parseError(400, 'null').message, 'Upstream rejected the request as invalid');
    assert.equal(parseError(400, '{"type":"error","error":{"type":"invalid_request_error"}}').message, 'Upstream rejected the request as invalid');
    assert.ok(parseError(400, anthropicBody('invalid_request_error', 'x'.repeat(5000))).message.length < 1100);
  });

  it('reads retry-after for 429, case-insensitively', () => {
    const body = anthropicBody('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit');
    assert.equal(parseError(429, body, { 'retry-after': '7' }).retryAfter, 7);
    assert.equal(parseError(429, body, { 'Retry-After': ['3'] }).retryAfter, 3);
    assert.equal(parseError(429, body, { 'retry-after': '0.4' }).retryAfter, 1);
    assert.equal(parseError(429, body, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }).retryAfter, 1);
    assert.equal(parseError(429, body).retryAfter, 1);
    assert.equal(parseError(429, body, { 'retry-after': '12' }).message, 'Rate limit exceeded. Retry after 12 seconds.');
  });
});
