import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseUsage, renderUsage } from './map-usage.js';

describe('map-usage', () => {
  it('adds cache reads and writes to inputTokens, keeps the raw object, leaves absent counts undefined', () => {
    const raw = { input_tokens: 3, cache_creation_input_tokens: 418, cache_read_input_tokens: 1111, output_tokens: 33, service_tier: 'standard' };
    assert.deepEqual(parseUsage(raw), { inputTokens: 1532, outputTokens: 33, cacheReadTokens: 1111, cacheWriteTokens: 418, raw });
    assert.deepEqual(parseUsage({ output_tokens: 7 }), { outputTokens: 7, raw: { output_tokens: 7 } });
    assert.deepEqual(parseUsage({ input_tokens: -1, output_tokens: 'x' }), { raw: { input_tokens: -1, output_tokens: 'x' } });
    assert.deepEqual(parseUsage(null), {});
  });

  it('renders back the three input numbers, never negative, with 0 for absent counts', () => {
    assert.deepEqual(renderUsage(parseUsage({ input_tokens: 3, cache_creation_input_tokens: 418, cache_read_input_tokens: 1111, output_tokens: 33 })), {
      input_tokens: 3,
      output_tokens: 33,
      cache_creation_input_tokens: 418,
      cache_read_input_tokens: 1111,
    });
    assert.deepEqual(renderUsage({ inputTokens: 10, cacheReadTokens: 20 }), { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 20 });
    assert.deepEqual(renderUsage({}), { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });
});
