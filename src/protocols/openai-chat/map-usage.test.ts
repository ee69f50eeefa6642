import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseUsage, renderUsage } from './map-usage.js';

describe('parseUsage / renderUsage', () => {
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

  it('reads and renders cache writes as OpenRouter\'s prompt_tokens_details.cache_write_tokens', () => {
    const raw = { prompt_tokens: 194, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 100 } };
    assert.deepEqual(parseUsage(raw), { inputTokens: 194, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 100, raw });
    // An Anthropic upstream's cache write: inside prompt_tokens, and named apart.
    assert.deepEqual(renderUsage({ inputTokens: 18642, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 18639 }), {
      prompt_tokens: 18642,
      completion_tokens: 1,
      total_tokens: 18643,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 18639 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    assert.deepEqual(renderUsage({ inputTokens: 5, cacheWriteTokens: 0 }).prompt_tokens_details, { cached_tokens: 0 });
    const { raw: _raw, ...parsed } = parseUsage(renderUsage({ inputTokens: 1532, outputTokens: 33, cacheReadTokens: 1111, cacheWriteTokens: 418 }));
    assert.deepEqual(parsed, { inputTokens: 1532, outputTokens: 33, cacheReadTokens: 1111, cacheWriteTokens: 418, reasoningTokens: 0 });
  });

});
