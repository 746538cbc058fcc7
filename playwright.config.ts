import { defineConfig } from '@playwright/test';

// Debian chromium, no browser download. CHROMIUM_EXTRA_FLAGS adds flags (e.g. "--enable-unsafe-webgpu").
const extra = (process.env.CHROMIUM_EXTRA_FLAGS ?? '').split(' ').filter(Boolean);
const port = Number(process.env.E2E_PORT ?? 4173);
const baseArgs = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--enable-unsafe-swiftshader',
];
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      // WebGPU on: headless chromium gives a software (SwiftShader) adapter, enough to test WebGPU code.
      name: 'webgpu',
      testMatch: /.*\.spec\.ts/,
      use: { launchOptions: { executablePath, args: [...baseArgs, '--enable-unsafe-webgpu', ...extra] } },
    },
    {
      // No WebGPU adapter: the fallbacks.
      name: 'no-webgpu',
      testMatch: /.*\.nogpu\.ts/,
      use: { launchOptions: { executablePath, args: [...baseArgs, ...extra] } },
    },
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
