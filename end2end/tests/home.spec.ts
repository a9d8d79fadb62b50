// The home page's lists are rendered by the server for a fresh load and for a client-side
// visit alike: the user's newest work, its text escaped, in the language of the interface.
import { expect, test } from '@playwright/test';
import { ready, register } from './support';

test('the home lists the newest work, in both languages and after a client-side visit', async ({ page }) => {
  await register(page, `home-${Date.now()}@example.org`);
  const saved = await page.request.post('/api/save_sketch', {
    form: { 'sketch[title]': 'Harbour <Lights>', 'sketch[prompt]': 'folk' },
  });
  expect(saved.status()).toBe(200);
  await page.goto('/');
  await ready(page);
  const sketches = page.getByRole('region', { name: 'Recently changed sketches' });
  await expect(sketches.getByRole('link', { name: 'Harbour <Lights>' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Newest songs' })).toContainText('No songs yet.');
  if (test.info().project.use.javaScriptEnabled === false) return;

  // A language switch asks the server for the lists again, in German.
  await page.getByRole('button', { name: 'DE' }).click();
  const skizzen = page.getByRole('region', { name: 'Zuletzt geänderte Skizzen' });
  await expect(skizzen.getByRole('link', { name: 'Harbour <Lights>' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Neueste Songs' })).toContainText('Noch keine Songs.');

  // Away and back without a reload: the browser fetches the lists it does not render itself.
  await page.locator('.main-nav').getByRole('link', { name: 'Skizzen' }).first().click();
  await expect(page).toHaveURL(/\/sketches/);
  await page.locator('a.brand').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(skizzen.getByRole('link', { name: 'Harbour <Lights>' })).toBeVisible();
});
