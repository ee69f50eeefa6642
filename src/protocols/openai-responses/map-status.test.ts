import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatus, renderStatus } from './map-status.js';
import { parseUsage, renderUsage } from './map-usage.js';

describe('openai-responses status and usage', () => {
  it('maps finish reasons to statuses and back', () => {
    assert.deepEqual(renderStatus({ unified: 'stop' }), { status: 'completed', incompleteDetails: null });
    assert.deepEqual(renderStatus({ unified: 'tool-calls' }), { status: 'completed', incompleteDetails: null });
    assert.deepEqual(renderStatus({ unified: 'length' }), { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } });
    assert.deepEqual(renderStatus({ unified: 'content-filter' }), { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } });
    assert.deepEqual(renderStatus(undefined), { status: 'completed', incompleteDetails: null });
    assert.deepEqual(parseStatus('completed', undefined, true), { unified: 'tool-calls', raw: 'completed' });
    assert.deepEqual(parseStatus('incomplete', 'max_output_tokens', false), { unified: 'length', raw: 'max_output_tokens' });
    assert.deepEqual(parseStatus('failed', undefined, false), { unified: 'error', raw: 'failed' });
    assert.deepEqual(parseStatus(undefined, undefined, false), { unified: 'other' });
  });

  it('reads usage as reported (no invented zeros) and renders every count', () => {
    const raw = { input_tokens: 865, input_tokens_details: { cached_tokens: 100 }, output_tokens: 163, output_tokens_details: { reasoning_tokens: 128 }, total_tokens: 1028 };
    assert.deepEqual(parseUsage(raw), { inputTokens: 865, outputTokens: 163, cacheReadTokens: 100, reasoningTokens: 128, raw });
    assert.deepEqual(parseUsage({ input_tokens: 5 }), { inputTokens: 5, raw: { input_tokens: 5 } });
    assert.deepEqual(parseUsage(null), {});
    assert.deepEqual(renderUsage({ inputTokens: 865, outputTokens: 163, cacheReadTokens: 100, reasoningTokens: 128 }), raw);
    assert.deepEqual(renderUsage({}).total_tokens, 0);
    // cache writes: inside input, reported apart only when there were some
    const withWrites = renderUsage({ inputTokens: 1700, outputTokens: 300, cacheReadTokens: 500, cacheWriteTokens: 200 });
    assert.deepEqual(withWrites.input_tokens_details, { cached_tokens: 500, cache_write_tokens: 200 });
    assert.deepEqual(parseUsage(withWrites), { inputTokens: 1700, outputTokens: 300, cacheReadTokens: 500, cacheWriteTokens: 200, reasoningTokens: 0, raw: withWrites });
  });
});
