// Steps several browser tests share.
import { expect, test, type Page } from '@playwright/test';

export const password = 'e2e password 1';

/** With JavaScript, wait until WASM has hydrated so clicks run through the app. */
export async function ready(page: Page) {
  if (test.info().project.use.javaScriptEnabled !== false) {
    await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  }
}

/** A fresh account, signed in (the instance's first account is made by accounts.spec). */
export async function register(page: Page, email: string) {
  await page.goto('/register');
  await ready(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('.main-nav')).toBeVisible();
}
