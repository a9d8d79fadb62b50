// What a first visit to each page downloads, as a new browser with an empty cache sees it: the
// number of WASM and JS files and their bytes on the wire (brotli, as Chromium asks for it).
// Printed as a table for the README; never gated.
import { test, type Browser } from '@playwright/test';
import { generateImage, signIn } from './support';

type Weight = { wasm: number; wasmBytes: number; js: number; jsBytes: number; all: number; allBytes: number };

async function firstVisit(browser: Browser, baseURL: string, storageState: any, url: string): Promise<Weight> {
  const context = await browser.newContext({ baseURL, storageState });
  const page = await context.newPage();
  const finished: Promise<{ url: string; bytes: number }>[] = [];
  page.on('requestfinished', (req) => {
    finished.push(req.sizes().then((s) => ({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize })));
  });
  await page.goto(url);
  await page.locator('body[data-hydrated]').waitFor({ state: 'attached', timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const all = await Promise.all(finished);
  await context.close();
  const of = (ext: string) => all.filter((r) => new URL(r.url).pathname.endsWith(ext));
  const sum = (rs: { bytes: number }[]) => rs.reduce((s, r) => s + r.bytes, 0);
  return {
    wasm: of('.wasm').length, wasmBytes: sum(of('.wasm')),
    js: of('.js').length, jsBytes: sum(of('.js')),
    all: all.length, allBytes: sum(all),
  };
}

test('first-visit weight per page', async ({ browser, page, baseURL }) => {
  test.setTimeout(300_000);
  const signedOut = await firstVisit(browser, baseURL!, undefined, '/login');
  await signIn(page);
  const id = await generateImage(page, '0001 a lake at dawn', 'Dawn');
  const state = await page.context().storageState();
  const rows: [string, Weight][] = [['/login (signed out)', signedOut]];
  for (const url of ['/', '/images', '/images/new', `/covers?image=${id}`, '/sketches', '/songs', '/songs/new', '/templates', '/profile']) {
    rows.push([url.replace(/=.*/, '=…'), await firstVisit(browser, baseURL!, state, url)]);
  }
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log('page                 WASM files  WASM bytes  JS files  JS bytes  requests  total bytes');
  for (const [name, w] of rows) {
    console.log(`${name.padEnd(20)} ${String(w.wasm).padStart(10)}  ${kb(w.wasmBytes).padStart(10)}  ` +
      `${String(w.js).padStart(8)}  ${kb(w.jsBytes).padStart(8)}  ${String(w.all).padStart(8)}  ${kb(w.allBytes).padStart(11)}`);
  }
});
