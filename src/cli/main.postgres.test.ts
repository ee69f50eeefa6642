import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPgTestDatabase, type PgTestDatabase } from '../testing/create-pg-test-database.js';
import type { CliIo } from './cli-io.js';
import { main } from './main.js';

// The operator CLI against a PostgreSQL store (server mode): the same commands, the same answers.
describe('chuizi CLI on PostgreSQL', () => {
  let db: PgTestDatabase;
  before(async () => {
    db = await createPgTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  async function ok(...argv: string[]): Promise<string> {
    let out = '';
    let err = '';
    const io: CliIo = { out: (s) => void (out += s), err: (s) => void (err += s), env: { DATABASE_URL: db.url, DATABASE_POOL_SIZE: '2' } };
    assert.equal(await main(argv, io), 0, `${argv.join(' ')}: ${err}`);
    return out;
  }

  it('creates an account and a key, credits it, and checks the ledger', async () => {
    const account = JSON.parse(await ok('accounts', 'create', '--name', 'pg', '--balance', '2.50', '--json'));
    assert.match(account.id, /^acct_/);
    assert.deepEqual(JSON.parse(await ok('credits', 'add', account.id, '0.25', '--json')), { account_id: account.id, balance: '2.75000000' });
    assert.match(await ok('keys', 'create', '--account', account.id, '--name', 'k'), /^ck-/);
    const shown = JSON.parse(await ok('accounts', 'show', account.id, '--json'));
    assert.deepEqual([shown.name, shown.balance, shown.held], ['pg', '2.75000000', '0.00000000']);
    assert.match(await ok('ledger', 'check'), /no problems/);
    assert.deepEqual(JSON.parse(await ok('usage', '--account', account.id, '--group-by', 'day,key', '--json')).data, []);
  });
});
