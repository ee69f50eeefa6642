import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createPgTestDatabase, type PgTestDatabase } from '../../testing/create-pg-test-database.js';
import { createPgTestSchema } from '../../testing/create-pg-test-schema.js';
import { runSharedStoreContract, runStoreContract } from '../store-contract.js';
import { holdInput, seedWallet } from '../contract/seed-fixtures.js';
import { StoreUnavailableError } from '../../core/store-unavailable-error.js';
import { openPostgresStore } from './open-postgres-store.js';
import { pgMigrations } from './pg-migrations.js';
import { PgDb } from './pg-db.js';
import { CutProxy } from '../../testing/cut-proxy.js';
import type { Store } from '../types.js';

let db: PgTestDatabase;
before(async () => {
  db = await createPgTestDatabase();
});
after(async () => {
  await db?.drop();
});

/** Each case gets a schema of its own in the file's database: empty, migrated from scratch. */
const freshSchema = (): Promise<string> => createPgTestSchema(db.url);

runStoreContract('postgres', async () => openPostgresStore(db.url, { schema: await freshSchema(), poolSize: 8 }));
runSharedStoreContract('postgres, two pools', async () => {
  const schema = await freshSchema();
  return Promise.all([openPostgresStore(db.url, { schema, poolSize: 8 }), openPostgresStore(db.url, { schema, poolSize: 8 })]) as Promise<[Store, Store]>;
});

describe('postgres store', () => {
  it('migrates once when several processes start at once, and reapplies nothing on reopen', async () => {
    const schema = await freshSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(db.url, { schema, poolSize: 2 })));
    try {
      await stores[0].accounts.create({ name: 'a' });
      assert.equal((await stores[3].accounts.list({ limit: 10 })).data.length, 1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
    const reopened = await openPostgresStore(db.url, { schema, poolSize: 1 });
    await reopened.close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      assert.deepEqual(rows.map((r) => r.version), pgMigrations.map((_, i) => i + 1));
    } finally {
      await client.end();
    }
  });

  it('refuses only the op at fault in a group-committed batch; the others of its turn are written', async () => {
    const store = await openPostgresStore(db.url, { schema: await freshSchema(), poolSize: 2 });
    try {
      const { account, key } = await seedWallet(store, 1_000_000);
      const used = holdInput(account.id, key.id, 100);
      assert.deepEqual(await store.ledger.hold(used), { ok: true });
      // One turn: nine good holds, one on a key that does not exist, one reusing a hold id.
      const good = Array.from({ length: 9 }, () => holdInput(account.id, key.id, 1000));
      const results = await Promise.allSettled([
        ...good.map((h) => store.ledger.hold(h)),
        store.ledger.hold(holdInput(account.id, 'key_missing', 1000)),
        store.ledger.hold({ ...used }),
      ]);
      assert.deepEqual(results.slice(0, 9).map((r) => r.status === 'fulfilled' && r.value.ok), Array(9).fill(true));
      assert.equal(results[9].status, 'rejected');
      assert.equal(results[10].status, 'rejected');
      const acct = await store.accounts.get(account.id);
      assert.equal(acct?.held, 100 + 9 * 1000);
      assert.deepEqual(await store.ledger.check(Date.now()), []);
    } finally {
      await store.close();
    }
  });

  it('writes the holds and settlements still queued when it closes', async () => {
    const schema = await freshSchema();
    const store = await openPostgresStore(db.url, { schema, poolSize: 2 });
    const { account, key } = await seedWallet(store, 1_000_000);
    const holds = Array.from({ length: 5 }, () => holdInput(account.id, key.id, 1000));
    const pending = holds.map((h) => store.ledger.hold(h));
    await store.close(); // in the same turn as the holds: none was sent yet
    assert.deepEqual(await Promise.all(pending), Array(5).fill({ ok: true }));
    const reopened = await openPostgresStore(db.url, { schema, poolSize: 1 });
    try {
      assert.equal((await reopened.accounts.get(account.id))?.held, 5000);
    } finally {
      await reopened.close();
    }
  });

  it('survives a connection dropped under a checked-out client (ledger check, migrations): a 503 error, no crash', async () => {
    const proxy = await new CutProxy(5432).start();
    const through = new PgDb(db.url.replace(':5432/', `:${proxy.port}/`), { poolSize: 1, connectTimeoutMs: 1000 });
    try {
      const cut = through.transaction(async (client) => {
        await client.query('SELECT 1');
        await proxy.cut();
        await client.query('SELECT pg_sleep(0.5)');
      });
      await assert.rejects(cut, StoreUnavailableError);
      await assert.rejects(through.query('SELECT 1'), StoreUnavailableError);
      await proxy.restore();
      assert.equal((await through.query<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1, 'the pool reconnects');
    } finally {
      await through.close();
      await proxy.close();
    }
  });

  it('keeps money as exact integers in bigint columns', async () => {
    const store = await openPostgresStore(db.url, { schema: await freshSchema(), poolSize: 2 });
    try {
      const big = 9_000_000_000_000_000; // $90M in 1e-8 units, above 2^32
      const a = await store.accounts.create({ name: 'big' });
      assert.equal(await store.ledger.credit(a.id, big, 'topup'), big);
      assert.equal(await store.ledger.credit(a.id, -1, 'adjustment'), big - 1);
      assert.equal((await store.accounts.get(a.id))?.balance, big - 1);
    } finally {
      await store.close();
    }
  });

  it('answers StoreUnavailableError, not a driver error, when the server cannot be reached', async () => {
    const probe = new PgDb('postgres://postgres@127.0.0.1:1/none', { connectTimeoutMs: 500 });
    try {
      await assert.rejects(probe.query('SELECT 1'), (err: Error) => err instanceof StoreUnavailableError && /unreachable/.test(err.message));
    } finally {
      await probe.close();
    }
  });
});
