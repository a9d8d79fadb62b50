// Forms check in the browser with the server's own check (the same Rust function, in WASM):
// what the server would refuse is refused before anything is sent, with the server's message.
import { expect, test } from '@playwright/test';
import { ready, register } from './support';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled === false, 'the browser-side check is WASM');

test('the sketch form refuses a blank style without a request, then saves once fixed', async ({ page }) => {
  await register(page, `forms-${Date.now()}@example.org`);
  await page.goto('/sketches?id=new');
  await ready(page);
  const sent: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/save_sketch')) sent.push(r.url()); });

  await page.getByLabel('Title', { exact: true }).fill('Blank style');
  // Spaces pass the browser's own `required`; the shared check trims them, as the server does.
  const style = page.getByLabel('Music style');
  await style.fill('   ');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Prompt is required.');
  await expect(style).toBeFocused();
  await expect(style).toHaveAttribute('aria-invalid', 'true');
  expect(sent).toHaveLength(0);

  // The message follows the edit and goes once the field is valid.
  await style.fill('dream pop');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(style).not.toHaveAttribute('aria-invalid');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Sketch saved.')).toBeVisible();
  expect(sent).toHaveLength(1);
});
