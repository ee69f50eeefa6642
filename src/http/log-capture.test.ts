import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { MockUpstreamServer } from '../testing/mock-upstream-server.js';
import { startTestGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../testing/start-test-gateway.js';
import { callDoor, DOORS } from '../testing/call-door.js';
import * as fault from '../testing/fault-upstream.js';

// The gateway at debug level with an in-memory log destination, driven through success (both
// doors, streamed and not), a bad key, an upstream 401, an upstream 400 that echoes the prompt,
// a settlement-worthy disconnect and the admin API: no log line carries a client key, the admin
// token, a provider key, prompt text or completion text.
const PROVIDER_KEY = 'sk-provider-secret-c0ffee4242';
const PROMPT = 'PROMPT-TEXT-zebra-quartz-7731';
const COMPLETION = 'COMPLETION-TEXT-walrus-onyx-9902';

describe('logs never carry keys, tokens, prompts or completions (debug level)', () => {
  let up: MockUpstreamServer;
  let gw: TestGateway;
  const raw: string[] = [];

  before(async () => {
    up = await new MockUpstreamServer(fault.completion(COMPLETION, { prompt_tokens: 10, completion_tokens: 5 })).start();
    const log = pino({ level: 'debug' }, { write: (s: string) => void raw.push(s) });
    gw = await startTestGateway({
      upstream: { timeout_seconds: 0.5 },
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: [
        { id: 'up', protocol: 'openai', base_url: `${up.url}/v1`, api_key: PROVIDER_KEY, expose_upstream_errors: true },
      ],
      models: [{ id: 'test/m', max_output_tokens: 1000, price: { input: 1, output: 2 }, routes: [{ provider: 'up', model: 'm' }] }],
    }, { log });
  });
  after(async () => {
    await gw.close();
    await up.close();
  });

  it('drives every path and finds nothing secret in any line', async () => {
    for (const door of DOORS) {
      const ok = await callDoor(gw.url, door, gw.key, { model: 'test/m', content: PROMPT });
      assert.equal(ok.status, 200);
      assert.equal(ok.text, COMPLETION);
      up.next(fault.stream([COMPLETION.slice(0, 10), COMPLETION.slice(10)], { prompt_tokens: 10, completion_tokens: 5 }));
      const streamed = await callDoor(gw.url, door, gw.key, { model: 'test/m', content: PROMPT, stream: true });
      assert.equal(streamed.text, COMPLETION);

      const badKey = await callDoor(gw.url, door, `${gw.key.slice(0, -4)}zzzz`, { model: 'test/m', content: PROMPT });
      assert.equal(badKey.status, 401);

      up.next(fault.status(401, { error: { message: `Incorrect API key provided: ${PROVIDER_KEY}`, type: 'invalid_request_error' } }));
      const upstream401 = await callDoor(gw.url, door, gw.key, { model: 'test/m', content: PROMPT });
      assert.equal(upstream401.status, 502);
      assert.ok(!JSON.stringify(upstream401.body).includes(PROVIDER_KEY), 'the provider key never reaches the client either');

      up.next(fault.status(400, { error: { message: `Your prompt '${PROMPT}' violates the policy`, type: 'invalid_request_error' } }));
      const echoed = await callDoor(gw.url, door, gw.key, { model: 'test/m', content: PROMPT });
      assert.equal(echoed.status, 400);
      assert.match(echoed.errorMessage ?? '', new RegExp(PROMPT), 'the client may see its own prompt in the (scrubbed) message');

      up.next(fault.stream(['word '], { prompt_tokens: 1e18, completion_tokens: 5 }));
      assert.equal((await callDoor(gw.url, door, gw.key, { model: 'test/m', content: PROMPT, stream: true })).status, 200);
    }
    const admin = await fetch(`${gw.url}/admin/v1/accounts/${gw.accountId}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    assert.equal(admin.status, 200);
    const badAdmin = await fetch(`${gw.url}/admin/v1/accounts/${gw.accountId}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}x` } });
    assert.equal(badAdmin.status, 401);

    const credited = await fetch(`${gw.url}/admin/v1/accounts/${gw.accountId}/credits`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ amount: '1.5', note: 'goodwill' }) });
    assert.equal(credited.status, 200);

    await new Promise((r) => setTimeout(r, 50));
    // every refusal says why, in the line of its request; admin actions are logged too
    const lines = raw.map((l) => JSON.parse(l));
    const refusals = lines.filter((l) => l.status >= 400);
    assert.ok(refusals.length >= 6, `refusals logged: ${refusals.length}`);
    for (const l of refusals) assert.ok(typeof l.reason === 'string' && l.reason.length > 0, `a ${l.status} line without its reason: ${JSON.stringify(l)}`);
    assert.ok(lines.some((l) => l.msg === 'model call' && l.status === 401 && l.reason === 'invalid_api_key'));
    assert.ok(lines.some((l) => l.msg === 'request refused' && l.path === `/admin/v1/accounts/${gw.accountId}` && l.status === 401 && l.reason === 'invalid_api_key'));
    assert.ok(lines.some((l) => l.msg === 'admin action' && l.audit === 'credits.add' && l.actor === 'admin-api' && l.target === gw.accountId && l.amount === '1.50000000'));
    assert.ok(raw.length >= 10, `the gateway logged (${raw.length} lines)`);
    assert.ok(raw.some((l) => l.includes('upstream attempt failed')), 'upstream failures are logged');
    assert.ok(raw.some((l) => l.includes('upstream usage discrepancy')), 'usage discrepancies are logged');
    const secrets: Array<[string, string]> = [
      ['client key', gw.key], ['client key body', gw.key.slice(3)], ['admin token', TEST_ADMIN_TOKEN], ['provider key', PROVIDER_KEY],
      ['prompt', PROMPT], ['completion', COMPLETION], ['completion part', COMPLETION.slice(10)],
    ];
    for (const line of raw) {
      for (const [what, secret] of secrets) assert.ok(!line.includes(secret), `a log line contains the ${what}: ${line}`);
    }
  });
});
