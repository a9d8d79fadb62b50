// Chat: start a conversation with a model of the built-in demo Ollama, see the message at once
// and the reply stream in, with the context meter; model output is rendered as Markdown with
// raw HTML made inert; a long reply is stopped and kept — in English and German. Without
// JavaScript the same form posts and the page returns with the whole answer.
import { expect, test } from '@playwright/test';
import { ready, register } from './support';

test.describe.configure({ mode: 'serial' });

const texts = {
  en: {
    newConversation: 'New conversation', model: 'Model', start: 'Start conversation', message: 'Message',
    send: 'Send', stop: 'Stop', stopped: 'Stopped; the reply is kept', meter: /of 32,768 tokens/,
    nextPrompt: /Next prompt: about \d+ of 32,768 tokens/,
  },
  de: {
    newConversation: 'Neue Unterhaltung', model: 'Modell', start: 'Unterhaltung beginnen', message: 'Nachricht',
    send: 'Senden', stop: 'Anhalten', stopped: 'Angehalten; die Antwort bleibt erhalten', meter: /von 32\.768 Tokens/,
    nextPrompt: /Nächster Prompt: etwa \d+ von 32\.768 Tokens/,
  },
};

for (const lang of ['en', 'de'] as const) {
  test(`a conversation streams, renders safely and stops (${lang})`, async ({ page }) => {
    test.skip(test.info().project.use.javaScriptEnabled === false, 'streaming needs scripts');
    const t = texts[lang];
    await register(page, `chat-${lang}-${Date.now()}@example.org`);
    if (lang === 'de') {
      await page.getByRole('button', { name: 'DE' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    }
    await page.goto('/chat?id=new');
    await ready(page);
    await expect(page.getByLabel(t.model)).toHaveValue('ollama:gemma3:4b');
    await page.getByLabel(t.model).selectOption('ollama:llama3.2:latest');
    await page.getByRole('button', { name: t.start }).click();
    await expect(page).toHaveURL(/\/chat\?id=[0-9a-f-]{36}/);
    await expect(page.getByTestId('context-meter')).toContainText(t.meter);

    // The message shows at once; the reply streams in and renders as Markdown, raw HTML inert.
    const box = page.getByLabel(t.message, { exact: true });
    await box.fill('0001 **bold** <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
    await expect(page.getByTestId('next-prompt')).toContainText(t.nextPrompt);
    await box.press('Enter');
    const messages = page.locator('.messages > li');
    await expect(messages.first()).toContainText('0001 **bold**');
    await expect(messages.nth(1).locator('strong')).toHaveText('bold');
    await expect(messages.nth(1)).toContainText('<img src=x onerror=');
    await expect(messages.nth(1)).not.toHaveAttribute('aria-busy', 'true');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(messages.nth(1).locator('img, script')).toHaveCount(0);

    // A long reply can be stopped; what arrived is kept and says so.
    await box.fill('long:600');
    await page.getByRole('button', { name: t.send }).click();
    await expect(messages.nth(3)).toContainText('word3');
    await page.getByRole('button', { name: t.stop }).click();
    await expect(messages.nth(3)).toContainText(t.stopped);
    await expect(messages.nth(3)).not.toContainText('word600');

    // Reopened: everything is still there, from the server.
    await page.reload();
    await ready(page);
    await expect(page.locator('.messages > li')).toHaveCount(4);
    await expect(page.locator('.messages > li').nth(3)).toContainText(t.stopped);
  });
}

test('without JavaScript a message posts and the page returns with the answer', async ({ page }) => {
  test.skip(test.info().project.use.javaScriptEnabled !== false, 'the plain-form path');
  await register(page, `chat-nojs-${Date.now()}@example.org`);
  await page.goto('/chat?id=new');
  await page.getByRole('button', { name: 'Start conversation' }).click();
  await expect(page).toHaveURL(/\/chat\?id=[0-9a-f-]{36}/);
  await page.getByLabel('Message', { exact: true }).fill('0001 plain form');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.messages > li').nth(1)).toContainText('Mock reply: 0001 plain form');
  await expect(page.getByTestId('context-meter')).toContainText('of 32,768 tokens');
});
