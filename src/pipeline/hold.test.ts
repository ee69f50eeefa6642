import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestGateway } from '../testing/start-test-gateway.js';
import type { Store } from '../store/types.js';

describe('hold', () => {
  it('renews the lease at once when the hold\'s write took over a third of it, and not otherwise', async () => {
    let skew = 0;
    let slow = false;
    const renewed: string[][] = [];
    // The store as it is, but for these two ledger methods (methods bound to the real objects).
    const over = <T extends object>(target: T, own: Partial<T>): T =>
      new Proxy(target, { get: (t, p) => (p in own ? own[p as keyof T] : typeof t[p as keyof T] === 'function' ? (t[p as keyof T] as () => unknown).bind(t) : t[p as keyof T]) });
    const wrap = (store: Store): Store => over(store, {
      ledger: over(store.ledger, {
        hold: async (input) => {
          if (slow) skew += 20_000; // the database stalled 20 s of the 30 s lease
          return store.ledger.hold(input);
        },
        renewLeases: async (owner, ids, until) => {
          renewed.push([...ids]);
          return store.ledger.renewLeases(owner, ids, until);
        },
      }),
    });
    const gw = await startTestGateway({}, { now: () => Date.now() + skew, wrapStore: wrap, reapIntervalMs: 3_600_000 });
    try {
      const call = async () => {
        const res = await fetch(`${gw.url}/v1/chat/completions`, {
          method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] }),
        });
        assert.equal(res.status, 200);
        await res.arrayBuffer();
        return res.headers.get('x-chuizi-generation-id') ?? '';
      };
      await call();
      assert.deepEqual(renewed, [], 'a prompt hold waits for the heartbeat');
      slow = true;
      const id = await call();
      assert.deepEqual(renewed, [[id]], 'a slow one is renewed right away');
    } finally {
      await gw.close();
    }
  });
});
