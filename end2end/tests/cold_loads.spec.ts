// Every route loaded cold (a full page load, as after a reload, a bookmark or a link from
// elsewhere) 20 times — with and without a selected item, in English and German — must hydrate
// without a single console error or panic. Hydration mismatches are timing-dependent (the
// server may render a boundary more than once), so one load proves little; twenty per route do.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { register } from './support';

const LOADS_PER_ROUTE = 20;

type Route = { path: string; variants: string[] };

async function seed(page: Page) {
  const post = async (fn: string, form: Record<string, string>) => {
    const res = await page.request.post(`/api/${fn}`, { form });
    expect(res.status(), `${fn}: ${await res.text()}`).toBe(200);
    return res.json();
  };
  const image = await post('generate_image', { 'request[prompt]': '0001 a lake at dawn', 'request[size]': '1024x1024', 'request[quality]': 'low', 'request[title]': 'Dawn' });
  const sketch = await post('save_sketch', { 'sketch[title]': 'Rain', 'sketch[lyrics]': '[Verse]\nrain on the roof', 'sketch[prompt]': 'dream pop' });
  // A saved style, so the song form renders its style chips (the case that used to fail).
  await post('save_style_prompt', { name: 'Dream', prompt: 'dream pop, airy' });
  const song = await post('create_song', {
    'request[lyrics]': '[Verse]\nla la', 'request[prompt]': 'pop', 'request[model]': 'auto',
    'request[title]': 'Cold', 'request[tags]': '', 'request[instrumental]': 'false',
    'request[idempotency_key]': `cold-${Date.now()}`,
  });
  const conversation = await post('create_conversation', { 'form[model]': 'ollama:llama3.2:latest', 'form[temperature]': '0.7', 'form[max_reply_tokens]': '256' });
  await post('send_message', { conversation_id: conversation, content: '0001 **hello**\n\n```rust\nfn main() {}\n```', request_key: `cold-${Date.now()}` });
  const equipment = await post('save_equipment', { 'equipment[kind]': 'plugin', 'equipment[name]': 'Diva', 'equipment[license_key]': 'DIVA-1' });
  const project = await post('save_project', { 'project[name]': 'Harbour Lights', 'project[tags]': 'single' });
  const detail = await post('get_project', { id: project.id });
  const folder = detail.folders[1].id as string;
  const put = await page.request.put(`/api/v1/projects/${project.id}/folders/${folder}/files?path=Media%2Fmix.wav`, { data: Buffer.from('mix') });
  expect(put.status()).toBe(201);
  await post('link_project_asset', { project: project.id, folder, kind: 'sketch', asset: sketch.id });
  await post('link_project_asset', { project: project.id, folder: '', kind: 'image', asset: image.id });
  return { image: image.id as string, sketch: sketch.id as string, song: song.song.id as string, conversation: conversation as string, equipment: equipment.id as string, project: project.id as string, folder };
}

/** Loads `url` as a new document and waits until it has hydrated; returns what went wrong. */
async function coldLoad(page: Page, url: string): Promise<string[]> {
  const problems: string[] = [];
  const onConsole = (msg: { type(): string; text(): string }) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text().slice(0, 300)}`);
  };
  const onError = (err: Error) => problems.push(`page error: ${err.message.slice(0, 300)}`);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  try {
    await page.goto(url);
    const hydrated = page.locator('body[data-hydrated]');
    for (let waited = 0; waited < 10_000 && problems.length === 0; waited += 50) {
      if ((await hydrated.count()) > 0) break;
      await page.waitForTimeout(50);
    }
    if (problems.length === 0 && (await hydrated.count()) === 0) problems.push('never hydrated');
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
  }
  return problems;
}

test('every route hydrates on every cold load, in both languages', async ({ page }) => {
  test.skip(test.info().project.use.javaScriptEnabled === false, 'hydration needs scripts');
  test.setTimeout(300_000);
  await register(page, `cold-${Date.now()}@example.org`);
  const ids = await seed(page);
  const routes: Route[] = [
    { path: '/', variants: ['/'] },
    { path: '/profile', variants: ['/profile'] },
    { path: '/images', variants: ['/images', `/images?id=${ids.image}`] },
    { path: '/images/new', variants: ['/images/new'] },
    { path: '/covers', variants: ['/covers', `/covers?image=${ids.image}`] },
    { path: '/sketches', variants: ['/sketches', `/sketches?id=${ids.sketch}`] },
    { path: '/songs', variants: ['/songs', `/songs?id=${ids.song}`] },
    { path: '/songs/new', variants: ['/songs/new', `/songs/new?sketch=${ids.sketch}`] },
    { path: '/templates', variants: ['/templates'] },
    { path: '/chat', variants: ['/chat', `/chat?id=${ids.conversation}`, '/chat?id=new'] },
    { path: '/sketches/:id/lyrics', variants: [`/sketches/${ids.sketch}/lyrics`] },
    { path: '/sketches/rules', variants: ['/sketches/rules'] },
    { path: '/equipment', variants: ['/equipment', `/equipment?id=${ids.equipment}`, `/equipment?id=${ids.equipment}&edit=1`, '/equipment?id=new'] },
    { path: '/projects', variants: [`/projects?id=${ids.project}&folder=${ids.folder}`, `/projects?id=${ids.project}&edit=1`, '/projects?id=new'] },
  ];
  const failures: string[] = [];
  const started = Date.now();
  for (const lang of ['en', 'de']) {
    const set = await page.request.post('/api/set_language', { form: { language: lang } });
    expect(set.status()).toBe(200);
    for (const route of routes) {
      const perVariant = LOADS_PER_ROUTE / 2 / route.variants.length;
      for (const url of route.variants) {
        for (let i = 0; i < perVariant; i++) {
          for (const problem of await coldLoad(page, url)) failures.push(`${lang} ${url} (load ${i + 1}): ${problem}`);
        }
      }
    }
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`${routes.length * LOADS_PER_ROUTE} cold loads in ${seconds.toFixed(1)} s`);
  expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
});

/** The WASM files a first visit (empty cache) to `url` fetches. */
async function wasmFetched(browser: Browser, page: Page, url: string): Promise<string[]> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL, storageState: await page.context().storageState(),
  });
  const visit = await context.newPage();
  const wasm: string[] = [];
  visit.on('request', (req) => { if (req.url().endsWith('.wasm')) wasm.push(new URL(req.url()).pathname); });
  await visit.goto(url);
  await visit.locator('body[data-hydrated]').waitFor({ state: 'attached' });
  await visit.waitForLoadState('networkidle');
  await context.close();
  return wasm;
}

test('a first visit fetches a handful of WASM files, not dozens', async ({ browser, page }) => {
  test.skip(test.info().project.use.javaScriptEnabled === false, 'WASM needs scripts');
  await register(page, `weight-${Date.now()}@example.org`);
  const ids = await seed(page);
  // The shell alone; a page behind sign-in adds its module and the code it shares with the
  // cover engine; the cover editor adds the engine.
  const limits: [string, number][] = [['/', 1], ['/images', 3], ['/songs/new', 3], [`/covers?image=${ids.image}`, 4]];
  for (const [url, most] of limits) {
    const wasm = await wasmFetched(browser, page, url);
    expect(wasm.length, `${url}: ${wasm.join(', ')}`).toBeLessThanOrEqual(most);
  }
});
