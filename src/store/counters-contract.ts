import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Counters, RateWindow } from './types.js';

const MIN = 60_000;
const w = (key: string, limit: number): RateWindow => ({ key, limit, windowMs: MIN });

/**
 * The contract every Counters implementation passes (in-process now, Redis later): an exact
 * sliding window over (T − window, T], all-or-nothing counting across windows.
 */
export function runCountersContract(name: string, make: () => Promise<Counters>, prefix = `t${Date.now()}:`): void {
  const k = (s: string) => prefix + s;
  describe(`Counters contract: ${name}`, () => {
    it('allows exactly `limit` hits in a window and refuses the next with the exact wait', async () => {
      const c = await make();
      const t0 = 1_000_000;
      for (let i = 0; i < 60; i++) {
        const r = await c.hit([w(k('a'), 60)], t0 + i * 1000);
        assert.equal(r.allowed, true, `hit ${i + 1}`);
        assert.equal(r.windows[0].remaining, 59 - i);
      }
      const refused = await c.hit([w(k('a'), 60)], t0 + 59_500);
      assert.equal(refused.allowed, false);
      assert.ok(!refused.allowed && refused.retryAfterMs === 500 && refused.blocked === 0);
      // the window is (T − 60 s, T]: at t0 + 60 s the first hit has left
      assert.equal((await c.hit([w(k('a'), 60)], t0 + 59_999)).allowed, false);
      assert.equal((await c.hit([w(k('a'), 60)], t0 + 60_000)).allowed, true);
      await c.close();
    });

    it('reports remaining and the time until the oldest hit leaves', async () => {
      const c = await make();
      await c.hit([w(k('r'), 5)], 10_000);
      const r = await c.hit([w(k('r'), 5)], 25_000);
      assert.deepEqual(r.windows[0], { limit: 5, remaining: 3, resetMs: 45_000 });
      await c.close();
    });

    it('counts a refused request in no window', async () => {
      const c = await make();
      const now = 5_000_000;
      assert.equal((await c.hit([w(k('full'), 1)], now)).allowed, true);
      for (let i = 0; i < 5; i++) {
        const r = await c.hit([w(k('free'), 3), w(k('full'), 1)], now + i);
        assert.equal(r.allowed, false);
        assert.ok(!r.allowed && r.blocked === 1);
      }
      // `free` counted none of the refused requests: 3 hits still fit
      for (let i = 0; i < 3; i++) assert.equal((await c.hit([w(k('free'), 3)], now + 10 + i)).allowed, true);
      assert.equal((await c.hit([w(k('free'), 3)], now + 20)).allowed, false);
      await c.close();
    });

    it('gives a hit back with unhit: the window has its slot again, other hits stay', async () => {
      const c = await make();
      const ws = [w(k('u1'), 2), w(k('u2'), 5)];
      assert.equal((await c.hit(ws, 100)).allowed, true);
      assert.equal((await c.hit(ws, 200)).allowed, true);
      assert.equal((await c.hit(ws, 300)).allowed, false);
      await c.unhit(ws, 200);
      const again = await c.hit(ws, 300);
      assert.equal(again.allowed, true);
      assert.deepEqual(again.windows.map((s) => s.remaining), [0, 3]);
      // the hit at 100 stayed: it still decides when room returns
      const refused = await c.hit(ws, 400);
      assert.ok(!refused.allowed && refused.retryAfterMs === 100 + MIN - 400);
      // an unhit of a hit never counted (or already gone) changes nothing
      await c.unhit(ws, 12345);
      await c.unhit([w(k('never'), 1)], 1);
      assert.equal((await c.hit([w(k('never'), 1)], 2)).allowed, true);
      assert.equal((await c.hit(ws, 500)).allowed, false);
      await c.close();
    });

    it('keeps keys independent', async () => {
      const c = await make();
      assert.equal((await c.hit([w(k('x'), 1)], 1)).allowed, true);
      assert.equal((await c.hit([w(k('y'), 1)], 1)).allowed, true);
      assert.equal((await c.hit([w(k('x'), 1)], 2)).allowed, false);
      await c.close();
    });

    it('applies a lowered limit at once and waits for enough hits to leave', async () => {
      const c = await make();
      for (let i = 0; i < 10; i++) await c.hit([w(k('low'), 10)], 1000 + i);
      const r = await c.hit([w(k('low'), 4)], 2000);
      assert.equal(r.allowed, false);
      // 7 of the 10 must leave before a 4th fits: the 7th oldest (t = 1006) leaves at 61006
      assert.ok(!r.allowed && r.retryAfterMs === 61_006 - 2000);
      await c.close();
    });

    it('hands out at most `limit` concurrent slots and takes them back', async () => {
      const c = await make();
      const results = await Promise.all(Array.from({ length: 10 }, () => c.acquire(k('slots'), 3)));
      assert.equal(results.filter(Boolean).length, 3);
      await c.release(k('slots'));
      assert.equal(await c.acquire(k('slots'), 3), true);
      assert.equal(await c.acquire(k('slots'), 3), false);
      for (let i = 0; i < 5; i++) await c.release(k('slots')); // never below zero
      assert.equal((await Promise.all(Array.from({ length: 5 }, () => c.acquire(k('slots'), 3)))).filter(Boolean).length, 3);
      await c.close();
    });

    it('never admits more than the limit under concurrent hits', async () => {
      const c = await make();
      const results = await Promise.all(Array.from({ length: 100 }, () => c.hit([w(k('burst'), 30), w(k('burst-acct'), 1000)], 9_000_000)));
      assert.equal(results.filter((r) => r.allowed).length, 30);
      await c.close();
    });
  });
}
