// The application shell on a phone-sized screen and by keyboard.
import { expect, test } from '@playwright/test';

// Layout and focus checks evaluate scripts in the page, which needs JavaScript.
test.skip(({ javaScriptEnabled }) => javaScriptEnabled === false, 'needs page scripts');

test('the sign-in page fits a 360 px phone without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/login'); // the first-run page instead, while no account exists
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.locator('main form button[type=submit]')).toBeInViewport();
});

test('the sign-in form is reachable by keyboard', async ({ page }) => {
  // A page without an autofocused field: the first Tab lands on the skip link.
  await page.goto('/no/such/page');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: /Skip to content|Zum Inhalt springen/ })).toBeFocused();
  await page.goto('/login');
  const focusable = await page.evaluate(() =>
    Array.from(document.querySelectorAll('a, button, input:not([type=hidden]), select'))
      .every((el) => (el as HTMLElement).tabIndex >= 0));
  expect(focusable).toBe(true);
  // The form itself: email, password, then the submit button, in that order.
  await page.getByLabel('Email').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
});

test('the bundle is served precompressed with cache headers', async ({ request }) => {
  for (const file of ['aitoolbox.wasm', 'aitoolbox.js', 'aitoolbox.css']) {
    for (const encoding of ['br', 'gzip']) {
      const res = await request.get(`/pkg/${file}`, { headers: { 'accept-encoding': encoding } });
      expect(res.status(), file).toBe(200);
      expect(res.headers()['content-encoding'], `${file} as ${encoding}`).toBe(encoding);
      expect(res.headers()['cache-control'], file).toContain('max-age=');
    }
  }
});
