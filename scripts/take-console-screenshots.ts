/**
 * `npm run screenshots`: PNGs of the web console's main views under docs/console/, for the README.
 *
 * It starts the real gateway on 127.0.0.1 (in-memory store) with two fake upstreams on local
 * sockets (an Anthropic and an OpenAI-compatible one, from src/testing) and a third provider
 * pointing at a closed port, so the provider view shows a real failover and an open breaker.
 * Accounts, top-ups and keys are made through the admin API, today's calls through the model
 * API; the 29 days before today are backfilled straight into the store (settled holds with
 * back-dated records) so the charts have a month of history. Then headless chromium (Debian's
 * package, as in the browser tests) signs in and photographs each view.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { nav, signIn } from '../test/console/drive-console.js';
import { PROJECT_ROOT } from '../src/project-root.js';
import { holdAndSettle } from '../src/store/contract/seed-fixtures.js';
import { MockUpstreamServer } from '../src/testing/mock-upstream-server.js';
import { openaiUpstreamHandler } from '../src/testing/openai-upstream-handler.js';
import { anthropicUpstreamHandler } from '../src/testing/anthropic-upstream-handler.js';
import { launchChromium } from '../test/console/launch-chromium.js';
import { startConsoleGateway } from '../test/console/start-console-gateway.js';

const OUT = join(PROJECT_ROOT, 'docs', 'console');
const DAY_MS = 86_400_000;

/** USD per 1M tokens, as in the config below: for the back-dated records' costs. */
const MODELS = [
  { id: 'anthropic/claude-sonnet-4-6', provider: 'anthropic-main', upstream: 'claude-sonnet-4-6', input: 3, output: 15 },
  { id: 'openai/gpt-4.1-mini', provider: 'openai-main', upstream: 'gpt-4.1-mini', input: 0.4, output: 1.6 },
  { id: 'google/gemini-2.5-flash', provider: 'openai-main', upstream: 'gemini-2.5-flash', input: 0.3, output: 2.5 },
  { id: 'mock/echo', provider: 'mock', upstream: 'echo', input: 1, output: 2 },
];

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const anthropicUp = await new MockUpstreamServer(anthropicUpstreamHandler()).start();
  const openaiUp = await new MockUpstreamServer(openaiUpstreamHandler()).start();
  const gw = await startConsoleGateway({
    billing: { markup: 1.05 },
    limits: { key_rpm: 10_000, model_rpm: 10_000 },
    providers: [
      { id: 'anthropic-main', protocol: 'anthropic', base_url: anthropicUp.url, api_key: 'sk-ant-demo' },
      { id: 'openai-main', protocol: 'openai', base_url: `${openaiUp.url}/v1`, api_key: 'sk-demo' },
      { id: 'openrouter-backup', protocol: 'openai', base_url: 'http://127.0.0.1:9/v1', api_key: 'sk-demo' },
      { id: 'mock', protocol: 'mock' },
    ],
    models: MODELS.filter((m) => m.provider !== 'mock').map((m) => ({
      id: m.id,
      price: { input: m.input, output: m.output },
      routes: m.id === 'google/gemini-2.5-flash'
        ? [{ provider: 'openrouter-backup', model: m.upstream }, { provider: m.provider, model: m.upstream }]
        : [{ provider: m.provider, model: m.upstream }],
    })),
  });
  const browser = await launchChromium(gw.url, { width: 1440, height: 900 });
  try {
    const post = <T>(path: string, body: unknown) => gw.admin<{ data: T }>(path, { method: 'POST', body: JSON.stringify(body) });
    const accounts: Array<{ id: string; name: string; credit: string }> = [];
    for (const [name, credit] of [['Acme Labs', '250.00'], ['Globex Research', '120.00'], ['Initech', '40.00']] as const) {
      const a = await post<{ id: string }>('/admin/v1/accounts', { name });
      await post(`/admin/v1/accounts/${a.data.id}/credits`, { amount: credit, note: 'initial credit' });
      accounts.push({ id: a.data.id, name, credit });
    }
    const keySpecs = [
      { account: 0, name: 'production', rpm_limit: 600, max_concurrent: 20, daily_limit: '50.00' },
      { account: 0, name: 'staging', rpm_limit: 60, allowed_models: ['openai/gpt-4.1-mini', 'mock/echo'], expires_at: new Date(Date.now() + 60 * DAY_MS).toISOString() },
      { account: 1, name: 'research-notebooks', daily_limit: '20.00', ip_whitelist: ['10.0.0.0/8'] },
      { account: 1, name: 'eval-harness', max_concurrent: 4 },
      { account: 2, name: 'support-bot', rpm_limit: 120, allowed_models: ['anthropic/claude-sonnet-4-6'] },
    ];
    const keys: Array<{ id: string; key: string; accountId: string; name: string }> = [];
    for (const { account, ...spec } of keySpecs) {
      const k = await post<{ id: string; key: string }>('/admin/v1/keys', { account_id: accounts[account].id, ...spec });
      keys.push({ id: k.data.id, key: k.data.key, accountId: accounts[account].id, name: spec.name });
    }

    // A month of history, back-dated straight into the store (deterministic pseudo-random volumes).
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    for (let d = 29; d >= 1; d--) {
      const calls = 3 + Math.floor(rand() * 5 + (29 - d) / 6);
      for (let c = 0; c < calls; c++) {
        const k = keys[Math.floor(rand() * keys.length)];
        const m = MODELS[Math.floor(rand() * (k.name === 'support-bot' ? 1 : 3))];
        const inputTokens = 20_000 + Math.floor(rand() * 180_000);
        const outputTokens = 2_000 + Math.floor(rand() * 30_000);
        const failed = rand() < 0.04;
        const upstream = failed ? 0 : Math.round(inputTokens * m.input * 100 + outputTokens * m.output * 100);
        const cost = Math.round(upstream * 1.05);
        const createdAt = new Date(today - d * DAY_MS + Math.floor(rand() * 20) * 3_600_000 + c * 1000).toISOString();
        await holdAndSettle(gw.store, k.accountId, k.id, cost + 1_000_000, cost, {
          model: m.id, provider: m.provider, createdAt, inputTokens: failed ? 0 : inputTokens, outputTokens: failed ? 0 : outputTokens, upstreamCost: upstream,
          latencyMs: 400 + Math.floor(rand() * 2500), generationTimeMs: failed ? null : 300 + Math.floor(rand() * 2000),
          ...(failed ? { status: 'failed' as const, finishReason: null, usageSource: null, errorReason: 'upstream_error' } : {}),
        });
      }
    }

    // Today's calls, through the gateway's model API (both protocols; gemini fails over from the closed port).
    let lastGeneration = '';
    for (let i = 0; i < 14; i++) {
      const k = keys[i % keys.length];
      const model = k.name === 'support-bot' ? 'anthropic/claude-sonnet-4-6' : ['openai/gpt-4.1-mini', 'google/gemini-2.5-flash', 'anthropic/claude-sonnet-4-6', 'mock/echo'][i % 4];
      const allowed = k.name !== 'staging' || model === 'openai/gpt-4.1-mini' || model === 'mock/echo';
      if (!allowed) continue;
      const res = await fetch(`${gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${k.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: `Summarise ticket #${1000 + i}` }], stream: i % 3 === 0 }),
      });
      const id = res.headers.get('x-chuizi-generation-id');
      await res.text();
      if (k.name === 'production' && id) lastGeneration = id;
    }
    const production = keys[0];
    if (lastGeneration) await gw.waitForGeneration(production.key, lastGeneration);

    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    await page.goto(`${gw.url}/console`);
    await snap(page, 'sign-in', '[data-form=sign-in]');
    await signIn(page, gw.adminToken);
    await page.waitForSelector('[data-chart=by-key] li');
    await snap(page, 'overview', '[data-page=overview]');
    await nav(page, 'Accounts');
    await page.waitForSelector('tr[data-account]');
    await snap(page, 'accounts', '[data-page=accounts]');
    await nav(page, 'API keys');
    await page.waitForSelector('tr[data-key]');
    await snap(page, 'keys', '[data-page=keys]');
    await page.click('[data-action=new-key]');
    await page.locator('[data-dialog=key-form] input[name=name]').fill('ci-pipeline');
    await page.locator('[data-dialog=key-form] input[name=rpm_limit]').fill('120');
    await page.locator('[data-dialog=key-form] input[name=daily_limit]').fill('10.00');
    await page.locator('[data-dialog=key-form] button[type=submit]').click();
    await page.waitForSelector('[data-dialog=show-key] [data-secret=key]');
    await snap(page, 'new-key', '[data-dialog=show-key]');
    await page.click('[data-dialog=show-key] [data-action=done]');
    await nav(page, 'Generations');
    await page.waitForSelector('tr[data-generation]');
    await snap(page, 'generations', '[data-page=generations]', false);
    await page.locator('tr[data-generation]').first().click();
    await page.waitForSelector('[data-dialog=generation]');
    await snap(page, 'generation-detail', '[data-dialog=generation]', false);
    await page.keyboard.press('Escape');
    await nav(page, 'Providers');
    await page.waitForSelector('[data-page=providers] table');
    await snap(page, 'providers', '[data-page=providers]');
    await page.click('[data-action=sign-out]');
    await signIn(page, production.key);
    await page.waitForSelector('[data-card=recent] tr[data-generation]');
    await snap(page, 'key-holder', '[data-page=key-holder]', false);
    if (browser.foreignRequests.length) throw new Error(`the console tried to reach another origin: ${browser.foreignRequests.join(', ')}`);
  } finally {
    await browser.close();
    await gw.close();
    await anthropicUp.close();
    await openaiUp.close();
  }
}

async function snap(page: Page, name: string, ready: string, fullPage = true): Promise<void> {
  await page.waitForSelector(ready);
  await page.waitForTimeout(150); // let the last paint land
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage });
  process.stdout.write(`wrote ${path}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`screenshots failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
