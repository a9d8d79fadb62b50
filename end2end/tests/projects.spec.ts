// Song projects in English and German: create a project, upload a folder of files with the
// folder picker and drop another file, watch each file's progress, link a song and a cover,
// and download the folder as a ZIP.
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready, register } from './support';

test.describe.configure({ mode: 'serial' });

const texts = {
  en: {
    newProject: 'New project', name: 'Name', save: 'Save', uploaded: 'Uploaded', link: 'Link…',
    song: 'Song', image: 'Image', zip: 'Download as ZIP', mixing: '02 Mixing', files: '4 files',
  },
  de: {
    newProject: 'Neues Projekt', name: 'Name', save: 'Speichern', uploaded: 'Hochgeladen', link: 'Verknüpfen…',
    song: 'Song', image: 'Bild', zip: 'Als ZIP herunterladen', mixing: '02 Mixing', files: '4 Dateien',
  },
};

/** A folder "Session" with a subfolder, as a DAW leaves it. */
function sessionFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'aitb-e2e-'));
  const session = join(root, 'Session');
  mkdirSync(join(session, 'Media'), { recursive: true });
  writeFileSync(join(session, 'Media', 'drums.flac'), Buffer.alloc(300_000, 7));
  writeFileSync(join(session, 'Media', 'bass.wav'), Buffer.alloc(120_000, 3));
  writeFileSync(join(session, 'mix.wav'), Buffer.alloc(2_000_000, 1));
  return session;
}

for (const lang of ['en', 'de'] as const) {
  test(`create a project, upload a folder and a dropped file, link a song and a cover, download the folder (${lang})`, async ({ page }) => {
    test.skip(test.info().project.use.javaScriptEnabled === false, 'uploads with progress run a script');
    const t = texts[lang];
    await register(page, `projects-${lang}-${Date.now()}@example.org`);
    if (lang === 'de') {
      await page.getByRole('button', { name: 'DE' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    }
    // Something to link: a cover image and a song.
    const image = await page.request.post('/api/generate_image', { form: { 'request[prompt]': '0001 harbour at night', 'request[size]': '1024x1024', 'request[quality]': 'low', 'request[title]': 'Harbour cover' } });
    expect(image.status()).toBe(200);
    const song = await page.request.post('/api/create_song', { form: { 'request[lyrics]': '[Verse]\nlights', 'request[prompt]': 'folk', 'request[model]': 'auto', 'request[title]': 'Harbour Lights', 'request[tags]': '', 'request[instrumental]': 'false', 'request[idempotency_key]': `projects-${lang}-${Date.now()}` } });
    expect(song.status()).toBe(200);

    await page.goto('/projects');
    await ready(page);
    await page.getByRole('link', { name: t.newProject }).first().click();
    const editor = page.locator('.project-editor');
    await editor.getByLabel(t.name, { exact: true }).fill('Harbour Lights');
    await editor.getByRole('button', { name: t.save }).click();
    const detail = page.locator('.project-detail');
    await expect(detail.locator('.detail-head h2')).toHaveText('Harbour Lights');

    // Open 02 Mixing, upload a folder with the folder picker, then drop one more file.
    await detail.locator('.folder-link', { hasText: t.mixing }).click();
    await expect(detail.locator('#folder-heading')).toContainText(t.mixing);
    await detail.locator('.upload-zone input[type=file]').nth(1).setInputFiles(sessionFolder());
    await expect(detail.locator('.upload-row')).toHaveCount(3);
    await expect(detail.locator('.upload-state', { hasText: t.uploaded })).toHaveCount(3, { timeout: 20_000 });
    await page.locator('.upload-zone').evaluate((zone) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['la la la'], 'lyrics.txt', { type: 'text/plain' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    // A new batch replaces the finished rows of the last one.
    await expect(page.locator('.upload-row', { hasText: 'lyrics.txt' }).locator('.upload-state')).toHaveText(t.uploaded, { timeout: 20_000 });
    const table = page.locator('table.files');
    await expect(table.getByRole('link', { name: 'Session/Media/drums.flac' })).toBeVisible();
    await expect(table.getByRole('link', { name: 'lyrics.txt' })).toBeVisible();
    await expect(page.locator('.folder-row.current')).toContainText(t.files);

    // Link the song and the cover to this folder.
    const linked = page.locator('.folder-view .linked-assets');
    for (const [kind, title] of [[t.song, 'Harbour Lights'], [t.image, 'Harbour cover']]) {
      await linked.getByRole('button', { name: t.link }).click();
      const form = linked.locator('.link-form');
      await form.locator('select').first().selectOption({ label: kind });
      await form.locator('select').nth(1).selectOption({ label: title });
      await form.locator('button[type=submit]').click();
      await expect(linked.locator('.asset-row', { hasText: title })).toBeVisible();
    }
    await expect(linked.locator('.asset-row img.asset-thumb')).toHaveCount(1);

    // The folder as a ZIP.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.folder-view').getByRole('link', { name: t.zip }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Harbour Lights - 02 Mixing.zip');
    const zip = readFileSync(await download.path());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zip.length).toBeGreaterThan(2_420_000);
    expect(zip.includes(Buffer.from('02 Mixing/Session/Media/drums.flac'))).toBe(true);
  });
}
