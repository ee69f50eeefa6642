import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MockUpstreamServer } from '../testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../testing/openai-upstream-handler.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { loadConfig } from '../config/load-config.js';
import { openaiChat } from '../protocols/openai-chat/index.js';
import { estimateHold } from '../billing/estimate-hold.js';
import { withMargin } from '../billing/estimate-input-tokens.js';
import { countInputTokens } from '../billing/count-input-tokens.js';

// 100 concurrent calls against a wallet that covers exactly 30 holds: exactly 30 succeed.
describe('concurrent calls never overspend a wallet', () => {
  let upstream: MockUpstreamServer;
  let gw: TestGateway;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const rawConfig = (url: string) => ({
    limits: { key_rpm: 100_000, model_rpm: 100_000 },
    providers: [{ id: 'up', protocol: 'openai', base_url: `${url}/v1`, api_key: 'sk-x' }],
    models: [{ id: 'test/model', max_output_tokens: 4096, price: { input: 3, output: 15 }, routes: [{ provider: 'up', model: 'm' }] }],
  });
  const body = { model: 'test/model', max_tokens: 500, messages: [{ role: 'user', content: 'hi' }] };

  before(async () => {
    const handler = openaiUpstreamHandler({ prompt_tokens: 10, completion_tokens: 100 });
    upstream = await new MockUpstreamServer(async (req, res) => {
      await gate; // hold every admitted call open until all admissions are decided
      return handler(req, res);
    }).start();
    gw = await startTestGateway(rawConfig(upstream.url), { balanceUnits: 0 });
  });
  after(async () => {
    release();
    await gw.close();
    await upstream.close();
  });

  it('admits exactly the 30 calls the wallet covers; the other 70 get 402', async () => {
    const config = loadConfig({ raw: rawConfig(upstream.url), env: {} });
    const model = config.models.find((m) => m.id === 'test/model')!;
    const hold = estimateHold(withMargin(await countInputTokens(openaiChat.parseRequest(body))), 500, model.price, model.markup);
    const funded = 30 * hold + (hold - 1); // covers 30 holds, not 31
    const acct = await gw.newAccount(funded);

    let refused = 0;
    const timer = setTimeout(release, 5000); // a wrong gateway admits more than 30: don't hang
    const results = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${acct.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const json = await res.json();
        if (res.status === 402 && ++refused === 70) release();
        return { status: res.status, json };
      }),
    );
    clearTimeout(timer);
    const ok = results.filter((r) => r.status === 200);
    const poor = results.filter((r) => r.status === 402);
    assert.equal(ok.length, 30);
    assert.equal(poor.length, 70);
    assert.equal(upstream.requests.length, 30);
    for (const r of poor) assert.equal(r.json.error.type, 'insufficient_quota');

    const account = (await gw.store.accounts.get(acct.accountId))!;
    const charge = Number(BigInt(ok[0].json.x_chuizi.cost.replace('.', '')));
    assert.equal(account.held, 0);
    assert.equal(account.balance, funded - 30 * charge);
    assert.ok(account.balance >= 0);
    assert.deepEqual(await gw.store.ledger.check(Date.now()), []);
  });
});
