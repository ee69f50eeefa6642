import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { startGateway, type RunningGateway } from '../start-gateway.js';
import type { CliIo } from './cli-io.js';
import { main } from './main.js';

// An operator's whole day through the CLI alone, against the store a running gateway uses:
// create an account, top it up, create a key with limits, call with it, read usage, generations
// and the audit log, revoke the key — and the next call is refused.
describe('the operator flow through the CLI alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chuizi-flow-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'chuizi.db')}`, CHUIZI_DEMO: '0' };
  let gateway: RunningGateway;
  const cli = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const io: CliIo = { out: (s) => void (out += s), err: (s) => void (err += s), env };
    const code = await main(argv, io);
    return { code, out, err };
  };
  const ok = async (...argv: string[]) => {
    const r = await cli(...argv);
    assert.equal(r.code, 0, `chuizi ${argv.join(' ')}: ${r.err}`);
    return r;
  };
  const chat = (key: string, body: object) =>
    fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  before(async () => {
    gateway = await startGateway({ env, log: pino({ level: 'silent' }), port: 0, print: () => undefined });
  });
  after(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create account → top up → key with limits → call → usage, generations, audit → revoke', async () => {
    const accountId = (await ok('accounts', 'create', '--name', 'Acme Corp')).out.trim();
    assert.match(accountId, /^acct_/);
    assert.equal((await ok('credits', 'add', accountId, '10', '--note', 'first invoice')).out, '10.00000000\n');
    assert.match((await ok('accounts', 'list', '--search', 'acme')).out, new RegExp(`${accountId}\\s+Acme Corp\\s+\\$10\\.00000000`));

    const created = await ok('keys', 'create', '--account', accountId, '--name', 'prod', '--rpm', '5', '--models', 'mock/echo', '--daily-limit', '1', '--expires', '2099-01-01');
    const key = created.out.trim();
    assert.match(key, /^ck-[A-Za-z0-9]{32}$/);
    const keyId = /^key id: (key_\S+)/.exec(created.err)?.[1] ?? '';
    assert.match(keyId, /^key_/);
    const list = (await ok('keys', 'list', '--account', accountId)).out;
    assert.match(list, new RegExp(`${keyId}\\s+ck-\\S+…\\s+prod\\s+active\\s+2099-01-01T00:00:00\\.000Z\\s+5\\s+\\$1\\.00000000\\s+mock/echo`));

    const res = await chat(key, { model: 'mock/echo', messages: [{ role: 'user', content: 'hello operator' }] });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).choices[0].message.content, 'hello operator');
    assert.equal((await chat(key, { model: 'openai/gpt-4.1', messages: [{ role: 'user', content: 'x' }] })).status, 404);

    const usage = JSON.parse((await ok('usage', '--account', accountId, '--group-by', 'model', '--json')).out);
    assert.equal(usage.data.length, 1);
    assert.equal(usage.data[0].model, 'mock/echo');
    assert.equal(usage.data[0].requests, 1);
    assert.match((await ok('usage', '--account', accountId, '--group-by', 'model')).out, /^MODEL\s+REQUESTS\s+INPUT TOKENS\s+OUTPUT TOKENS\s+COST\nmock\/echo\s+1\s+\d+\s+\d+\s+\$0\.\d{8}\n$/);
    const gens = JSON.parse((await ok('generations', '--account', accountId, '--json')).out);
    assert.equal(gens.data.length, 1);
    assert.deepEqual([gens.data[0].key_id, gens.data[0].status, gens.data[0].model], [keyId, 'completed', 'mock/echo']);
    const tx = JSON.parse((await ok('transactions', accountId, '--json')).out);
    assert.deepEqual(tx.data.map((t: any) => t.type), ['charge', 'topup']);
    assert.equal(tx.data[0].balance_after, JSON.parse((await ok('accounts', 'show', accountId, '--json')).out).balance);

    // a negative adjustment past zero needs --force
    const tooMuch = await cli('credits', 'add', accountId, '-20');
    assert.equal(tooMuch.code, 2);
    assert.match(tooMuch.err, /Invalid value for 'amount': an adjustment of -\$20\.00000000 would take the balance of acct_\S+ from \$9\.99\d{6} to -\$10\.00\d{6}; send force: true \(CLI: --force\)/);

    assert.equal((await ok('keys', 'revoke', keyId)).out, `revoked ${keyId}\n`);
    const refused = await chat(key, { model: 'mock/echo', messages: [{ role: 'user', content: 'again' }] });
    assert.equal(refused.status, 401);

    const audit = JSON.parse((await ok('audit', '--json')).out);
    assert.deepEqual(audit.data.map((r: any) => [r.actor, r.action, r.target]), [
      ['cli', 'key.revoke', keyId],
      ['cli', 'key.create', keyId],
      ['cli', 'credits.add', accountId],
      ['cli', 'account.create', accountId],
    ]);
    assert.equal(audit.data[2].detail.amount, '10.00000000');
    assert.ok(!JSON.stringify(audit).includes(key), 'the audit log never holds a key');
    assert.deepEqual(JSON.parse((await ok('ledger', 'check', '--json')).out), { ok: true, problems: [] });
  });

  it('answers --version, per-command --help, and lists the models', async () => {
    assert.match((await ok('--version')).out, /^\d+\.\d+\.\d+\n$/);
    for (const cmd of [['accounts', 'list'], ['accounts', 'update'], ['keys', 'update'], ['keys', 'enable'], ['usage'], ['generations'], ['transactions'], ['models'], ['audit']]) {
      assert.match((await ok(...cmd, '--help')).out, new RegExp(`^Usage: chuizi ${cmd.join(' ')}`));
    }
    assert.match((await ok('models')).out, /^MODEL\s+INPUT \$\/1M\s+OUTPUT \$\/1M\s+CACHED \$\/1M\s+CONTEXT\s+MAX OUT\s+CAPABILITIES\s+ROUTES\nmock\/echo\s+\$1\.05\s+\$2\.10\s+-\s+-\s+4096\s+tools,json\s+mock:echo\n/);
  });

  it('updates, disables and enables a key; bad --expires and unknown --models are refused', async () => {
    const accountId = (await ok('accounts', 'create', '--name', 'B', '--balance', '1')).out.trim();
    const keyId = JSON.parse((await ok('keys', 'create', '--account', accountId, '--name', 'k', '--json')).out).id as string;
    const shown = JSON.parse((await ok('keys', 'update', keyId, '--rpm', '7', '--daily-limit', '0.5', '--json')).out);
    assert.deepEqual([shown.rpm_limit, shown.daily_limit, shown.state], [7, '0.50000000', 'active']);
    assert.equal(JSON.parse((await ok('keys', 'update', keyId, '--rpm', 'none', '--json')).out).rpm_limit, null);
    assert.equal((await ok('keys', 'disable', keyId)).out, `disabled ${keyId}\n`);
    assert.match((await ok('keys', 'show', keyId)).out, /state: disabled/);
    assert.equal((await ok('keys', 'enable', keyId)).out, `enabled ${keyId}\n`);
    assert.match((await ok('keys', 'show', keyId)).out, /state: active/);
    const badDate = await cli('keys', 'update', keyId, '--expires', 'next week');
    assert.equal(badDate.code, 2);
    assert.match(badDate.err, /Invalid value for '--expires': must be an ISO-8601 date-time/);
    const badModel = await cli('keys', 'update', keyId, '--models', 'gpt-9');
    assert.equal(badModel.code, 2);
    assert.match(badModel.err, /Unknown model 'gpt-9' in allowed_models/);
    assert.match((await ok('accounts', 'update', accountId, '--name', 'B2', '--rpm', '90')).out, /name: B2\nbalance: \$1\.00000000/);
  });
});
