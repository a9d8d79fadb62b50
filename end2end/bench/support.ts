// Steps the browser benchmarks share. They run one after another against one server, so the
// first creates the benchmark account (the instance's administrator) and the others sign in.
import { expect, type Page } from '@playwright/test';

const email = 'bench@example.org';
const password = 'bench password 1';

/** Signs in as the benchmark account, creating it on first use. */
export async function signIn(page: Page) {
  await page.goto('/setup'); // the sign-in page once the instance has an account
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (new URL(page.url()).pathname === '/setup') {
    await page.getByLabel('Confirm password').fill(password);
    await page.getByRole('button', { name: 'Create administrator account' }).click();
  } else {
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await expect(page.locator('.main-nav')).toBeVisible();
}

/** One image from the mock provider; its id. */
export async function generateImage(page: Page, prompt: string, title: string): Promise<string> {
  const made = await page.request.post('/api/generate_image', {
    form: { 'request[prompt]': prompt, 'request[size]': '1024x1024', 'request[quality]': 'low', 'request[title]': title },
  });
  expect(made.status(), await made.text()).toBe(200);
  return (await made.json()).id;
}
