// The cover editor: generate an image, open it from the gallery, place title and artist with
// the live preview, apply and download — in English and German. And the promise behind the
// preview: the pixels it paints are the pixels "apply" stores.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { ready, register } from './support';

test.describe.configure({ mode: 'serial' });

const artist = 'The Night Owls';

const texts = {
  en: {
    prompt: 'What should the image show?', composition: 'Composition', albumCover: 'Album cover',
    title: 'Title', generate: 'Generate image', openInGallery: 'Open in gallery', makeCover: 'Make a cover',
    artist: 'Artist', topRight: 'Top right', exportSize: 'Export size', apply: 'Apply',
    tooSmall: 'distributors ask for at least 3000 × 3000 px', ready: 'Ready for distributors',
    download: 'Download', prefix: 'BY ',
  },
  de: {
    prompt: 'Was soll das Bild zeigen?', composition: 'Komposition', albumCover: 'Albumcover',
    title: 'Titel', generate: 'Bild generieren', openInGallery: 'In der Galerie öffnen', makeCover: 'Cover gestalten',
    artist: 'Künstler', topRight: 'Oben rechts', exportSize: 'Exportgröße', apply: 'Anwenden',
    tooSmall: 'Vertriebe verlangen mindestens 3000 × 3000 px', ready: 'Bereit für Vertriebe',
    download: 'Herunterladen', prefix: 'VON ',
  },
};

/** Resolves once the preview has painted every change made so far (two animation frames). */
async function painted(page: Page) {
  await expect(page.locator('.cover-fallback')).toHaveClass(/hidden/, { timeout: 20_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Drags from one point of the preview to another, both as fractions of its size. */
async function drag(page: Page, from: [number, number], to: [number, number]) {
  const box = (await page.locator('.cover-marks').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at(to), { steps: 8 });
  await page.mouse.up();
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

for (const lang of ['en', 'de'] as const) {
  test(`generate, open in the cover editor, apply and download (${lang})`, async ({ page }) => {
    test.skip(test.info().project.use.javaScriptEnabled === false, 'the cover editor needs scripts');
    const t = texts[lang];
    const title = lang === 'en' ? 'Midnight Ferry' : 'Nachtfähre';
    await register(page, `covers-${lang}-${Date.now()}@example.org`);
    await page.goto('/profile');
    await ready(page);
    await page.getByLabel('Artist name').fill(artist);
    await page.getByRole('button', { name: 'Save' }).first().click();
    await expect(page.getByText('Profile saved.')).toBeVisible();
    if (lang === 'de') {
      await page.getByRole('button', { name: 'DE' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    }

    await page.goto('/images/new');
    await ready(page);
    await page.getByLabel(t.prompt).fill('0001 a ferry crossing at midnight');
    await page.getByLabel(t.composition).selectOption({ label: t.albumCover });
    await page.getByLabel(t.title, { exact: true }).fill(title);
    await page.getByRole('button', { name: t.generate }).click();
    await page.getByRole('link', { name: t.openInGallery }).click({ timeout: 30_000 });
    await page.locator('.image-detail').getByRole('link', { name: t.makeCover }).click();
    await expect(page).toHaveURL(/\/covers\?image=/);
    await ready(page);
    await painted(page);

    // Title from the image, artist from the profile.
    await expect(page.getByLabel(t.title, { exact: true })).toHaveValue(title);
    await expect(page.getByLabel(t.artist, { exact: true })).toHaveValue(artist);
    // The artist's prefix in the interface language; the cover gets a title of its own.
    await expect(page.locator('#cover-artist-prefix')).toHaveValue(t.prefix);
    const coverTitle = `${title} Live`;
    await page.getByLabel(t.title, { exact: true }).fill(coverTitle);
    // Grid: the artist goes top right.
    await page.getByRole('radio', { name: t.artist }).click();
    await page.getByRole('button', { name: t.topRight }).click();
    await expect(page.getByRole('button', { name: t.topRight })).toHaveAttribute('aria-pressed', 'true');
    // Drag: the title's marker (top centre) moves to 50 % / 40 %.
    await drag(page, [0.5, 0.1], [0.5, 0.4]);
    await expect(page.getByRole('radio', { name: t.title })).toHaveAttribute('aria-checked', 'true');
    await expect(page.locator('.slider output').filter({ hasText: '%' }).first()).toHaveText('50 %');
    await expect(page.locator('.slider output').filter({ hasText: '%' }).nth(1)).toHaveText('40 %');
    // The check follows the export size.
    await expect(page.getByTestId('cover-check')).toContainText(t.tooSmall);
    await page.getByLabel(t.exportSize).selectOption('3000');
    await expect(page.getByTestId('cover-check').first()).toContainText(t.ready);
    await painted(page);

    await page.getByRole('button', { name: t.apply }).click();
    const result = page.getByTestId('cover-result');
    await expect(result).toBeVisible({ timeout: 30_000 });
    await expect(result).toContainText('3000 × 3000 px');
    await expect(result.getByTestId('cover-check')).toContainText(t.ready);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      result.getByRole('link', { name: t.download }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${coverTitle}.png`);
    const png = PNG.sync.read(readFileSync(await download.path()));
    expect([png.width, png.height]).toEqual([3000, 3000]);

    // The original stays beside the cover, and the cover leads to it.
    await page.goto(`/images?id=${await result.getAttribute('data-image-id')}`);
    await expect(page.locator('.thumb-grid img')).toHaveCount(2);
    await expect(page.locator('.image-detail').getByRole('heading', { name: coverTitle })).toBeVisible();
    await page.getByTestId('cover-source').click();
    await expect(page.locator('.image-detail').getByRole('heading', { name: title, exact: true })).toBeVisible();
  });
}

test('the preview paints exactly the pixels that apply stores', async ({ page }) => {
  test.skip(test.info().project.use.javaScriptEnabled === false, 'the preview needs scripts');
  await register(page, `covers-identity-${Date.now()}@example.org`);
  const made = await page.request.post('/api/generate_image', {
    form: { 'request[prompt]': '0001 neon rain over a harbour', 'request[size]': '1024x1024', 'request[quality]': 'low', 'request[title]': 'Neon Rain' },
  });
  expect(made.status()).toBe(200);
  const { id } = await made.json();
  await page.goto(`/covers?image=${id}`);
  await ready(page);
  await painted(page);

  // Something of everything: texts, a second font, colours, outline, grid and a drag.
  await page.getByLabel('Title', { exact: true }).fill('Pixel Perfect');
  await page.getByLabel('Artist', { exact: true }).fill('Same Code');
  await page.locator('#cover-artist-font').selectOption('elegant');
  await page.locator('#cover-title-color').fill('#ffcc00');
  await page.locator('#cover-title-outline').fill('6');
  await page.locator('#cover-artist-size').fill('72');
  await page.getByRole('radio', { name: 'Artist' }).click();
  await page.getByRole('button', { name: 'Bottom left' }).click();
  await drag(page, [0.5, 0.1], [0.42, 0.33]);
  await painted(page);

  const preview = await page.getByTestId('cover-preview').evaluate(async (c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const digest = await crypto.subtle.digest('SHA-256', data);
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    return { width: c.width, height: c.height, hash: hex };
  });

  await page.getByRole('button', { name: 'Apply' }).click();
  const result = page.getByTestId('cover-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  const resultId = await result.getAttribute('data-image-id');
  const stored = await page.request.get(`/media/images/${resultId}`);
  expect(stored.status()).toBe(200);
  const png = PNG.sync.read(await stored.body());
  expect([png.width, png.height]).toEqual([preview.width, preview.height]);
  expect(sha256(png.data)).toBe(preview.hash);
  // And it is not trivially equal: the text changed the picture.
  const original = PNG.sync.read(await (await page.request.get(`/media/images/${id}`)).body());
  expect(sha256(original.data)).not.toBe(preview.hash);
});
