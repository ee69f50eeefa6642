import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { affordableOutputTokens, estimateHold } from './estimate-hold.js';
import { withMargin } from './estimate-input-tokens.js';
import { countInputTokens } from './count-input-tokens.js';
import { parseMarkup, type ModelPrice } from './model-price.js';
import { priceUsage } from './price-usage.js';
import type { ChatRequest } from '../core/chat-request.js';

const M = 100_000_000;
const price: ModelPrice = { input: 3 * M, output: 15 * M, cacheRead: 0.3 * M, cacheWrite: 3.75 * M, reasoning: 15 * M };
const markup = parseMarkup('1.05')!;

describe('estimateHold', () => {
  it('prices every input token at the dearest input rate and every output token at the dearest output rate', () => {
    // 1000 × 3.75 + 100 × 15 = 5250 µ$ → × 1.05 = 5512.5 → rounded up
    assert.equal(estimateHold(1000, 100, price, markup), 551_250);
  });

  it('is never below the charge of any usage within its bounds', () => {
    const hold = estimateHold(1000, 100, price, markup);
    for (const u of [
      { inputTokens: 1000, outputTokens: 100 },
      { inputTokens: 1000, cacheWriteTokens: 1000, outputTokens: 100 },
      { inputTokens: 1000, cacheReadTokens: 600, cacheWriteTokens: 400, outputTokens: 100, reasoningTokens: 100 },
    ]) assert.ok(priceUsage(u, price, markup).cost <= hold);
  });
});

describe('affordableOutputTokens', () => {
  it('finds the most output a balance covers after the input, and the hold for it fits', () => {
    for (const available of [600_000, 1_000_000, 12_345_678]) {
      const n = affordableOutputTokens(available, 1000, price, markup);
      assert.ok(estimateHold(1000, n, price, markup) <= available, `hold for ${n} fits ${available}`);
      assert.ok(estimateHold(1000, n + 2, price, markup) > available, `${n + 2} would not fit`);
    }
    assert.equal(affordableOutputTokens(100, 1000, price, markup), 0);
  });
});

describe('input token estimate', () => {
  const req: ChatRequest = {
    model: 'm', stream: false,
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'You are helpful.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hello, world! '.repeat(50) }, { type: 'image', url: 'https://x/y.png' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'sunny' }] }] },
    ],
    tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
  };

  it('counts text with the tokenizer, images at an upper bound, and adds a margin for other tokenizers', async () => {
    const counted = await countInputTokens(req);
    assert.ok(counted > 1600 + 150 && counted < 1600 + 300, `counted ${counted}`);
    assert.ok(withMargin(counted) >= Math.ceil(counted * 1.25));
  });

  it('gives the same count for the same long text (memoised) and never throws on empty input', async () => {
    assert.equal(await countInputTokens(req), await countInputTokens(req));
    assert.ok(withMargin(await countInputTokens({ model: 'm', stream: false, messages: [] })) > 0);
  });
});
