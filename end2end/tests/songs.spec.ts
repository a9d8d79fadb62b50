// Songs: write a sketch, generate a song from it through the job runner (the server's built-in
// Mureka demo), watch its status change without reloading, play a version and rate it — in
// English and German.
import { expect, test } from '@playwright/test';
import { ready, register } from './support';

test.describe.configure({ mode: 'serial' });

const texts = {
  en: {
    newSketch: 'New sketch', title: 'Title', lyrics: 'Lyrics', style: 'Music style', save: 'Save',
    saved: 'Sketch saved.', generateSong: 'Generate song', ready: 'Ready: within the provider',
    busy: /Waiting|Sending|Generating|Saving files/, done: 'Ready', like: 'I like it', used: 'Used',
    mapped: 'Section headers will be sent',
  },
  de: {
    newSketch: 'Neue Skizze', title: 'Titel', lyrics: 'Songtext', style: 'Musikstil', save: 'Speichern',
    saved: 'Skizze gespeichert.', generateSong: 'Song generieren', ready: 'Bereit: innerhalb der Grenzen',
    busy: /Wartet|Wird gesendet|Wird generiert|Dateien werden gespeichert/, done: 'Fertig', like: 'Gefällt mir',
    used: 'Verwendet', mapped: 'Abschnittsüberschriften werden',
  },
};

for (const lang of ['en', 'de'] as const) {
  test(`sketch → generate → live status → play → rate (${lang})`, async ({ page }) => {
    test.skip(test.info().project.use.javaScriptEnabled === false, 'live status needs scripts');
    test.setTimeout(120_000);
    const t = texts[lang];
    const title = lang === 'en' ? 'Harbour Lights' : 'Hafenlichter';
    await register(page, `songs-${lang}-${Date.now()}@example.org`);
    if (lang === 'de') {
      await page.getByRole('button', { name: 'DE' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    }

    // A sketch.
    await page.goto('/sketches');
    await ready(page);
    await page.getByRole('link', { name: t.newSketch }).click();
    await expect(page).toHaveURL(/id=new/);
    await page.getByLabel(t.title, { exact: true }).fill(title);
    await page.getByLabel(t.lyrics).fill('**Hook**\n0001 lights on the water\n\nVerse:\nships are leaving');
    await page.getByLabel(t.style).fill('sea shanty, warm choir');
    await page.getByRole('button', { name: t.save, exact: true }).click();
    await expect(page.getByText(t.saved)).toBeVisible();
    await expect(page).toHaveURL(/id=[0-9a-f-]{36}/);

    // Generate from it: the form is prefilled and the preflight shows the header mapping.
    await page.getByRole('link', { name: t.generateSong }).click();
    await expect(page).toHaveURL(/\/songs\/new\?sketch=/);
    await ready(page);
    await expect(page.getByLabel(t.title, { exact: true })).toHaveValue(title);
    await expect(page.getByTestId('preflight')).toContainText(t.mapped);
    await expect(page.getByTestId('preflight')).toContainText('[chorus]', { ignoreCase: true });
    await page.getByRole('button', { name: t.generateSong }).click();
    await expect(page).toHaveURL(/\/songs\?id=/);

    // The status moves on by itself.
    const state = page.getByTestId('detail-state');
    await expect(state).toHaveText(t.busy);
    await expect(state).toHaveText(t.done, { timeout: 60_000 });
    const choices = page.getByTestId('song-choice');
    await expect(choices).toHaveCount(2);

    // Play the first version from our own storage.
    const audio = choices.first().locator('audio');
    await audio.evaluate((a: HTMLAudioElement) => a.play());
    await expect
      .poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 15_000 })
      .toBeGreaterThan(0.2);
    await audio.evaluate((a: HTMLAudioElement) => a.pause());

    // Rate it; the rating is kept.
    const like = choices.first().getByRole('button', { name: t.like });
    await like.click();
    await expect(like).toHaveAttribute('aria-pressed', 'true');
    await page.waitForTimeout(500);
    await page.reload();
    await ready(page);
    await expect(page.getByTestId('song-choice').first().getByRole('button', { name: t.like }))
      .toHaveAttribute('aria-pressed', 'true');

    // The sketch is marked used.
    await page.goto('/sketches');
    await expect(page.locator('.item-list')).toContainText(t.used);
  });
}
