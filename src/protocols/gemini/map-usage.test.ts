import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseUsage, renderUsage } from './map-usage.js';
import { readJsonFixture, readPydanticCassette } from './test-helpers.js';

describe('gemini usage', () => {
  it('bills thoughts as output and counts the cached part inside input (pydantic-ai youtube: implicit cache hit)', () => {
    const [x] = readPydanticCassette('pydantic-ai__test_google_model_mobile_youtube_video_url_input.yaml');
    const raw = (x.responseJson as { usageMetadata: Record<string, number> }).usageMetadata;
    const u = parseUsage(raw);
    assert.equal(u.inputTokens, raw.promptTokenCount);
    assert.equal(u.cacheReadTokens, 17379);
    assert.equal(u.reasoningTokens, 821);
    assert.equal(u.outputTokens, raw.candidatesTokenCount + 821);
    assert.equal(u.cacheWriteTokens, undefined, 'Gemini reports no cache writes');
    assert.equal(u.raw, raw);
  });

  it('reads vercel-ai google-text: 9 in, 28 + 244 thoughts out', () => {
    const u = parseUsage((readJsonFixture('vercel-ai__google-text.json') as { usageMetadata: unknown }).usageMetadata);
    assert.deepEqual({ ...u, raw: undefined }, { inputTokens: 9, outputTokens: 272, reasoningTokens: 244, raw: undefined });
  });

  it('adds tool-use prompt tokens to input; a chunk without counts (Vertex trafficType) is no usage', () => {
    assert.equal(parseUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 1 }).inputTokens, 15);
    assert.deepEqual(parseUsage({ trafficType: 'ON_DEMAND' }), {});
    assert.deepEqual(parseUsage(null), {});
    assert.equal(parseUsage({ promptTokenCount: -1, candidatesTokenCount: 'x' }).inputTokens, undefined);
  });

  it('renders back what it parsed, and keeps cache writes inside the prompt count', () => {
    const raw = { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 150, cachedContentTokenCount: 40, thoughtsTokenCount: 30 };
    assert.deepEqual(renderUsage(parseUsage(raw)), raw);
    assert.deepEqual(renderUsage({ inputTokens: 1700, outputTokens: 300, cacheReadTokens: 500, cacheWriteTokens: 200 }), {
      promptTokenCount: 1700, candidatesTokenCount: 300, totalTokenCount: 2000, cachedContentTokenCount: 500,
    });
    assert.deepEqual(renderUsage({}), { promptTokenCount: 0, candidatesTokenCount: 0, totalTokenCount: 0 });
  });
});
