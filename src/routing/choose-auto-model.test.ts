import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Capability, ModelEntry } from '../config/gateway-config.js';
import { blendedPrice, chooseAutoModel, type AutoGoal, type Candidate } from './choose-auto-model.js';

const UNIT = 100_000_000; // $1 per 1M tokens, in 1e-8 USD
function model(id: string, input: number, output: number, quality: number, capabilities: Capability[], contextWindow?: number, maxOutputTokens = 8192): ModelEntry {
  return {
    id, aliases: [], type: 'chat', contextWindow, maxOutputTokens, ownedBy: 'x', routes: [], capabilities, quality,
    price: { input: input * UNIT, output: output * UNIT, cacheRead: 0, cacheWrite: 0, reasoning: output * UNIT }, markup: { num: 105n, den: 100n },
  };
}
const cheap = model('t/cheap', 0.1, 0.4, 55, ['tools', 'json'], 128_000);
const mid = model('t/mid', 1, 4, 75, ['tools', 'json', 'vision'], 200_000);
const top = model('t/top', 10, 40, 95, ['tools', 'json', 'vision', 'reasoning'], 200_000, 64_000);
const textOnly = model('t/text', 0.05, 0.1, 30, ['json'], 8_000, 2048);
const c = (m: ModelEntry, latencyMs?: number, healthy = true): Candidate => ({ model: m, healthy, latencyMs });
const ALL = [c(cheap, 900), c(mid, 300), c(top, 1500), c(textOnly, 200)];
const plain = { capabilities: [] as Capability[], contextTokens: 100 };

describe('chooseAutoModel', () => {
  const table: Array<{ name: string; goal: AutoGoal; needs?: Partial<typeof plain> & { outputTokens?: number }; candidates?: Candidate[]; pick?: string; missing?: RegExp }> = [
    { name: 'cheap: lowest blended price', goal: 'cheap', pick: 't/text' },
    { name: 'cheap with tools: the cheapest that has tools', goal: 'cheap', needs: { capabilities: ['tools'] }, pick: 't/cheap' },
    { name: 'fast: lowest measured latency', goal: 'fast', pick: 't/text' },
    { name: 'fast with images', goal: 'fast', needs: { capabilities: ['vision'] }, pick: 't/mid' },
    { name: 'fast: nothing measured → cheap order', goal: 'fast', candidates: [c(top), c(mid)], pick: 't/mid' },
    { name: 'quality: highest rank', goal: 'quality', pick: 't/top' },
    { name: 'balanced: quality minus 10 per price doubling', goal: 'balanced', pick: 't/cheap' },
    { name: 'balanced among the vision models', goal: 'vision', pick: 't/mid' },
    { name: 'code: best among tool models', goal: 'code', candidates: [c(cheap), c(mid), c(textOnly)], pick: 't/mid' },
    { name: 'a down model is skipped', goal: 'quality', candidates: [c(top, 1, false), c(mid)], pick: 't/mid' },
    { name: 'context window too small is skipped', goal: 'cheap', needs: { contextTokens: 50_000 }, pick: 't/cheap' },
    { name: 'output budget beyond a model\'s maximum is skipped', goal: 'cheap', needs: { outputTokens: 10_000 }, pick: 't/top' },
    { name: 'reasoning needs a reasoning model', goal: 'cheap', needs: { capabilities: ['reasoning'] }, pick: 't/top' },
    { name: 'nothing capable → names what was needed', goal: 'cheap', needs: { capabilities: ['vision', 'reasoning'] }, candidates: [c(cheap), c(mid)], missing: /vision, reasoning/ },
    { name: 'nothing fits → names the size', goal: 'cheap', needs: { contextTokens: 500_000 }, missing: /context window fits 500000/ },
    { name: 'everything capable is down', goal: 'cheap', candidates: [c(cheap, 1, false)], missing: /healthy/ },
    { name: 'no candidates at all (the key may call none)', goal: 'balanced', candidates: [], missing: /chat model/ },
  ];
  for (const t of table) {
    it(t.name, () => {
      const choice = chooseAutoModel(t.goal, { ...plain, ...t.needs }, t.candidates ?? ALL);
      if (t.pick) assert.deepEqual(choice.ok && choice.model.id, t.pick);
      else assert.ok(!choice.ok && t.missing!.test(choice.missing), JSON.stringify(choice));
    });
  }

  it('blended price is 3:1 input:output with the markup', () => {
    assert.equal(blendedPrice(mid), ((3 * UNIT + 4 * UNIT) / 4) * 1.05);
  });
});
