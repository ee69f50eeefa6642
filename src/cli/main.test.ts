import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashApiKey } from '../core/api-key.js';
import { openStore } from '../store/open-store.js';
import type { CliIo } from './cli-io.js';
import { main } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'chuizi-cli-'));
const databaseUrl = `sqlite:${join(dir, 'cli.db')}`;
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (s) => void (out += s), err: (s) => void (err += s), env: { DATABASE_URL: databaseUrl } };
  const code = await main(argv, io);
  return { code, out, err };
}

async function ok(...argv: string[]): Promise<string> {
  const r = await run(...argv);
  assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
  // `keys create` names the new key's id on stderr (stdout is the key alone, for scripts)
  assert.equal(r.err.replace(/^key id: key_\S+ \(the key above is shown only this once; .*\)\n$/, ''), '');
  return r.out;
}

function usageError(r: Run, pattern: RegExp): void {
  assert.equal(r.code, 2, r.err);
  assert.equal(r.out, '');
  assert.match(r.err, pattern);
}

async function newAccount(...extra: string[]): Promise<string> {
  return (await ok('accounts', 'create', '--name', 'acme', ...extra)).trim();
}

describe('chuizi help', () => {
  it('prints usage for help, --help and no arguments', async () => {
    for (const argv of [[], ['help'], ['--help'], ['-h'], ['keys', '--help']]) {
      const r = await run(...argv);
      assert.equal(r.code, 0);
      assert.match(r.out, /Usage: chuizi <command>/);
      assert.match(r.out, /chuizi keys create --account ACCOUNT_ID --name NAME/);
    }
    assert.match(await ok('keys', 'create', '--help'), /^Usage: chuizi keys create/);
  });

  it('exits 2 for an unknown command or subcommand', async () => {
    usageError(await run('bogus'), /unknown command 'bogus'/);
    usageError(await run('keys', 'bogus'), /unknown command 'keys bogus'/);
    usageError(await run('accounts'), /needs a subcommand/);
  });
});

describe('chuizi accounts', () => {
  it('creates an account and prints just its id', async () => {
    const out = await ok('accounts', 'create', '--name', 'acme', '--balance', '5', '--rpm', '120');
    assert.match(out, /^acct_[A-Za-z0-9]+\n$/);
    const shown = JSON.parse(await ok('accounts', 'show', out.trim(), '--json'));
    assert.deepEqual({ name: shown.name, balance: shown.balance, rpm: shown.rpm_limit }, { name: 'acme', balance: '5.00000000', rpm: 120 });
    assert.match(await ok('accounts', 'show', out.trim()), /balance: \$5\.00000000/);
  });

  it('prints {id,name,balance} with --json', async () => {
    const json = JSON.parse(await ok('accounts', 'create', '--name', 'j', '--balance', '0.5', '--json'));
    assert.deepEqual(Object.keys(json).sort(), ['balance', 'id', 'name']);
    assert.equal(json.balance, '0.50000000');
  });

  it('rejects bad arguments with exit 2, naming them', async () => {
    usageError(await run('accounts', 'create'), /'--name' is required/);
    usageError(await run('accounts', 'create', '--name', 'a', '--balance', 'lots'), /'--balance'/);
    usageError(await run('accounts', 'create', '--name', 'a', '--rpm', '1.5'), /'--rpm'/);
    usageError(await run('accounts', 'create', '--name', 'a', '--bogus'), /Unknown option '--bogus'/);
    usageError(await run('accounts', 'create', '--name'), /argument missing/);
    usageError(await run('accounts', 'show'), /missing ACCOUNT_ID/);
  });

  it('exits 1 for an unknown account', async () => {
    const r = await run('accounts', 'show', 'acct_nope');
    assert.equal(r.code, 1);
    assert.match(r.err, /Account 'acct_nope' not found/);
  });
});

describe('chuizi credits add', () => {
  it('adds top-ups and negative adjustments, printing the new balance', async () => {
    const id = await newAccount('--balance', '5');
    assert.equal(await ok('credits', 'add', id, '10', '--note', 'invoice 7'), '15.00000000\n');
    assert.equal(await ok('credits', 'add', id, '-2.5'), '12.50000000\n');
    assert.deepEqual(JSON.parse(await ok('credits', 'add', id, '0.00000001', '--json')), { account_id: id, balance: '12.50000001' });
    const store = await openStore(databaseUrl);
    try {
      const tx = await store.ledger.transactions(id, { limit: 10 });
      assert.deepEqual(tx.data.map((t) => t.type), ['topup', 'adjustment', 'topup', 'topup']);
      assert.equal(tx.data[2].note, 'invoice 7');
    } finally {
      await store.close();
    }
  });

  it('rejects bad amounts with exit 2 and unknown accounts with exit 1', async () => {
    const id = await newAccount();
    usageError(await run('credits', 'add', id, '0'), /'USD': must not be zero/);
    usageError(await run('credits', 'add', id, '1.000000001'), /'USD'/);
    usageError(await run('credits', 'add', id), /missing USD/);
    usageError(await run('credits', 'add', id, '1', 'extra'), /unexpected argument 'extra'/);
    const r = await run('credits', 'add', 'acct_nope', '1');
    assert.equal(r.code, 1);
    assert.match(r.err, /not found/);
  });
});

describe('chuizi keys', () => {
  let accountId: string;
  before(async () => {
    accountId = await newAccount();
  });

  it('creates a key, printing only the key on stdout, once, and its id on stderr', async () => {
    const r = await run('keys', 'create', '--account', accountId, '--name', 'prod', '--rpm', '30', '--models', 'mock/echo, echo', '--ip', '10.0.0.0/8,::1', '--daily-limit', '2.5', '--expires', '2030-01-31T00:00:00Z');
    assert.equal(r.code, 0, r.err);
    const out = r.out;
    assert.match(out, /^ck-[A-Za-z0-9]{32}\n$/);
    const keyId = /^key id: (key_\S+) /.exec(r.err)?.[1];
    assert.ok(keyId, r.err);
    const store = await openStore(databaseUrl);
    try {
      const record = await store.keys.findByHash(hashApiKey(out.trim()));
      assert.ok(record);
      assert.deepEqual(
        { rpm: record.rpmLimit, models: record.allowedModels, ip: record.ipWhitelist, daily: record.dailyLimit, expires: record.expiresAt },
        { rpm: 30, models: ['mock/echo', 'echo'], ip: ['10.0.0.0/8', '::1'], daily: 250_000_000, expires: '2030-01-31T00:00:00.000Z' },
      );
    } finally {
      await store.close();
    }
  });

  it('prints the key view plus key with --json', async () => {
    const json = JSON.parse(await ok('keys', 'create', '--account', accountId, '--name', 'j', '--json'));
    assert.match(json.key, /^ck-/);
    assert.equal(json.key_prefix, json.key.slice(0, 7));
    assert.equal(json.account_id, accountId);
    assert.equal(json.is_active, true);
  });

  it('lists keys as a table or JSON, never the key or its hash', async () => {
    const acct = await newAccount();
    const key = (await ok('keys', 'create', '--account', acct, '--name', 'listed')).trim();
    const table = await ok('keys', 'list', '--account', acct);
    assert.match(table, /^ID\s+PREFIX\s+NAME\s+STATE\s+EXPIRES\s+RPM\s+DAILY LIMIT\s+MODELS\s+CREATED\n/);
    assert.match(table, new RegExp(`${key.slice(0, 7)}…\\s+listed\\s+active\\s+never\\s+-\\s+-\\s+all`));
    const json = JSON.parse(await ok('keys', 'list', '--account', acct, '--json'));
    assert.equal(json.data.length, 1);
    for (const text of [table, JSON.stringify(json)]) assert.ok(!text.includes(key) && !text.includes(hashApiKey(key)));
  });

  it('revokes a key', async () => {
    const acct = await newAccount();
    const created = JSON.parse(await ok('keys', 'create', '--account', acct, '--name', 'gone', '--json'));
    assert.equal(await ok('keys', 'revoke', created.id), `revoked ${created.id}\n`);
    assert.equal(JSON.parse(await ok('keys', 'list', '--account', acct, '--json')).data.length, 0);
    const again = await run('keys', 'revoke', created.id, '--json');
    assert.equal(again.code, 1);
    assert.match(again.err, /not found/);
  });

  it('rejects bad key arguments with exit 2, naming the flag', async () => {
    const base = ['keys', 'create', '--account', accountId, '--name', 'k'];
    usageError(await run('keys', 'create', '--name', 'k'), /'--account' is required/);
    usageError(await run(...base, '--rpm', '0'), /'--rpm'/);
    usageError(await run(...base, '--ip', '10.0.0.0/8,300.1.1.1'), /'--ip': '300\.1\.1\.1' is not an IP address/);
    usageError(await run(...base, '--models', 'a,,b'), /'--models'/);
    usageError(await run(...base, '--daily-limit', '-1'), /'--daily-limit'/);
    usageError(await run(...base, '--expires', 'soon'), /'--expires'/);
    usageError(await run(...base, '--models', 'mock/echo,no/such-model'), /Unknown model 'no\/such-model' in allowed_models; this gateway serves: mock\/echo/);
    usageError(await run(...base, '--expires', '2030-02-30'), /'--expires'/);
    usageError(await run('keys', 'revoke'), /missing KEY_ID/);
    const r = await run('keys', 'create', '--account', 'acct_nope', '--name', 'k');
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
  });
});

describe('chuizi ledger check', () => {
  it('exits 0 when the ledger is sound', async () => {
    assert.match(await ok('ledger', 'check'), /^ledger OK/);
    assert.deepEqual(JSON.parse(await ok('ledger', 'check', '--json')), { ok: true, problems: [] });
  });

  it('exits 1 and lists each problem when a hold has expired', async () => {
    const id = await newAccount('--balance', '1');
    const keyId = JSON.parse(await ok('keys', 'create', '--account', id, '--name', 'k', '--json')).id as string;
    const store = await openStore(databaseUrl);
    try {
      const held = await store.ledger.hold({ id: 'gen-expiredholdfortest000', accountId: id, keyId, amount: 100, owner: 'gone-process', expiresAt: Date.now() - 1000, day: new Date().toISOString().slice(0, 10) });
      assert.equal(held.ok, true);
    } finally {
      await store.close();
    }
    const r = await run('ledger', 'check');
    assert.equal(r.code, 1);
    assert.match(r.out, /gen-expiredholdfortest000/);
    const json = JSON.parse((await run('ledger', 'check', '--json')).out);
    assert.equal(json.ok, false);
    assert.equal(json.problems[0].hold_id, 'gen-expiredholdfortest000');
  });

  it('with --open-holds, also reports a live hold (a leaked one when no server runs)', async () => {
    const before = JSON.parse((await run('ledger', 'check', '--json')).out).problems.length;
    const id = await newAccount('--balance', '1');
    const keyId = JSON.parse(await ok('keys', 'create', '--account', id, '--name', 'k', '--json')).id as string;
    const store = await openStore(databaseUrl);
    try {
      const held = await store.ledger.hold({ id: 'gen-liveholdfortest000000', accountId: id, keyId, amount: 100, owner: 'cli-test', expiresAt: Date.now() + 600_000, day: new Date().toISOString().slice(0, 10) });
      assert.equal(held.ok, true);
    } finally {
      await store.close();
    }
    assert.equal(JSON.parse((await run('ledger', 'check', '--json')).out).problems.length, before, 'a live hold may belong to a running call');
    const r = await run('ledger', 'check', '--open-holds');
    assert.equal(r.code, 1);
    assert.match(r.out, /gen-liveholdfortest000000.*open since/);
  });
});

describe('chuizi ledger redo', () => {
  it('writes a settlement the gateway logged as not written, once, and then finds the check clean', async () => {
    const id = await newAccount('--balance', '1');
    const keyId = JSON.parse(await ok('keys', 'create', '--account', id, '--name', 'k', '--json')).id as string;
    const holdId = 'gen-redoholdfortest00000000';
    const store = await openStore(databaseUrl);
    try {
      assert.equal((await store.ledger.hold({ id: holdId, accountId: id, keyId, amount: 5000, owner: 'cli-test', expiresAt: Date.now() + 600_000, day: new Date().toISOString().slice(0, 10) })).ok, true);
    } finally {
      await store.close();
    }
    const generation = {
      id: holdId, accountId: id, keyId, requestId: 'req-1', model: 'test/m', provider: 'up', protocol: 'openai', streamed: true, status: 'completed',
      inputTokens: 10, outputTokens: 20, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, cost: 1234, upstreamCost: 1175,
      latencyMs: 5, generationTimeMs: 4, finishReason: 'stop', usageSource: 'upstream', errorReason: null, createdAt: new Date().toISOString(),
    };
    const log = join(dir, 'gateway.log');
    writeFileSync(log, [
      JSON.stringify({ level: 30, msg: 'model call' }),
      'not json at all',
      JSON.stringify({ level: 50, msg: 'settlement rejected by the store; not retried, its hold is not released: redo it from this line', settlement: { holdId, charge: 1234, generation } }),
    ].join('\n'));
    const holdsIn = async () => JSON.parse((await run('ledger', 'check', '--open-holds', '--json')).out).problems.filter((p: { hold_id?: string }) => p.hold_id === holdId).length;
    assert.equal(await holdsIn(), 1, 'the hold is open');
    assert.match(await ok('ledger', 'redo', log), new RegExp(`hold ${holdId} charge 0\\.00001234: written`));
    assert.match(await ok('ledger', 'redo', log), /not open \(already settled or released\)/, 'a second redo changes nothing');
    const shown = JSON.parse(await ok('accounts', 'show', id, '--json'));
    assert.equal(shown.balance, '0.99998766');
    assert.equal(shown.held, '0.00000000');
    assert.equal(await holdsIn(), 0);
  });
});
