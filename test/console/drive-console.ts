import type { Page } from 'playwright-core';

/** Signs in on the console's sign-in form (admin token or `ck-` key). */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.fill('[data-form=sign-in] input[name=token]', token);
  await page.click('[data-form=sign-in] button[type=submit]');
}

/** Opens an operator page from the sidebar and waits until it is the active one. */
export async function nav(page: Page, label: string): Promise<void> {
  await page.click(`[data-nav="${label}"]`);
  await page.waitForSelector(`[data-nav="${label}"].active`);
}
