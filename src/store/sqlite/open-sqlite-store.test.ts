import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { generation, holdInput, seedWallet } from '../contract/seed-fixtures.js';
import { migrations } from './migrations.js';
import { openSqliteStore } from './open-sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'chuizi-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempDb = (): string => join(dir, `db-${++files}`, 'chuizi.db');

// The store contract runs in open-sqlite-store.contract.test.ts and .contract-threaded.test.ts
// (one file per long run, so that each stays well inside the per-file timeout on a busy machine).

describe('sqlite store', () => {
  it('serves keys from a cache (a change through another connection clears it: the shared store contract)', async () => {
    const path = tempDb();
    const server = openSqliteStore(path);
    try {
      const { key } = await seedWallet(server, 1000, { keyHash: 'cache-test-hash' });
      const found = await server.keys.findByHash('cache-test-hash');
      assert.equal(found?.id, key.id);
      assert.equal(await server.keys.findByHash('cache-test-hash'), found, 'the second lookup is the cached record');
      await server.keys.delete(key.id);
      assert.equal(await server.keys.findByHash('cache-test-hash'), null, "this store's own revocation clears it at once");
    } finally {
      await server.close();
    }
  });

  it('runs ledger writes off the event loop: a hold waiting for the write lock does not block this thread', async () => {
    const path = tempDb();
    const store = openSqliteStore(path);
    const raw = new Database(path);
    try {
      const { account, key } = await seedWallet(store, 1_000_000);
      raw.exec('BEGIN IMMEDIATE'); // another process holds the write lock
      const hold = store.ledger.hold(holdInput(account.id, key.id, 1000));
      // On the calling thread the hold would sit in SQLite's busy handler, and no timer could fire.
      const started = performance.now();
      const ticks: number[] = [];
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 10));
        ticks.push(performance.now() - started);
      }
      assert.ok(ticks[9] < 2000, `ten 10 ms timers fired within ${ticks[9].toFixed(0)} ms while the hold waited`);
      raw.exec('COMMIT');
      assert.deepEqual(await hold, { ok: true });
      assert.equal((await store.accounts.get(account.id))?.held, 1000, 'the hold is durable once acknowledged');
    } finally {
      raw.close();
      await store.close();
    }
  });

  it("passes the writer thread's errors back as thrown there", async () => {
    const store = openSqliteStore(tempDb());
    try {
      const { account } = await seedWallet(store, 0, { keyHash: 'dup-hash' });
      await assert.rejects(store.keys.create({ accountId: account.id, name: 'k2', keyHash: 'dup-hash', keyPrefix: 'ck-dup2' }), (err: Error & { code?: string }) => {
        assert.equal(err.name, 'SqliteError');
        assert.equal(err.code, 'SQLITE_CONSTRAINT_UNIQUE');
        return true;
      });
      await assert.rejects(store.ledger.credit(account.id, 1, 'bogus' as 'topup'), RangeError);
    } finally {
      await store.close();
    }
  });

  it('checkpoints the WAL off the event loop and truncates it on close', async () => {
    const path = tempDb();
    const store = openSqliteStore(path);
    const { account, key } = await seedWallet(store, 1_000_000_000);
    await Promise.all(Array.from({ length: 300 }, () => store.ledger.hold(holdInput(account.id, key.id, 1000))));
    // Auto-checkpointing is off on the serving connection: the writes sit in the WAL, and only
    // the worker's checkpoint copies them into the main file, growing it.
    const mainSize = () => statSync(path).size;
    const before = mainSize();
    for (let i = 0; i < 40 && mainSize() === before; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(mainSize() > before, `the checkpoint thread wrote the WAL into the main file (${before} → ${mainSize()})`);
    await store.close();
    assert.equal(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0, 0, 'close truncates the WAL');
  });

  it('creates parent directories, uses WAL and foreign keys, and reapplies no migration on reopen', async () => {
    const path = tempDb();
    const first = openSqliteStore(path);
    assert.ok(existsSync(path));
    const { account } = await seedWallet(first, 1234);
    await first.close();

    const second = openSqliteStore(path);
    assert.equal((await second.accounts.get(account.id))?.balance, 1234);
    await second.close();

    const raw = new Database(path, { readonly: true });
    try {
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      const versions = raw.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      assert.deepEqual(versions, migrations.map((_, i) => i + 1));
    } finally {
      raw.close();
    }
  });

  it('upgrades a database created at an older schema version', async () => {
    const path = tempDb();
    mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path);
    raw.exec(migrations[0]);
    raw.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (1, 'then')");
    raw.close();
    const store = openSqliteStore(path);
    try {
      await store.settings.set('k', 'v');
      assert.equal(await store.settings.get('k'), 'v');
    } finally {
      await store.close();
    }
  });

  it('enforces foreign keys', async () => {
    const store = openSqliteStore(':memory:');
    try {
      await assert.rejects(store.keys.create({ accountId: 'acct_missing', name: 'k', keyHash: 'h', keyPrefix: 'ck-xxxx' }));
    } finally {
      await store.close();
    }
  });

  it('stamps records with the injected clock', async () => {
    const t = Date.UTC(2026, 4, 12, 10, 15);
    const store = openSqliteStore(':memory:', { now: () => t });
    try {
      const { account, key } = await seedWallet(store, 100);
      assert.equal(account.createdAt, '2026-05-12T10:15:00.000Z');
      assert.equal(key.createdAt, '2026-05-12T10:15:00.000Z');
      const [txn] = (await store.ledger.transactions(account.id, { limit: 1 })).data;
      assert.equal(txn.createdAt, '2026-05-12T10:15:00.000Z');
    } finally {
      await store.close();
    }
  });

  it('check() finds a tampered balance, held sum and balance_after chain', async () => {
    const path = tempDb();
    const store = openSqliteStore(path);
    try {
      const { account, key } = await seedWallet(store, 10_000);
      await store.ledger.hold(holdInput(account.id, key.id, 100));
      assert.deepEqual(await store.ledger.check(Date.now()), []);
      const raw = new Database(path);
      raw.prepare('UPDATE accounts SET balance = balance + 1, held = held + 2 WHERE id = ?').run(account.id);
      raw.prepare('UPDATE transactions SET balance_after = balance_after + 3 WHERE account_id = ?').run(account.id);
      raw.close();
      const problems = (await store.ledger.check(Date.now())).map((p) => p.problem);
      assert.equal(problems.length, 3, problems.join('\n'));
      assert.match(problems[0], /^balance 0\.00010001 ≠ sum of ledger 0\.00010000$/);
      assert.match(problems[1], /^held 0\.00000102 ≠ sum of active holds 0\.00000100$/);
      assert.match(problems[2], /balance_after/);
    } finally {
      await store.close();
    }
  });

  it('two store instances on one file (server and CLI) never overspend when holds interleave', async () => {
    const path = tempDb();
    const server = openSqliteStore(path);
    const cli = openSqliteStore(path);
    try {
      const { account, key } = await seedWallet(server, 30_000_000);
      const inputs = Array.from({ length: 200 }, () => holdInput(account.id, key.id, 1_000_000));
      const results = await Promise.all(inputs.map((h, n) => (n % 2 ? cli : server).ledger.hold(h)));
      const admitted = inputs.filter((_, n) => results[n].ok);
      assert.equal(admitted.length, 30);
      await cli.ledger.credit(account.id, 500_000, 'topup');
      await Promise.all(
        admitted.map((h, n) =>
          (n % 2 ? server : cli).ledger.settle({ holdId: h.id, charge: 999_999, generation: generation(h.id, account.id, key.id) }),
        ),
      );
      const end = await cli.accounts.get(account.id);
      assert.equal(end?.balance, 30_500_000 - 30 * 999_999);
      assert.equal(end?.held, 0);
      assert.deepEqual(await server.ledger.check(Date.now()), []);
    } finally {
      await server.close();
      await cli.close();
    }
  });

  it('two processes holding against one wallet admit exactly what it covers', async () => {
    const path = tempDb();
    const store = openSqliteStore(path);
    try {
      const { account, key } = await seedWallet(store, 600 * 1000);
      const child = runHolder(path, account.id, key.id);
      await child.ready;
      let ours = 0;
      for (;;) {
        const r = await store.ledger.hold(holdInput(account.id, key.id, 1000));
        if (!r.ok) break;
        ours++;
      }
      const theirs = await child.done;
      assert.equal(ours + theirs, 600);
      assert.ok(ours > 0 && theirs > 0, `both processes held (ours ${ours}, theirs ${theirs})`);
      const acct = await store.accounts.get(account.id);
      assert.equal(acct?.held, 600 * 1000);
      assert.deepEqual(await store.ledger.check(Date.now()), []);
    } finally {
      await store.close();
    }
  });
});

/**
 * A second Node process that holds 1000 units at a time until refused; `ready` once its first hold
 * succeeded (so both processes are inside their loops together); `done` with how many it got.
 */
function runHolder(path: string, accountId: string, keyId: string): { ready: Promise<void>; done: Promise<number> } {
  const moduleUrl = pathToFileURL(fileURLToPath(new URL('./open-sqlite-store.ts', import.meta.url))).href;
  const code = `
    import { openSqliteStore } from ${JSON.stringify(moduleUrl)};
    const store = openSqliteStore(${JSON.stringify(path)});
    let n = 0;
    for (;;) {
      const id = 'gen-child-' + n;
      const r = await store.ledger.hold({ id, accountId: ${JSON.stringify(accountId)}, keyId: ${JSON.stringify(keyId)},
        amount: 1000, owner: 'child', expiresAt: Date.now() + 600000, day: new Date().toISOString().slice(0, 10) });
      if (!r.ok) break;
      if (n++ === 0) process.stdout.write('ready\\n');
      // Let go of the write lock between holds: SQLite's busy handler is not fair, and a
      // tight loop could otherwise take every hold before the other process gets a turn.
      await new Promise((r) => setTimeout(r, 1));
    }
    await store.close();
    process.stdout.write('done ' + n + '\\n');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('ready\n')) onReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => {
      const m = /done (\d+)/.exec(out);
      if (code === 0 && m) resolve(Number(m[1]));
      else reject(new Error(`holder process failed (${code}): ${err}`));
      onReady();
    });
  });
  return { ready, done };
}

describe('sqlite store close', () => {
  it('commits writes still queued for the next batch before closing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'chuizi-close-')), 'x.db');
    const store = openSqliteStore(path);
    const { account, key } = await seedWallet(store, 1_000_000);
    const pending = store.ledger.hold(holdInput(account.id, key.id, 1000)); // queued, not yet flushed
    await store.close();
    assert.deepEqual(await pending, { ok: true });
    const reopened = openSqliteStore(path);
    try {
      assert.equal((await reopened.accounts.get(account.id))?.held, 1000);
    } finally {
      await reopened.close();
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });
});
