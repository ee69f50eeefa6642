import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderConfig } from '../config/gateway-config.js';
import { buildJsonHeaders } from './build-json-headers.js';

const provider = (over: Partial<ProviderConfig>): ProviderConfig => ({ id: 'p', protocol: 'openai', baseUrl: 'http://127.0.0.1:1', headers: {}, connections: 1, exposeUpstreamErrors: false, ...over });

test('JSON in, JSON or an event stream out; the key in the named header after its prefix', () => {
  assert.deepEqual(buildJsonHeaders(provider({ apiKey: 'sk-1' }), true, 'authorization', 'Bearer '), { 'content-type': 'application/json', accept: 'text/event-stream', authorization: 'Bearer sk-1' });
  assert.deepEqual(buildJsonHeaders(provider({ apiKey: 'g-1' }), false, 'x-goog-api-key'), { 'content-type': 'application/json', accept: 'application/json', 'x-goog-api-key': 'g-1' });
});

test('configured headers override the defaults but not the key; no key, no key header', () => {
  const h = buildJsonHeaders(provider({ headers: { accept: 'application/x-ndjson', authorization: 'Bearer configured', 'x-extra': '1' } }), false, 'authorization', 'Bearer ');
  assert.deepEqual(h, { 'content-type': 'application/json', accept: 'application/x-ndjson', authorization: 'Bearer configured', 'x-extra': '1' });
  assert.equal(buildJsonHeaders(provider({ apiKey: 'sk-2', headers: { authorization: 'Bearer configured' } }), false, 'authorization', 'Bearer ').authorization, 'Bearer sk-2');
});
