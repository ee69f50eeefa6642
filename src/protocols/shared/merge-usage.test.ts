import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeUsage } from './merge-usage.js';

describe('mergeUsage', () => {
  it('lets later counts replace earlier ones field by field; undefined never erases a count', () => {
    assert.deepEqual(mergeUsage({ inputTokens: 5, outputTokens: 1 }, { outputTokens: 9, inputTokens: undefined }), { inputTokens: 5, outputTokens: 9 });
    assert.deepEqual(
      mergeUsage({ inputTokens: 100, cacheReadTokens: 80, raw: { a: 1 } }, { cacheWriteTokens: 0, reasoningTokens: 2, raw: { b: 2 } }),
      { inputTokens: 100, cacheReadTokens: 80, cacheWriteTokens: 0, reasoningTokens: 2, raw: { b: 2 } },
    );
  });

  it('keeps the earlier raw object when the later report has none, and does not change its inputs', () => {
    const into = { outputTokens: 1, raw: { output_tokens: 1 } };
    assert.deepEqual(mergeUsage(into, { outputTokens: 3 }), { outputTokens: 3, raw: { output_tokens: 1 } });
    assert.deepEqual(into, { outputTokens: 1, raw: { output_tokens: 1 } });
  });
});
