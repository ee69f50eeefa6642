/**
 * Hold + settle throughput and latency of the PostgreSQL ledger, as server mode runs it: two
 * store instances (two pools: two processes) on one fresh database, `--c` calls in flight, all
 * against ONE wallet (the worst case: every hold serialises on the same account row) or one
 * wallet per call (`--wallets=many`). Prints calls/s and hold/settle latency percentiles.
 *   node --import tsx scripts/measure-pg-ledger.ts [--c=64] [--n=4000] [--wallets=one|many]
 */
import { createPgTestDatabase } from '../src/testing/create-pg-test-database.js';
import { openPostgresStore } from '../src/store/postgres/open-postgres-store.js';
import { generation, holdInput, seedWallet } from '../src/store/contract/seed-fixtures.js';

const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const c = Number(arg('c', '64'));
const n = Number(arg('n', '4000'));
const many = arg('wallets', 'one') === 'many';

const db = await createPgTestDatabase();
const stores = await Promise.all([0, 1].map(() => openPostgresStore(db.url, { poolSize: 10 })));
try {
  const wallets = await Promise.all(Array.from({ length: many ? c : 1 }, () => seedWallet(stores[0], 1e15)));
  const holds: number[] = [];
  const settles: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: c }, async (_, w) => {
      const { account, key } = wallets[many ? w : 0];
      const store = stores[w % 2];
      while (next++ < n) {
        const input = holdInput(account.id, key.id, 100_000);
        let t = performance.now();
        const r = await store.ledger.hold(input);
        holds.push(performance.now() - t);
        if (!r.ok) throw new Error('refused');
        t = performance.now();
        await store.ledger.settle({ holdId: input.id, charge: 50_000, generation: generation(input.id, account.id, key.id, { cost: 50_000 }) });
        settles.push(performance.now() - t);
      }
    }),
  );
  const secs = (performance.now() - started) / 1000;
  const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))].toFixed(2);
  console.log(`c=${c} n=${n} wallets=${many ? 'many' : 'one'}: ${(n / secs).toFixed(0)} hold+settle/s; hold p50 ${pct(holds, 0.5)} p99 ${pct(holds, 0.99)} ms; settle p50 ${pct(settles, 0.5)} p99 ${pct(settles, 0.99)} ms`);
  const problems = await stores[1].ledger.check(Date.now(), { openHolds: true });
  console.log(`ledger check: ${problems.length === 0 ? 'ok' : JSON.stringify(problems.slice(0, 3))}`);
} finally {
  await Promise.all(stores.map((s) => s.close()));
  await db.drop();
}
