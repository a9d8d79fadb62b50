// Chat, part 2, in English and German: a reply regenerated and switched back, a message edited
// and its earlier branch brought back from the archive, the older messages compressed into a
// summary, and a conversation exported as JSON and imported as a new one.
import { expect, test, type Page } from '@playwright/test';
import { ready, register } from './support';

test.describe.configure({ mode: 'serial' });

const texts = {
  en: {
    model: 'Model', start: 'Start conversation', message: 'Message', regenerate: 'Regenerate',
    previous: 'Previous version', versionOf: (a: number, b: number) => `Version ${a} of ${b}`,
    edit: 'Edit', edited: 'Edited message', sendEdited: 'Send edited message',
    archive: 'Earlier versions (1)', replaced: 'Replaced by an edit', bringBack: 'Bring back',
    compress: 'Compress earlier messages', summary: 'Summary of earlier messages',
    import: 'Import', importFile: 'Exported conversation (JSON)', importSubmit: 'Import conversation',
    exportJson: 'Export as JSON',
  },
  de: {
    model: 'Modell', start: 'Unterhaltung beginnen', message: 'Nachricht', regenerate: 'Neu erzeugen',
    previous: 'Vorige Fassung', versionOf: (a: number, b: number) => `Fassung ${a} von ${b}`,
    edit: 'Bearbeiten', edited: 'Bearbeitete Nachricht', sendEdited: 'Bearbeitete Nachricht senden',
    archive: 'Frühere Fassungen (1)', replaced: 'Durch eine Bearbeitung ersetzt', bringBack: 'Zurückholen',
    compress: 'Frühere Nachrichten verdichten', summary: 'Zusammenfassung früherer Nachrichten',
    import: 'Importieren', importFile: 'Exportierte Unterhaltung (JSON)', importSubmit: 'Unterhaltung importieren',
    exportJson: 'Als JSON exportieren',
  },
};

async function say(page: Page, label: string, text: string) {
  const box = page.getByLabel(label, { exact: true });
  await box.fill(text);
  await box.press('Enter');
  await expect(page.locator('.messages > li').last()).toContainText(`Mock reply: ${text}`);
  await expect(page.locator('.messages > li').last()).not.toHaveAttribute('aria-busy', 'true');
}

for (const lang of ['en', 'de'] as const) {
  test(`regenerate, edit, restore, compress, export and import (${lang})`, async ({ page }) => {
    test.skip(test.info().project.use.javaScriptEnabled === false, 'runs in place with scripts');
    const t = texts[lang];
    await register(page, `history-${lang}-${Date.now()}@example.org`);
    if (lang === 'de') {
      await page.getByRole('button', { name: 'DE' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    }
    await page.goto('/chat?id=new');
    await ready(page);
    await page.getByLabel(t.model).selectOption('ollama:llama3.2:latest');
    await page.getByRole('button', { name: t.start }).click();
    await expect(page).toHaveURL(/\/chat\?id=[0-9a-f-]{36}/);
    const messages = page.locator('.messages > li');
    await say(page, t.message, '0001 first take');

    // Regenerate: a second version; the first stays one click away.
    await page.getByRole('button', { name: t.regenerate }).click();
    await expect(page.getByTestId('reply-version')).toHaveText(t.versionOf(2, 2));
    await page.getByRole('button', { name: t.previous }).click();
    await expect(page.getByTestId('reply-version')).toHaveText(t.versionOf(1, 2));

    // Edit and send again; the first branch goes to the archive and comes back.
    await messages.first().getByText(t.edit, { exact: true }).click();
    await messages.first().getByLabel(t.edited).fill('0001 second take');
    await messages.first().getByRole('button', { name: t.sendEdited }).click();
    await expect(messages.first()).toContainText('0001 second take');
    await expect(messages.nth(1)).toContainText('Mock reply: 0001 second take');
    await page.getByRole('button', { name: t.archive }).click();
    const dialog = page.locator('dialog[open]');
    await expect(dialog).toContainText(t.replaced);
    await dialog.getByRole('button', { name: t.bringBack }).click();
    await expect(messages.first()).toContainText('0001 first take');
    await expect(page.getByTestId('reply-version')).toHaveText(t.versionOf(1, 2));
    await page.keyboard.press('Escape');

    // Compress: with enough before the last exchanges, they become one summary.
    await say(page, t.message, '0001 third take');
    await say(page, t.message, '0001 fourth take');
    await page.getByRole('button', { name: t.compress }).click();
    await expect(messages.first()).toContainText(t.summary);
    await expect(messages).toHaveCount(5);

    // Export as JSON, import it: a new conversation with the same messages.
    const href = await page.getByRole('link', { name: t.exportJson }).getAttribute('href');
    const exported = await (await page.request.get(href!)).text();
    expect(JSON.parse(exported).conversation.archive.length).toBeGreaterThan(0);
    const here = page.url();
    await page.getByRole('button', { name: t.import }).click();
    await page.getByLabel(t.importFile).setInputFiles({
      name: 'conversation.json', mimeType: 'application/json', buffer: Buffer.from(exported),
    });
    await page.getByRole('button', { name: t.importSubmit }).click();
    await expect(page).not.toHaveURL(here);
    await expect(page).toHaveURL(/\/chat\?id=[0-9a-f-]{36}/);
    await expect(messages).toHaveCount(5);
    await expect(messages.first()).toContainText(t.summary);
  });
}
