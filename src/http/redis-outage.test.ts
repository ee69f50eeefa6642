import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { randomAlphanumeric } from '../core/ids.js';
import { openCounters } from '../store/open-counters.js';
import { CutProxy } from '../testing/cut-proxy.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';

/**
 * Server mode with Redis going away and coming back (through a proxy the test cuts): model calls
 * get a clear 503 `service_unavailable` in the client's own envelope, nothing is charged, the
 * process does not crash, and calls pass again once Redis is back — without a restart.
 */
describe('Redis unreachable', () => {
  const prefix = `chuizi-test:${randomAlphanumeric(10)}:`;
  let proxy: CutProxy;
  let gw: TestGateway;

  before(async () => {
    proxy = await new CutProxy(6379).start();
    gw = await startTestGateway({}, { counters: await openCounters(proxy.url, { prefix }) });
  });
  after(async () => {
    await gw.close();
    await proxy.close();
    const admin = new Redis('redis://127.0.0.1:6379');
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
  });

  const chat = () => fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mock/echo', messages: [{ role: 'user', content: 'hi' }] }),
  });
  const messages = () => fetch(`${gw.url}/anthropic/v1/messages`, {
    method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'mock/echo', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
  });

  it('answers 503 service_unavailable in each protocol\'s envelope while it is down, charges nothing, and recovers', async () => {
    assert.equal((await chat()).status, 200);
    const balance = (await gw.store.accounts.get(gw.accountId))?.balance;

    await proxy.cut();
    const openai = await chat();
    assert.equal(openai.status, 503);
    assert.ok(openai.headers.get('retry-after'));
    const oBody = await openai.json();
    assert.equal(oBody.error.type, 'service_unavailable');
    assert.match(oBody.error.message, /Retry shortly/);
    const anthropic = await messages();
    assert.equal(anthropic.status, 503);
    const aBody = await anthropic.json();
    assert.equal(aBody.type, 'error');
    assert.equal(aBody.error.type, 'service_unavailable');
    assert.equal((await gw.store.accounts.get(gw.accountId))?.balance, balance, 'nothing charged');
    assert.equal((await fetch(`${gw.url}/health`)).status, 200, 'the process is alive');

    await proxy.restore();
    const t0 = Date.now();
    let status = 0;
    while (status !== 200 && Date.now() - t0 < 5000) {
      status = (await chat()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 200, 'calls pass again once Redis is back');
    assert.equal((await messages()).status, 200);
    assert.deepEqual(await gw.store.ledger.check(Date.now(), { openHolds: true }), []);
  });
});
