// Equipment in English and German: add a plugin with a licence key, find it by filter, reveal
// and copy the key (each on its own request), and duplicate it with the key copied along.
import { expect, test } from '@playwright/test';
import { ready, register } from './support';

test.describe.configure({ mode: 'serial' });

const texts = {
  en: {
    add: 'New equipment', type: 'Type', plugin: 'Plugin', software: 'Software', name: 'Name',
    manufacturer: 'Manufacturer', tags: 'Plugin tags', license: 'Licence management', licenseKey: 'Licence key',
    save: 'Save', saved: 'Equipment saved.', allTypes: 'All types', show: 'Show', copy: 'Copy',
    copied: 'Copied to the clipboard.', duplicate: 'Duplicate', copyKey: 'Copy the licence key', copyName: 'Name of the copy',
    suffix: '(copy)', close: 'Close',
  },
  de: {
    add: 'Neues Equipment', type: 'Typ', plugin: 'Plugin', software: 'Software', name: 'Name',
    manufacturer: 'Hersteller', tags: 'Plugin-Tags', license: 'Lizenzverwaltung', licenseKey: 'Lizenzschlüssel',
    save: 'Speichern', saved: 'Equipment gespeichert.', allTypes: 'Alle Typen', show: 'Anzeigen', copy: 'Kopieren',
    copied: 'In die Zwischenablage kopiert.', duplicate: 'Duplizieren', copyKey: 'Lizenzschlüssel mitkopieren', copyName: 'Name der Kopie',
    suffix: '(Kopie)', close: 'Schließen',
  },
};

for (const lang of ['en', 'de'] as const) {
  test(`add a plugin, filter, reveal and copy its key, duplicate it (${lang})`, async ({ page, context }) => {
    test.skip(test.info().project.use.javaScriptEnabled === false, 'revealing a secret runs a script');
    const t = texts[lang];
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await register(page, `equipment-${lang}-${Date.now()}@example.org`);
    if (lang === 'de') {
      await page.getByRole('button', { name: 'DE' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    }
    await page.goto('/equipment');
    await ready(page);
    const editor = page.locator('.equipment-editor');

    const add = async (type: string, name: string, key?: string) => {
      await page.getByRole('link', { name: t.add }).first().click();
      await editor.getByLabel(t.type).selectOption({ label: type });
      await editor.getByLabel(t.name, { exact: true }).fill(name);
      await editor.getByLabel(t.manufacturer).fill('u-he');
      if (key) {
        await editor.getByLabel(t.tags).fill('Synth');
        await editor.getByLabel(t.license).selectOption({ label: t.licenseKey });
        await editor.getByLabel(t.licenseKey, { exact: true }).fill(key);
      }
      await editor.getByRole('button', { name: t.save }).click();
      await expect(page.getByText(t.saved).first()).toBeVisible();
      await expect(page.locator('.equipment-detail .detail-head h2')).toHaveText(name);
    };
    await add(t.plugin, 'Diva', 'DIVA-1234-ABCD');
    await add(t.software, 'Bitwig Studio');

    // Find it by filter: plugins only.
    const list = page.locator('.item-list');
    await expect(list.getByRole('link')).toHaveCount(2);
    await page.getByRole('combobox', { name: t.type }).first().selectOption({ label: t.plugin });
    await expect(page).toHaveURL(/kind=plugin/);
    await expect(list.getByRole('link')).toHaveCount(1);
    await list.getByRole('link', { name: /Diva/ }).click();

    // The key is masked until asked for; showing and copying each fetch it.
    const detail = page.locator('.equipment-detail');
    await expect(detail.getByText('DIVA-1234-ABCD')).toHaveCount(0);
    await detail.getByRole('button', { name: `${t.show} ${t.licenseKey}` }).click();
    await expect(detail.getByText('DIVA-1234-ABCD')).toBeVisible();
    await detail.getByRole('button', { name: `${t.copy} ${t.licenseKey}` }).click();
    await expect(page.getByText(t.copied)).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('DIVA-1234-ABCD');

    // Duplicate with the key copied along; the copy opens in the editor.
    await detail.getByRole('button', { name: t.duplicate }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel(t.copyName)).toHaveValue(`Diva ${t.suffix}`);
    await dialog.getByLabel(t.copyKey).check();
    await dialog.getByRole('button', { name: t.duplicate }).click();
    await expect(editor.getByLabel(t.name, { exact: true })).toHaveValue(`Diva ${t.suffix}`);
    await editor.getByRole('button', { name: t.save }).click();
    await expect(page.locator('.equipment-detail .detail-head h2')).toHaveText(`Diva ${t.suffix}`);
    await page.locator('.equipment-detail').getByRole('button', { name: `${t.show} ${t.licenseKey}` }).click();
    await expect(page.locator('.equipment-detail').getByText('DIVA-1234-ABCD')).toBeVisible();
    await expect(list.getByRole('link')).toHaveCount(2);
  });
}
