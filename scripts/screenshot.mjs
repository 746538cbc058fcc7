import { chromium } from '@playwright/test';
const url = process.argv[2];
const out = process.argv[3];
const b = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--enable-unsafe-webgpu',
    '--enable-unsafe-swiftshader',
  ],
});
const p = await b.newPage({ viewport: { width: 1280, height: Number(process.argv[4] ?? 900) } });
p.on('console', (m) => {
  if (m.type() === 'error') console.log('console error:', m.text());
});
await p.goto(url);
await p.waitForTimeout(Number(process.argv[5] ?? 2500));
await p.screenshot({ path: out, fullPage: true });
await b.close();
