// Dates follow the user: the browser's time zone fills an empty profile, and every date is
// written in the user's language and zone, by the server's render and the browser's alike.
import { expect, test } from '@playwright/test';
import { ready, register } from './support';

test.use({ timezoneId: 'America/Sao_Paulo' });

const germanMoment = /^(\d{1,2})\. (Jan\.|Feb\.|März|Apr\.|Mai|Juni|Juli|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.) (\d{4}), (\d{2}):(\d{2})$/;

/** Minutes since midnight in São Paulo now (UTC−3, no daylight saving since 2019). */
function saoPauloMinutes(): number {
  const now = new Date(Date.now() - 3 * 3600_000);
  return now.getUTCHours() * 60 + now.getUTCMinutes();
}

test('German dates in the zone the browser reported', async ({ page }) => {
  test.skip(test.info().project.use.javaScriptEnabled === false, 'the browser reports its zone from a script');
  await register(page, `zone-${Date.now()}@example.org`);
  await page.getByRole('button', { name: 'DE' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  // The profile took the browser's zone (reported in the background after sign-in).
  await expect.poll(async () => {
    await page.goto('/profile');
    await ready(page);
    return page.getByLabel('Zeitzone').inputValue();
  }, { timeout: 15_000 }).toBe('America/Sao_Paulo');

  const before = saoPauloMinutes();
  const saved = await page.request.post('/api/save_sketch', { form: { 'sketch[title]': 'Zeit', 'sketch[prompt]': 'folk' } });
  expect(saved.status()).toBe(200);
  for (const reload of [false, true]) {
    // Rendered by the server (a fresh load), then by the browser (a client-side visit).
    if (reload) {
      await page.goto('/');
      await ready(page);
      await page.getByRole('link', { name: 'Alle Skizzen' }).click();
    } else {
      await page.goto('/sketches');
      await ready(page);
    }
    const text = (await page.locator('.item-meta time').first().textContent())!.trim();
    const match = text.match(germanMoment);
    expect(match, text).not.toBeNull();
    const minutes = Number(match![4]) * 60 + Number(match![5]);
    expect([before, (before + 1) % 1440]).toContain(minutes);
  }
});
