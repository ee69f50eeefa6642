import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { parseError } from './parse-error.js';
import { readCassette, readFixture } from './test-helpers.js';

const openaiBody = (message: string) => JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } });
const HTML = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>';

/** [upstream status, gateway reason, gateway status] for every row of core's mapUpstreamStatus. */
const MAPPING: Array<[number, string, number]> = [
  [400, 'validation_error', 400],
  [413, 'validation_error', 400],
  [422, 'validation_error', 400],
  [401, 'provider_error', 502],
  [403, 'provider_error', 502],
  [404, 'model_not_found', 404],
  [408, 'provider_timeout', 504],
  [429, 'rate_limit_exceeded', 429],
  [500, 'provider_error', 502],
  [502, 'provider_error', 502],
  [503, 'provider_unavailable', 503],
  [504, 'provider_timeout', 504],
  [529, 'provider_unavailable', 503],
];

describe('parseError', () => {
  for (const [status, reason, gatewayStatus] of MAPPING) {
    it(`maps upstream ${status} → ${gatewayStatus} ${reason}, with a JSON body and with an HTML body`, () => {
      for (const body of [openaiBody('Something about the request'), HTML]) {
        const err = parseError(status, body);
        assert.ok(err instanceof GatewayError);
        assert.equal(err.reason, reason);
        assert.equal(err.status, gatewayStatus);
        assert.equal(err.upstreamStatus, status);
        assert.doesNotMatch(err.publicMessage, /<html|cloudflare/);
      }
    });
  }

  it('passes the upstream message of a 400 on (envoy chat-bad-request cassette)', () => {
    const c = readCassette('envoy-ai-gateway__chat-bad-request.yaml');
    const err = parseError(c.status, c.responseBody, c.headers as Record<string, string[]>);
    assert.equal(err.reason, 'validation_error');
    assert.equal(err.message, "Upstream rejected the request: Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.");
  });

  it('reads the legacy-parameter error body (vercel-ai)', () => {
    const err = parseError(400, readFixture('vercel-ai__reasoning-model-legacy-parameter-error.json'));
    assert.match(err.message, /Use 'max_completion_tokens' instead/);
  });

  it('maps an unknown model to 404 without leaking the upstream text (envoy chat-unknown-model)', () => {
    const c = readCassette('envoy-ai-gateway__chat-unknown-model.yaml');
    const err = parseError(c.status, c.responseBody);
    assert.equal(err.reason, 'model_not_found');
    assert.equal(err.message, 'The model was not found upstream');
    assert.match(err.detail ?? '', /^upstream status 404/);
    assert.doesNotMatch(err.detail ?? '', /gpt-4\.1-nano-wrong/, 'an upstream message may quote the request: not for the log');
  });

  it('tolerates HTML, empty and truncated bodies', () => {
    assert.equal(parseError(400, HTML).message, 'Upstream rejected the request as invalid');
    assert.equal(parseError(400, '').message, 'Upstream rejected the request as invalid');
    assert.equal(parseError(400, '{"error": {"message": "cut').message, 'Upstream rejected the request as invalid');
    assert.equal(parseError(400, 'null').message, 'Upstream rejected the request as invalid');
    assert.equal(parseError(400, '{"error":"plain string"}').message, 'Upstream rejected the request: plain string');
    assert.ok(parseError(400, openaiBody('x'.repeat(5000))).message.length < 1100);
  });

  it('reads retry-after seconds for 429, case-insensitively, with retry-after-ms as a fallback', () => {
    assert.equal(parseError(429, openaiBody('slow down'), { 'retry-after': '7' }).retryAfter, 7);
    assert.equal(parseError(429, openaiBody('slow down'), { 'Retry-After': ['3'] }).retryAfter, 3);
    assert.equal(parseError(429, '', { 'retry-after-ms': '1500' }).retryAfter, 2);
    assert.equal(parseError(429, '', { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }).retryAfter, 1);
    assert.equal(parseError(429, '').retryAfter, 1);
    assert.equal(parseError(429, '').message, 'Rate limit exceeded. Retry after 1 seconds.');
  });
});
