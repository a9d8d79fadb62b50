// Browser benchmarks (figures printed, never gated): one release server with scripts on.
// Run by scripts/bench.sh, not by the test suite.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const port = 3109;

export default defineConfig({
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  workers: 1,
  timeout: 120_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    },
    viewport: { width: 1600, height: 1200 },
  },
  webServer: {
    command: process.env.E2E_SERVER_BIN ?? join(root, 'target', 'release', 'server'),
    url: `http://127.0.0.1:${port}/health`,
    timeout: 60_000,
    env: {
      LISTEN_ADDR: `127.0.0.1:${port}`,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'aitb-bench-')),
      DATABASE_URL: '',
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? join(root, 'target', 'site'),
      LEPTOS_OUTPUT_NAME: 'aitoolbox',
      RUST_LOG: 'warn',
    },
  },
});
