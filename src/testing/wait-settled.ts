import type { GenerationRecord, Store } from '../store/types.js';

/**
 * Polls the store until the generation exists and is no longer `pending` (a stream settles
 * after its last frame reaches the client), for at most `ms`. Returns it, or what was there
 * when time ran out (undefined when nothing was) — the caller asserts.
 */
export async function waitSettled(store: Store, genId: string, ms = 3000): Promise<GenerationRecord | undefined> {
  const deadline = Date.now() + ms;
  let g = await store.generations.get(genId);
  while ((!g || g.status === 'pending') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    g = await store.generations.get(genId);
  }
  return g ?? undefined;
}
