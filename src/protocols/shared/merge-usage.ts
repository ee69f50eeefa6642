import type { Usage } from '../../core/index.js';

/** Later usage reports replace earlier ones field by field (undefined never erases a count). */
export function mergeUsage(into: Usage, next: Usage): Usage {
  const out: Usage = { ...into };
  for (const key of ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const) {
    const v = next[key];
    if (v !== undefined) out[key] = v;
  }
  if (next.raw !== undefined) out.raw = next.raw;
  return out;
}
