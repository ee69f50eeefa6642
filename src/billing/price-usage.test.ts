import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { priceUsage } from './price-usage.js';
import { parseMarkup, type ModelPrice } from './model-price.js';

const M = 100_000_000; // units per $1 per 1M tokens
const sonnet: ModelPrice = { input: 3 * M, output: 15 * M, cacheRead: 0.3 * M, cacheWrite: 3.75 * M, reasoning: 15 * M };
const markup = parseMarkup('1.05')!;

describe('priceUsage', () => {
  it('reproduces the worked example: 2000 in + 500 out at $3/$15 → $0.0135 upstream, $0.014175 charged', () => {
    assert.deepEqual(priceUsage({ inputTokens: 2000, outputTokens: 500 }, sonnet, markup), { upstreamCost: 1_350_000, cost: 1_417_500 });
  });

  it('prices cache reads and writes at their own rates, never also as plain input', () => {
    // 1700 input of which 500 read and 200 written: 1000 plain × 3 + 500 × 0.3 + 200 × 3.75 + 300 × 15 = $0.0084
    const c = priceUsage({ inputTokens: 1700, cacheReadTokens: 500, cacheWriteTokens: 200, outputTokens: 300 }, sonnet, markup);
    assert.deepEqual(c, { upstreamCost: 840_000, cost: 882_000 });
  });

  it('prices reasoning once, inside output, at the reasoning rate', () => {
    const p = { ...sonnet, reasoning: 20 * M };
    // 1000 output of which 400 reasoning: 600 × 15 + 400 × 20 = 17000 µ$ → $0.017
    assert.equal(priceUsage({ outputTokens: 1000, reasoningTokens: 400 }, p, parseMarkup(1)!).cost, 1_700_000);
    // reasoning reported larger than output is capped at output
    assert.equal(priceUsage({ outputTokens: 100, reasoningTokens: 400 }, p, parseMarkup(1)!).cost, 200_000);
  });

  it('rounds up to the next 1e-8 USD, once', () => {
    const cheap: ModelPrice = { input: 1, output: 1, cacheRead: 1, cacheWrite: 1, reasoning: 1 }; // 1e-8 USD per 1M tokens
    assert.deepEqual(priceUsage({ inputTokens: 1 }, cheap, markup), { upstreamCost: 1, cost: 1 });
    assert.deepEqual(priceUsage({ inputTokens: 1_000_000 }, cheap, markup), { upstreamCost: 1, cost: 2 });
  });

  it('charges 0 when nothing was used or reported, and ignores junk counts', () => {
    assert.deepEqual(priceUsage({}, sonnet, markup), { upstreamCost: 0, cost: 0 });
    assert.deepEqual(priceUsage({ inputTokens: -5, outputTokens: NaN }, sonnet, markup), { upstreamCost: 0, cost: 0 });
  });

  it('stays exact for huge counts beyond 2^53 intermediate products', () => {
    const c = priceUsage({ inputTokens: 10_000_000, outputTokens: 10_000_000 }, { ...sonnet, input: 1000 * M, output: 1000 * M }, markup);
    assert.deepEqual(c, { upstreamCost: 2_000_000_000_000, cost: 2_100_000_000_000 });
  });
});

describe('parseMarkup', () => {
  it('parses decimals exactly and refuses non-positive values', () => {
    assert.deepEqual(parseMarkup('1.05'), { num: 21n, den: 20n });
    assert.deepEqual(parseMarkup(1), { num: 1n, den: 1n });
    assert.equal(parseMarkup(0), undefined);
    assert.equal(parseMarkup('-1'), undefined);
    assert.equal(parseMarkup('x'), undefined);
  });
});
