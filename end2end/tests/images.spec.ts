// Generate an image, find it in the gallery, edit it and download it — in English and German,
// against the built-in demo providers.
import { expect, test } from '@playwright/test';
import { ready, register } from './support';

test.describe.configure({ mode: 'serial' });

const texts = {
  en: {
    prompt: 'What should the image show?', enhance: 'Enhance prompt', enhanced: 'Enhanced prompt',
    composition: 'Composition', albumCover: 'Album cover', title: 'Title', generate: 'Generate image',
    openInGallery: 'Open in gallery', download: 'Download', demo: 'Demo mode:', count: '1 image',
  },
  de: {
    prompt: 'Was soll das Bild zeigen?', enhance: 'Prompt verbessern', enhanced: 'Verbesserter Prompt',
    composition: 'Komposition', albumCover: 'Albumcover', title: 'Titel', generate: 'Bild generieren',
    openInGallery: 'In der Galerie öffnen', download: 'Herunterladen', demo: 'Demo-Modus:', count: '1 Bild',
  },
};

for (const lang of ['en', 'de'] as const) {
  test(`generate, find in the gallery and download (${lang})`, async ({ page }) => {
    test.skip(test.info().project.use.javaScriptEnabled === false, 'the generator page needs scripts');
    const t = texts[lang];
    const title = lang === 'en' ? 'Harbour Lights' : 'Hafenlichter';
    await register(page, `images-${lang}-${Date.now()}@example.org`);
    if (lang === 'de') {
      await page.getByRole('button', { name: 'DE' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    }
    await page.goto('/images/new');
    await ready(page);
    await expect(page.getByText(t.demo)).toBeVisible();
    await page.getByLabel(t.prompt).fill('0001 a lighthouse at night');
    await page.getByRole('button', { name: t.enhance }).click();
    const enhanced = page.getByLabel(t.enhanced);
    await expect(enhanced).toHaveValue(/a lighthouse at night/);
    await page.getByLabel(t.composition).selectOption({ label: t.albumCover });
    await page.getByLabel(t.title, { exact: true }).fill(title);
    await page.getByRole('button', { name: t.generate }).click();
    const result = page.locator('figure.result img');
    await expect(result).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => result.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1024);

    // A new idea makes the earlier enhancement stale: it is marked and no longer sent.
    await page.getByLabel(t.prompt).fill('0003 a picture the provider refuses');
    await expect(page.getByTestId('enhanced-stale')).toBeVisible();
    await expect(enhanced).not.toHaveAttribute('name');
    // A refused generation says the provider's reason and keeps the last image on screen.
    await page.getByRole('button', { name: t.generate }).click();
    await expect(page.locator('.banner-error')).toContainText('safety');
    await expect(result).toBeVisible();

    await page.getByRole('link', { name: t.openInGallery }).click();
    await expect(page).toHaveURL(/\/images\?id=/);
    const detail = page.locator('.image-detail');
    await expect(detail.getByRole('heading', { name: title })).toBeVisible();
    await expect(page.locator('.thumb-grid img')).toHaveCount(1);
    await expect(page.getByText(t.count, { exact: true })).toBeVisible();
    // A square image has a square thumbnail (not a strip cut from it).
    const box = await page.locator('.thumb-grid img').boundingBox();
    expect(Math.abs(box!.width - box!.height), JSON.stringify(box)).toBeLessThanOrEqual(1);
    await expect.poll(() => page.locator('.thumb-grid img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(384);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      detail.getByRole('link', { name: t.download }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${title}.png`);
  });
}

test('the gallery works without scripts: search narrows, details open', async ({ page, request }) => {
  test.skip(test.info().project.use.javaScriptEnabled !== false, 'covered with scripts above');
  const email = `gallery-nojs-${Date.now()}@example.org`;
  // Create an account and an image through the same server functions the UI calls.
  await register(page, email);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'aitb_session');
  expect(session).toBeTruthy();
  const made = await request.post('/api/generate_image', {
    headers: { cookie: `aitb_session=${session!.value}` },
    form: { 'request[prompt]': '0001 red door', 'request[size]': '1024x1024', 'request[quality]': 'low', 'request[title]': 'Red Door' },
  });
  expect(made.status()).toBe(200);
  await page.goto('/images');
  await page.getByLabel('Search images').fill('nothing like this');
  await page.getByRole('button', { name: 'Show' }).click();
  // A search that finds nothing says so and offers the way back.
  await expect(page.getByText('No image matches this search or these filters.')).toBeVisible();
  await page.getByRole('link', { name: 'Clear search and filters' }).click();
  await expect(page.getByText('1 image', { exact: true })).toBeVisible();
  await page.getByLabel('Search images').fill('red');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.locator('.thumb-link').first().click();
  await expect(page.locator('.image-detail').getByRole('heading', { name: 'Red Door' })).toBeVisible();
});
