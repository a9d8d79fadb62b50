// Accessibility: axe-core finds no violation on any page in either language, and the phone
// navigation shows every area at once and works by keyboard. (Named to run after
// accounts.spec, which makes the instance's first account.)
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ready, register } from './support';

test.skip(({ javaScriptEnabled }) => javaScriptEnabled === false, 'axe and the layout checks run as page scripts');

const axePath = join(__dirname, '..', 'node_modules', 'axe-core', 'axe.min.js');

type AxeViolation = { id: string; help: string; nodes: { target: string[] }[] };

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const found: AxeViolation[] = await page.evaluate(async () => {
    // @ts-expect-error injected above
    const result = await window.axe.run(document);
    return result.violations;
  });
  return found.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('no page has an axe violation, in English or German', async ({ page }) => {
  test.setTimeout(120_000);
  await register(page, `a11y-${Date.now()}@example.org`);
  const post = async (fn: string, form: Record<string, string>) => {
    const res = await page.request.post(`/api/${fn}`, { form });
    expect(res.status(), `${fn}: ${await res.text()}`).toBe(200);
    return res.json();
  };
  const image = await post('generate_image', { 'request[prompt]': '0001 a quiet harbour', 'request[size]': '1024x1024', 'request[quality]': 'low', 'request[title]': 'Harbour' });
  const sketch = await post('save_sketch', { 'sketch[title]': 'Tide', 'sketch[lyrics]': '[Verse]\nlow tide', 'sketch[prompt]': 'folk' });
  const conversation = await post('create_conversation', { 'form[model]': 'ollama:llama3.2:latest', 'form[temperature]': '0.7', 'form[max_reply_tokens]': '256' });
  await post('send_message', { conversation_id: conversation, content: '0001 **hello**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn main() {}\n```', request_key: `a11y-${Date.now()}` });
  const equipment = await post('save_equipment', { 'equipment[kind]': 'plugin', 'equipment[name]': 'Diva', 'equipment[license_key]': 'DIVA-1', 'equipment[password]': 'pw' });
  const project = await post('save_project', { 'project[name]': 'Tide', 'project[tags]': 'single' });
  const folders = (await post('get_project', { id: project.id })).folders;
  expect((await page.request.put(`/api/v1/projects/${project.id}/folders/${folders[0].id}/files?path=Media%2Fmix.wav`, { data: Buffer.from('mix') })).status()).toBe(201);
  await post('link_project_asset', { project: project.id, folder: folders[0].id, kind: 'image', asset: image.id });
  const pages = [
    '/', '/profile', '/images', `/images?id=${image.id}`, '/images?q=nothing+like+this', '/images/new',
    '/covers', `/covers?image=${image.id}`, '/sketches', `/sketches?id=${sketch.id}`, '/sketches?id=new',
    '/songs', '/songs/new', '/templates', '/chat', `/chat?id=${conversation}`, '/chat?id=new',
    `/sketches/${sketch.id}/lyrics`, '/sketches/rules', '/equipment', `/equipment?id=${equipment.id}`,
    `/equipment?id=${equipment.id}&edit=1`, '/equipment?q=nothing+like+this',
    '/projects', `/projects?id=${project.id}`, `/projects?id=${project.id}&edit=1`, '/projects?id=new',
  ];
  const failures: string[] = [];
  for (const lang of ['en', 'de']) {
    expect((await page.request.post('/api/set_language', { form: { language: lang } })).status()).toBe(200);
    for (const url of pages) {
      await page.goto(url);
      await ready(page);
      for (const v of await violations(page)) failures.push(`${lang} ${url}: ${v}`);
    }
  }
  // Signed out: the sign-in and registration pages.
  await page.context().clearCookies();
  for (const url of ['/login', '/register']) {
    await page.goto(url);
    await ready(page);
    for (const v of await violations(page)) failures.push(`signed out ${url}: ${v}`);
  }
  expect(failures, failures.join('\n')).toEqual([]);
});

test('on a phone the navigation is a menu showing every area and the current one', async ({ page }) => {
  await register(page, `phone-${Date.now()}@example.org`);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/images');
  await ready(page);
  await expect(page.locator('.main-nav')).toBeHidden();
  const menu = page.locator('.nav-menu summary');
  await expect(menu).toContainText('Gallery');
  // By keyboard: the menu opens, lists all nine areas on screen at once, and Escape closes it.
  await menu.focus();
  await page.keyboard.press('Enter');
  const links = page.locator('.nav-menu-panel a');
  await expect(links).toHaveCount(10);
  for (const link of await links.all()) await expect(link).toBeInViewport();
  await expect(page.locator('.nav-menu-panel a[aria-current="page"]')).toHaveText('Gallery');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.keyboard.press('Tab');
  await expect(links.first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(links.first()).toBeHidden();
  // Following a link closes the menu and names the new area.
  await menu.click();
  await links.filter({ hasText: 'Sketches' }).click();
  await expect(page).toHaveURL(/\/sketches/);
  await expect(menu).toContainText('Sketches');
  await expect(links.first()).toBeHidden();
});
