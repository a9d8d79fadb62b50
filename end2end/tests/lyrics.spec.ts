// The lyric studio in English and German: write, build a structure and apply it, improve a
// section with the (mock) model and accept it, undo that, run cleanup, and take the lyrics
// into the song form. Along the way: the gutter and cleanup computed in the browser (WASM)
// agree with the server's engine on the same text, and autosave survives a reload.
import { expect, test, type Page } from '@playwright/test';
import { ready, register } from './support';

test.describe.configure({ mode: 'serial' });

const texts = {
  en: {
    write: 'Write lyrics', lyrics: 'Lyrics', structure: 'Structure', verse: '+ Verse', chorus: '+ Chorus',
    apply: 'Apply to the text', sections: 'Section editor', improve: 'Improve', accept: 'Accept',
    undo: 'Undo', cleanup: 'Cleanup', saved: 'All changes saved', useInSong: 'Use in song',
    songLyrics: 'Lyrics', missing: 'No paragraph was left for: Chorus.', notSaved: 'Not saved yet',
  },
  de: {
    write: 'Songtext schreiben', lyrics: 'Songtext', structure: 'Struktur', verse: '+ Strophe', chorus: '+ Refrain',
    apply: 'Auf den Text anwenden', sections: 'Abschnitts-Editor', improve: 'Verbessern', accept: 'Übernehmen',
    undo: 'Rückgängig', cleanup: 'Aufräumen', saved: 'Alle Änderungen gespeichert', useInSong: 'Für Song verwenden',
    songLyrics: 'Songtext', missing: 'Für diese Abschnitte blieb kein Absatz: Refrain.', notSaved: 'Noch nicht gespeichert',
  },
};

/// What the server's engine makes of `text` (the same rules, run natively).
async function serverEngine(page: Page, text: string, kind: string, language: string) {
  return page.evaluate(async ([text, kind, language]) => {
    const body = new URLSearchParams({ text, kind, language });
    const res = await fetch('/api/apply_lyric_rules', { method: 'POST', body });
    return res.json();
  }, [text, kind, language]);
}

/// The gutter as the page shows it: syllables per lyric line, rhyme letters.
async function shownGutter(page: Page) {
  return page.locator('.lyric-row').evaluateAll((rows) => rows.map((r) => ({
    syllables: r.querySelector('.g-syllables')?.textContent ?? '',
    chars: r.querySelector('.g-chars')?.textContent ?? '',
    rhyme: r.querySelector('.g-rhyme')?.textContent ?? '',
  })));
}

for (const lang of ['en', 'de'] as const) {
  test(`write, structure, improve, accept, undo, cleanup, use in song (${lang})`, async ({ page: first, context }) => {
    let page = first;
    test.skip(test.info().project.use.javaScriptEnabled === false, 'the studio edits in place with scripts');
    const t = texts[lang];
    await register(page, `lyrics-${lang}-${Date.now()}@example.org`);
    if (lang === 'de') {
      await page.getByRole('button', { name: 'DE' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    }
    await page.goto('/sketches');
    await ready(page);
    await page.getByRole('button', { name: t.write }).click();
    await expect(page).toHaveURL(/\/sketches\/[0-9a-f-]{36}\/lyrics/);
    await ready(page);

    // Write: two paragraphs, with smart quotes and trailing spaces for cleanup to find.
    let sheet = page.getByLabel(t.lyrics, { exact: true });
    const draft = lang === 'en'
      ? 'I walk alone at “night”   \nUnder the neon light\n\nStay with me'
      : 'Ich geh allein durch die „Nacht“   \nund keiner hat an mich gedacht\n\nBleib bei mir';
    await sheet.fill(draft);
    await expect(page.getByRole('status').filter({ hasText: t.saved })).toBeVisible();

    // The gutter computed in the browser is the server's, line for line.
    const native = await serverEngine(page, draft, 'section', lang);
    expect(native.text).toBe(draft.trimEnd());
    const shown = await shownGutter(page);
    expect(shown.map((g) => g.syllables)).toEqual(native.gutter.map((g: { header: boolean, chars: number, syllables: number }) =>
      g.header || g.chars === 0 ? '' : String(g.syllables)));
    expect(shown[0].rhyme).toBe('A');
    expect(shown[1].rhyme).toBe('A');

    // Reload: autosave kept it.
    await page.reload();
    await ready(page);
    await expect(sheet).toHaveValue(draft.trimEnd());

    // A tab closed before autosave ran loses nothing (the beacon, else the browser's journal).
    const more = `${draft}\n${lang === 'en' ? 'One more line' : 'Noch eine Zeile'}`;
    await sheet.fill(more);
    await page.reload();
    await ready(page);
    await expect(sheet).toHaveValue(more);
    await expect(page.getByRole('status').filter({ hasText: t.saved })).toBeVisible();

    // With the server out of reach, a tab that closes while its leaving beacon is lost too keeps
    // its text in this browser, and the next tab on the sketch takes it up and saves it once
    // the server answers again.
    await context.route('**/api/save_lyrics', (route) => route.abort());
    const offline = `${more}\n${lang === 'en' ? 'Written offline' : 'Offline geschrieben'}`;
    await sheet.fill(offline);
    await expect(page.getByRole('status').filter({ hasText: t.notSaved })).toBeVisible();
    const studio = page.url();
    await page.evaluate(() => { navigator.sendBeacon = () => true; });
    await page.close();
    page = await context.newPage();
    await page.goto(studio);
    await ready(page);
    sheet = page.getByLabel(t.lyrics, { exact: true });
    await expect(sheet).toHaveValue(offline);
    // From this browser's journal, not the server: it is still not saved.
    await expect(page.getByRole('status').filter({ hasText: t.notSaved })).toBeVisible();
    await context.unroute('**/api/save_lyrics');
    // The next attempt comes by itself (the editor retries a failed save after a pause).
    await expect(page.getByRole('status').filter({ hasText: t.saved })).toBeVisible({ timeout: 15_000 });
    await page.reload();
    await ready(page);
    await expect(sheet).toHaveValue(offline);

    // Structure: verse and chorus from the palette, one too many for the text's paragraphs.
    await page.getByRole('button', { name: t.structure, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: t.verse }).click();
    await dialog.getByRole('button', { name: t.chorus }).click();
    await dialog.getByRole('button', { name: t.chorus }).click();
    await dialog.getByRole('button', { name: t.apply }).click();
    await expect(page.getByText(t.missing)).toBeVisible();
    await expect(sheet).toHaveValue(/^\*\*Verse 1\*\*\n/);

    // Improve the first section; accept the suggestion, then undo it.
    await page.getByRole('button', { name: t.sections }).click();
    await page.getByRole('button', { name: t.improve }).click();
    await expect(page.locator('.diff .diff-added').first()).toContainText('Mock: ');
    const structured = await sheet.inputValue();
    await page.getByRole('button', { name: t.accept }).click();
    await expect(sheet).toHaveValue(/Mock: /);
    await page.getByRole('toolbar').getByRole('button', { name: t.undo }).click();
    await expect(sheet).toHaveValue(structured);

    // Cleanup in the browser gives exactly what the server's engine gives.
    const expected = await serverEngine(page, structured, 'cleanup', lang);
    await page.getByRole('button', { name: t.cleanup }).click();
    await expect(sheet).toHaveValue(expected.text);
    await expect(sheet).not.toHaveValue(/“|„|   \n/);
    await expect(page.getByRole('status').filter({ hasText: t.saved })).toBeVisible();

    // Into the song form, lyrics and all.
    await page.getByRole('link', { name: t.useInSong }).click();
    await expect(page).toHaveURL(/\/songs\/new\?sketch=/);
    await ready(page);
    await expect(page.getByLabel(t.songLyrics, { exact: true })).toHaveValue(expected.text);
  });
}
