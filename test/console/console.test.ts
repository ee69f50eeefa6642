import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { nav, signIn } from './drive-console.js';
import { formatUsd, formatUsdShort } from '../../console/src/lib/format-usd.js';
import { holdAndSettle } from '../../src/store/contract/seed-fixtures.js';
import { launchChromium, type Browser } from './launch-chromium.js';
import { startConsoleGateway, type ConsoleGateway } from './start-console-gateway.js';

/**
 * The web console end to end in Debian's headless chromium (driven by playwright-core, never a
 * downloaded browser) against a real gateway on 127.0.0.1 (embedded store, built-in mock
 * upstream). Every step goes through the UI except the model call, which a client makes over HTTP.
 */
describe('web console (headless chromium)', () => {
  let gw: ConsoleGateway;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    gw = await startConsoleGateway();
    browser = await launchChromium(gw.url);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      // The 400 of the deliberately bad edit below is expected; anything else (a CSP refusal, an exception) is not.
      if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 400/.test(m.text())) pageErrors.push(m.text());
    });
  });

  after(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('operator creates an account, tops it up and creates a key; the call shows in generations and usage; the key holder sees it', async () => {
    // Operator signs in with the admin token.
    await page.goto(`${gw.url}/console`);
    await signIn(page, gw.adminToken);
    await page.waitForSelector('[data-page=overview]');

    // Accounts: create, then top up.
    await nav(page, 'Accounts');
    await page.click('[data-action=new-account]');
    await page.fill('[data-dialog=new-account] input[name=name]', 'Acme Labs');
    await page.click('[data-dialog=new-account] button[type=submit]');
    const accountRow = page.locator('tr[data-account="Acme Labs"]');
    await accountRow.waitFor();
    assert.equal(await accountRow.locator('[data-field=balance]').textContent(), '$0.00');
    await accountRow.locator('[data-action=top-up]').click();
    await page.fill('[data-dialog=top-up] input[name=amount]', '25.00');
    await page.fill('[data-dialog=top-up] input[name=note]', 'console test');
    await page.click('[data-dialog=top-up] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('tr[data-account="Acme Labs"] [data-field=balance]')?.textContent === '$25.00');
    // Edit its rate limit: a bad value is refused with the gateway's message naming the field, a good one saved.
    await accountRow.locator('[data-action=edit-account]').click();
    await page.fill('[data-dialog=edit-account] input[name=rpm_limit]', 'lots');
    await page.click('[data-dialog=edit-account] button[type=submit]');
    await page.waitForSelector('[data-dialog=edit-account] [role=alert]:has-text("rpm_limit")');
    await page.fill('[data-dialog=edit-account] input[name=rpm_limit]', '300');
    await page.click('[data-dialog=edit-account] button[type=submit]');
    await page.waitForFunction(() => /300/.test(document.querySelector('tr[data-account="Acme Labs"]')?.textContent ?? ''));

    // Keys: create through the UI; the secret is read from the show-once dialog.
    await nav(page, 'API keys');
    await page.click('[data-action=new-key]');
    const form = page.locator('[data-dialog=key-form]');
    await form.locator('select[name=account_id]').selectOption({ label: 'Acme Labs' });
    await form.locator('input[name=name]').fill('ci key');
    await form.locator('input[name=rpm_limit]').fill('120');
    await form.locator('input[name=daily_limit]').fill('5');
    await form.locator('button[type=submit]').click();
    const secret = (await page.locator('[data-dialog=show-key] [data-secret=key]').textContent()) ?? '';
    assert.match(secret, /^ck-[A-Za-z0-9_-]{20,}$/);
    await page.click('[data-dialog=show-key] [data-action=copy]');
    await page.waitForSelector('[data-dialog=show-key] [data-action=copy]:text("Copied")');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await page.click('[data-dialog=show-key] [data-action=done]');
    const keyRow = page.locator('tr[data-key="ci key"]');
    await keyRow.waitFor();
    assert.match((await keyRow.textContent()) ?? '', /120/);
    assert.match((await keyRow.textContent()) ?? '', /\$5\.00/);

    // Edit its limits: max concurrent and allowed models.
    await keyRow.locator('[data-action=edit-key]').click();
    await page.fill('[data-dialog=key-form] input[name=max_concurrent]', '3');
    await page.fill('[data-dialog=key-form] input[name=allowed_models]', 'mock/echo');
    await page.click('[data-dialog=key-form] button[type=submit]');
    await page.waitForFunction(() => /mock\/echo/.test(document.querySelector('tr[data-key="ci key"]')?.textContent ?? ''));
    const stored = (await gw.admin<{ data: Array<{ name: string; max_concurrent: number; allowed_models: string[]; rpm_limit: number; daily_limit: string }> }>('/admin/v1/keys?limit=500')).data.find((k) => k.name === 'ci key');
    assert.deepEqual(
      { max: stored?.max_concurrent, models: stored?.allowed_models, rpm: stored?.rpm_limit, daily: stored?.daily_limit },
      { max: 3, models: ['mock/echo'], rpm: 120, daily: '5.00000000' },
    );

    // A client calls with the new key over HTTP.
    const call = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock/echo', messages: [{ role: 'user', content: 'hello from the console test' }] }),
    });
    assert.equal(call.status, 200);
    const generationId = ((await call.json()) as { id: string }).id;
    const record = await gw.waitForGeneration(secret, generationId);
    assert.ok(BigInt(record.cost.replace('.', '')) > 0n, 'the call cost something');
    const cost = formatUsd(record.cost);

    // Generations log: the call, its cost, and its detail; filters narrow to it.
    await nav(page, 'Generations');
    await page.locator('[data-form=generation-filters] select[name=status]').selectOption('completed');
    await page.locator('[data-form=generation-filters] select[name=account_id]').selectOption({ label: 'Acme Labs' });
    const genRow = page.locator(`tr[data-generation="${generationId}"]`);
    await genRow.waitFor();
    assert.equal(await genRow.locator('[data-cost]').textContent(), cost);
    assert.match((await genRow.textContent()) ?? '', /mock\/echo/);
    assert.match((await genRow.textContent()) ?? '', /ci key/);
    await page.locator('[data-form=generation-filters] select[name=status]').selectOption('failed');
    await genRow.waitFor({ state: 'detached' });
    await page.locator('[data-form=generation-filters] select[name=status]').selectOption('');
    await genRow.click();
    const detail = page.locator('[data-dialog=generation] [data-detail=generation]');
    await detail.waitFor();
    assert.match((await detail.textContent()) ?? '', new RegExp(generationId));
    assert.equal(await detail.locator('[data-field=cost]').textContent(), cost);
    await page.keyboard.press('Escape');

    // Usage: today's bar of the daily chart, the by-key list and today's spend carry the call's exact cost.
    await nav(page, 'Overview');
    const today = new Date().toISOString().slice(0, 10);
    const bar = page.locator(`[data-chart=stacked-bar] [data-bucket="${today}"]`);
    await page.waitForFunction((d) => document.querySelector(`[data-chart=stacked-bar] [data-bucket="${d}"]`)?.getAttribute('data-cost') !== '0.00000000', today);
    assert.equal(await bar.getAttribute('data-cost'), record.cost);
    assert.ok((await bar.locator('rect').count()) >= 1, 'a drawn bar');
    assert.equal(await page.locator('[data-chart=by-key] li').first().getAttribute('data-cost'), record.cost);
    assert.match((await page.locator('[data-chart=by-key] li').first().textContent()) ?? '', /ci key/);
    assert.equal(await page.locator('[data-chart=by-model] li[data-label="mock/echo"]').getAttribute('data-cost'), record.cost);
    assert.equal(await page.locator('[data-stat=spend-today]').getAttribute('data-amount'), record.cost);
    assert.match((await page.locator('[data-stat=spend-today]').textContent()) ?? '', new RegExp(escapeRegExp(formatUsdShort(record.cost))));

    // The admin token lives in this tab's sessionStorage only: never in the URL, a cookie or localStorage.
    assert.ok(!page.url().includes(gw.adminToken));
    assert.deepEqual(await browser.context.cookies(), []);
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    assert.match((await page.evaluate(() => sessionStorage.getItem('chuizi.console.session'))) ?? '', /operator/);

    // The key holder signs in with the key and sees the same call.
    await page.click('[data-action=sign-out]');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await signIn(page, secret);
    await page.waitForSelector('[data-page=key-holder]');
    const own = page.locator(`[data-card=recent] tr[data-generation="${generationId}"]`);
    await own.waitFor();
    assert.equal(await own.locator('[data-cost]').textContent(), cost);
    assert.equal(await page.locator(`[data-card=key-usage] [data-bucket="${today}"]`).getAttribute('data-cost'), record.cost);
    assert.equal(await page.locator('[data-stat=spent-today]').getAttribute('data-amount'), record.cost);
    assert.equal(await page.locator('[data-stat=balance]').getAttribute('data-amount'), gw.subtract('25.00000000', record.cost));
    assert.match((await page.locator('[data-stat=balance]').textContent()) ?? '', new RegExp(escapeRegExp(formatUsdShort(gw.subtract('25.00000000', record.cost)))));
    assert.match((await page.locator('[data-card=key-info]').textContent()) ?? '', /mock\/echo/);
    await page.fill('[data-form=lookup] input[name=generation_id]', generationId);
    await page.click('[data-form=lookup] button[type=submit]');
    assert.equal(await page.locator('[data-dialog=generation] [data-field=cost]').textContent(), cost);
    await page.keyboard.press('Escape');
    // A reload keeps the tab's session; the key is not in the URL.
    await page.reload();
    await page.waitForSelector('[data-page=key-holder]');
    assert.ok(!page.url().includes(secret));

    // Back as operator: revoke the key; the key holder's session is refused from then on.
    await page.click('[data-action=sign-out]');
    await signIn(page, gw.adminToken);
    await nav(page, 'API keys');
    await page.locator('tr[data-key="ci key"] [data-action=revoke-key]').click();
    await page.click('[data-dialog=revoke] [data-action=confirm-revoke]');
    await page.locator('tr[data-key="ci key"]').waitFor({ state: 'detached' });
    const refused = await fetch(`${gw.url}/v1/key/info`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(refused.status, 401);

    assert.deepEqual(browser.foreignRequests, [], 'the console loads nothing from another origin');
    assert.deepEqual(pageErrors, []);
  });

  it('pages the generation log with Load more', async () => {
    const account = await gw.store.accounts.create({ name: 'Paged Inc' });
    await gw.store.ledger.credit(account.id, 100_000_000, 'topup');
    const key = await gw.store.keys.create({ accountId: account.id, name: 'paged key', keyHash: 'p'.repeat(64), keyPrefix: 'ck-paged' });
    const base = Date.UTC(2026, 0, 1);
    await Promise.all(Array.from({ length: 55 }, (_, i) =>
      holdAndSettle(gw.store, account.id, key.id, 1000, 10 + i, { createdAt: new Date(base + i * 60_000).toISOString(), model: 'mock/echo' })));
    await page.goto(`${gw.url}/console/generations`);
    if (await page.locator('[data-form=sign-in]').count()) await signIn(page, gw.adminToken);
    await page.locator('[data-form=generation-filters] select[name=account_id]').selectOption({ label: 'Paged Inc' });
    const rows = page.locator('[data-table=generations] tbody tr');
    // The unfiltered log (56 calls) also fills a first page of 50: wait for the filtered one, newest first.
    await page.waitForFunction(() => {
      const trs = document.querySelectorAll('[data-table=generations] tbody tr');
      return trs.length === 50 && trs[0].querySelector('[data-cost]')?.textContent === '$0.00000064';
    });
    await page.click('[data-page=generations] [data-action=load-more]');
    await page.waitForFunction(() => document.querySelectorAll('[data-table=generations] tbody tr').length === 55);
    assert.equal(await rows.last().locator('[data-cost]').textContent(), '$0.0000001');
    assert.equal(await page.locator('[data-page=generations] [data-action=load-more]').count(), 0);
    assert.equal(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-generation')))).size, 55, 'no row twice');
  });

  it('refuses a wrong token at sign-in with a message and keeps nothing', async () => {
    await page.click('[data-action=sign-out]').catch(() => undefined);
    await page.goto(`${gw.url}/console/keys`);
    await signIn(page, 'not-the-admin-token');
    await page.waitForSelector('[data-form=sign-in] [role=alert]');
    assert.match((await page.locator('[data-form=sign-in] [role=alert]').textContent()) ?? '', /Invalid admin token/);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await signIn(page, 'ck-not-a-real-key-0000000000000000');
    await page.waitForFunction(() => /Invalid API key/.test(document.querySelector('[data-form=sign-in] [role=alert]')?.textContent ?? ''));
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
