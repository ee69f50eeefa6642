import type { Capability, ModelEntry } from '../config/gateway-config.js';

export const AUTO_GOALS = ['balanced', 'fast', 'cheap', 'quality', 'code', 'vision'] as const;
export type AutoGoal = (typeof AUTO_GOALS)[number];
export const AUTO_PREFIX = 'auto/';

/** What a request needs from the model that serves it. */
export interface RequestNeeds {
  capabilities: Capability[];
  /** Estimated prompt tokens (plus the output asked for) that must fit the context window. */
  contextTokens: number;
  /** The output limit the client asked for, if any: the model must be able to give it. */
  outputTokens?: number;
}

export interface Candidate {
  model: ModelEntry;
  /** At least one route target is not skipped by its breaker now. */
  healthy: boolean;
  /** Best measured latency among its targets, ms. */
  latencyMs?: number;
}

export type AutoChoice = { ok: true; model: ModelEntry } | { ok: false; missing: string };

/** Blended USD-per-1M price (3 input : 1 output, markup included) — the ranking's price. */
export function blendedPrice(m: ModelEntry): number {
  const markup = Number(m.markup.num) / Number(m.markup.den);
  return ((3 * m.price.input + m.price.output) / 4) * markup;
}

/**
 * Pure: the model an `auto/<goal>` call is served by. Candidates are the chat models the key
 * may call; those that cannot serve the request (capabilities, context window, output budget)
 * or whose every target is skipped by its breaker are left out. Ranking (README "Routing"):
 * - cheap: lowest blended price; ties → higher quality.
 * - fast: lowest measured latency (an unmeasured model counts as the median of the measured
 *   ones; none measured → cheap order, cheaper models being the smaller, faster ones).
 * - quality: highest quality rank; ties → lower price.
 * - balanced: quality − 10 per doubling of price above the cheapest candidate.
 * - code: like quality, among models that support tools.
 * - vision: like balanced, among models that support images.
 * The id breaks any remaining tie, so a choice is deterministic.
 */
export function chooseAutoModel(goal: AutoGoal, needs: RequestNeeds, candidates: Candidate[]): AutoChoice {
  const required = new Set<Capability>(needs.capabilities);
  if (goal === 'code') required.add('tools');
  if (goal === 'vision') required.add('vision');
  const capable = candidates.filter(({ model: m }) => m.type === 'chat' && [...required].every((c) => m.capabilities.includes(c)));
  if (capable.length === 0) return { ok: false, missing: required.size > 0 ? `a model supporting ${[...required].join(', ')}` : 'a chat model' };
  const fitting = capable.filter(({ model: m }) => (m.contextWindow === undefined || m.contextWindow >= needs.contextTokens) && (needs.outputTokens === undefined || m.maxOutputTokens >= needs.outputTokens));
  if (fitting.length === 0) return { ok: false, missing: `a model whose context window fits ${needs.contextTokens} tokens${needs.outputTokens !== undefined ? ` and that can output ${needs.outputTokens} tokens` : ''}` };
  const healthy = fitting.filter((c) => c.healthy);
  if (healthy.length === 0) return { ok: false, missing: 'a healthy upstream' };
  const ranked = [...healthy].sort(comparator(goal, healthy));
  return { ok: true, model: ranked[0].model };
}

function comparator(goal: AutoGoal, pool: Candidate[]): (a: Candidate, b: Candidate) => number {
  const price = (c: Candidate) => blendedPrice(c.model);
  const byId = (a: Candidate, b: Candidate) => (a.model.id < b.model.id ? -1 : a.model.id > b.model.id ? 1 : 0);
  const cheap = (a: Candidate, b: Candidate) => price(a) - price(b) || b.model.quality - a.model.quality || byId(a, b);
  const quality = (a: Candidate, b: Candidate) => b.model.quality - a.model.quality || price(a) - price(b) || byId(a, b);
  const cheapest = Math.max(Math.min(...pool.map(price)), 1e-9);
  const score = (c: Candidate) => c.model.quality - 10 * Math.log2(Math.max(price(c), 1e-9) / cheapest);
  const balanced = (a: Candidate, b: Candidate) => score(b) - score(a) || cheap(a, b);
  switch (goal) {
    case 'cheap':
      return cheap;
    case 'quality':
    case 'code':
      return quality;
    case 'balanced':
    case 'vision':
      return balanced;
    case 'fast': {
      const measured = pool.map((c) => c.latencyMs).filter((l): l is number => l !== undefined).sort((a, b) => a - b);
      if (measured.length === 0) return cheap;
      const median = measured[Math.floor(measured.length / 2)];
      return (a, b) => (a.latencyMs ?? median) - (b.latencyMs ?? median) || cheap(a, b);
    }
  }
}
