// Browser tests against the release server, in Debian's Chromium (no browser download).
// Every flow runs twice: with JavaScript (hydrated WASM) and without (plain HTML forms).
// Each variant gets its own server and a fresh data directory, so first-run setup is real.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const serverBin = process.env.E2E_SERVER_BIN ?? join(root, 'target', 'release', 'server');
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? join(root, 'target', 'site');

const variants = [
  { name: 'with-js', port: 3107, javaScriptEnabled: true },
  { name: 'without-js', port: 3108, javaScriptEnabled: false },
];

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        // Audio tests start playback from a script, as a click on the native control would.
        '--autoplay-policy=no-user-gesture-required', '--mute-audio',
      ],
    },
    locale: 'en-US',
    trace: 'retain-on-failure',
  },
  projects: variants.map((v) => ({
    name: v.name,
    use: { baseURL: `http://127.0.0.1:${v.port}`, javaScriptEnabled: v.javaScriptEnabled },
  })),
  webServer: variants.map((v) => ({
    command: serverBin,
    url: `http://127.0.0.1:${v.port}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LISTEN_ADDR: `127.0.0.1:${v.port}`,
      DATA_DIR: mkdtempSync(join(tmpdir(), `aitb-e2e-${v.name}-`)),
      DATABASE_URL: '',
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_OUTPUT_NAME: 'aitoolbox',
      RUST_LOG: 'warn',
    },
  })),
});
