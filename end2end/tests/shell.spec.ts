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

test('the bundle is served precompressed, named by content hash and cached for a year', async ({ request }) => {
  const page = await request.get('/login');
  expect(page.headers()['cache-control']).toBe('private, no-cache');
  const html = await page.text();
  const linked = [...html.matchAll(/href="(\/pkg\/[^"]+\.(?:wasm|js|css))"/g)].map((m) => m[1]);
  for (const ext of ['wasm', 'js', 'css']) {
    expect(linked.some((href) => href.endsWith(`.${ext}`)), `the page links its .${ext}`).toBe(true);
  }
  for (const href of linked) {
    expect(href, 'a content hash in the name').toMatch(/\.[A-Za-z0-9_-]{22}\.(wasm|js|css)$/);
    for (const encoding of ['br', 'gzip']) {
      const res = await request.get(href, { headers: { 'accept-encoding': encoding } });
      expect(res.status(), href).toBe(200);
      expect(res.headers()['content-encoding'], `${href} as ${encoding}`).toBe(encoding);
      expect(res.headers()['cache-control'], href).toBe('public, max-age=31536000, immutable');
    }
  }
});

test('what is typed before the page hydrates survives hydration', async ({ page }) => {
  // Holds the WASM back, as a slow phone connection does, while the user types.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto('/login', { waitUntil: 'domcontentloaded' }); // or the first-run page
  await page.getByLabel('Email').fill('early@example.org');
  release();
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  await expect(page.getByLabel('Email')).toHaveValue('early@example.org');
});
