import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeUsage, parseUsage, renderUsage } from './map-usage.js';

describe('parseUsage / renderUsage / mergeUsage', () => {
  it('normalises OpenAI usage and keeps raw; absent counts stay undefined', () => {
    const raw = { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14, prompt_tokens_details: { cached_tokens: 6 }, completion_tokens_details: { reasoning_tokens: 3 } };
    assert.deepEqual(parseUsage(raw), { inputTokens: 10, outputTokens: 4, cacheReadTokens: 6, reasoningTokens: 3, raw });
    assert.deepEqual(parseUsage({ prompt_tokens: 5 }), { inputTokens: 5, raw: { prompt_tokens: 5 } });
    assert.deepEqual(parseUsage(null), {});
    assert.deepEqual(parseUsage({ prompt_tokens: '5', completion_tokens: -1 }), { raw: { prompt_tokens: '5', completion_tokens: -1 } });
  });

  it('renders zeros for unreported counts', () => {
    assert.deepEqual(renderUsage({}), {
      prompt_tokens: 0,
      completion_tokens: 0,
      total_tokens: 0,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('merges field by field without erasing counts', () => {
    assert.deepEqual(mergeUsage({ inputTokens: 5, outputTokens: 1 }, { outputTokens: 9, inputTokens: undefined }), { inputTokens: 5, outputTokens: 9 });
  });
});
