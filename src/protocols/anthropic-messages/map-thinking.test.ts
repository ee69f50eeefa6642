import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EFFORT_BUDGETS, renderThinking } from './map-thinking.js';

const run = (reasoning: Parameters<typeof renderThinking>[0], maxTokens = 32000, native = false) => {
  const warnings: string[] = [];
  return { thinking: renderThinking(reasoning, maxTokens, native, warnings), warnings };
};

describe('renderThinking', () => {
  it('maps budgets, efforts and adaptive thinking', () => {
    assert.deepEqual(run(undefined), { thinking: undefined, warnings: [] });
    assert.deepEqual(run({ budgetTokens: 31999 }), { thinking: { type: 'enabled', budget_tokens: 31999 }, warnings: [] });
    assert.deepEqual(run({}), { thinking: { type: 'adaptive' }, warnings: [] });
    assert.deepEqual(run({ effort: 'HIGH' }).thinking, { type: 'enabled', budget_tokens: 16384 });
    // An effort that travels natively in output_config means adaptive thinking.
    assert.deepEqual(run({ effort: 'high' }, 32000, true).thinking, { type: 'adaptive' });
    assert.deepEqual(run({ effort: 'high', budgetTokens: 2048 }, 32000, true).thinking, { type: 'enabled', budget_tokens: 2048 });
    // Adaptive thinking stays adaptive whatever its effort (which travels in output_config).
    assert.deepEqual(run({ adaptive: true, effort: 'low' }).thinking, { type: 'adaptive' });
    assert.deepEqual(run({ adaptive: true }, 100).thinking, { type: 'adaptive' });
  });

  it('keeps budgets within 1024 ≤ budget < max_tokens, with warnings', () => {
    assert.deepEqual(run({ budgetTokens: 31999 }, 32000).warnings, []);
    assert.deepEqual(run({ budgetTokens: 32000 }, 32000), {
      thinking: { type: 'enabled', budget_tokens: 31999 },
      warnings: ['thinking budget 32000 clamped to 31999 (must be below max_tokens 32000)'],
    });
    assert.equal(run({ effort: 'low' }, 1024).thinking, undefined);
    assert.equal(run({ budgetTokens: 0 }).thinking, undefined);
  });

  it('does not read effort names off the object prototype', () => {
    assert.deepEqual(run({ effort: 'constructor' }), { thinking: undefined, warnings: [`dropped unsupported reasoning effort 'constructor'`] });
    assert.equal(EFFORT_BUDGETS.none, null);
  });
});
