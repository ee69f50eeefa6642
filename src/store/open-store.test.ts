import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createPgTestDatabase } from '../testing/create-pg-test-database.js';
import { openStore } from './open-store.js';

const dir = mkdtempSync(join(tmpdir(), 'chuizi-open-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens sqlite::memory:', async () => {
    const store = await openStore('sqlite::memory:');
    assert.equal(store.kind, 'sqlite');
    await store.ping();
    await store.close();
  });

  it('opens sqlite:PATH and sqlite://PATH, creating the directories', async () => {
    for (const url of [`sqlite:${join(dir, 'a', 'x.db')}`, `sqlite://${join(dir, 'b', 'y.db')}`]) {
      const store = await openStore(url);
      await store.accounts.create({ name: 'n' });
      await store.close();
    }
    assert.ok(existsSync(join(dir, 'a', 'x.db')));
    assert.ok(existsSync(join(dir, 'b', 'y.db')));
  });

  it('opens postgres:// and postgresql:// URLs as the PostgreSQL store, with the pool size given', async () => {
    const db = await createPgTestDatabase();
    try {
      for (const url of [db.url, db.url.replace(/^postgres:/, 'postgresql:')]) {
        const store = await openStore(url, { poolSize: '3' });
        assert.equal(store.kind, 'postgres');
        await store.accounts.create({ name: 'n' });
        await store.close();
      }
      await assert.rejects(openStore(db.url, { poolSize: '0' }), /DATABASE_POOL_SIZE/);
      await assert.rejects(openStore(db.url, { poolSize: 'ten' }), /DATABASE_POOL_SIZE/);
    } finally {
      await db.drop();
    }
  });

  it('names a bad DATABASE_URL without echoing credentials', async () => {
    await assert.rejects(openStore('mysql://root:hunter2@db/x'), (err: Error) => {
      assert.match(err.message, /DATABASE_URL/);
      assert.match(err.message, /mysql:\/\/\*\*\*@db\/x/);
      assert.doesNotMatch(err.message, /hunter2/);
      return true;
    });
    await assert.rejects(openStore('sqlite:'), /DATABASE_URL/);
    await assert.rejects(openStore(''), /DATABASE_URL/);
  });
});
