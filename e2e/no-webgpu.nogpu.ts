import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

// Runs in the "no-webgpu" project: chromium without --enable-unsafe-webgpu, so requestAdapter() finds none.
test('without a WebGPU adapter the Monte Carlo runs on the CPU engine and the UI says so', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open('?V=0.9&pulse=3ns');
  await app.text('mc.trajectories').fill('50');
  await app.text('mc.run').click();
  await expect(app.text('mc.status')).toContainText('CPU engine: no WebGPU adapter', { timeout: 60_000 });
  await expect(app.text('mc.engine.pToAp')).toHaveText('cpu');
});

test('without WebGPU, training falls back to another backend and reports it', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open('?ds=digits&model=mlp&epochs=1&pw=sram&pa=sram&pe=sram&pg=sram');
  await app.text('training.run').click();
  await expect(app.text('training.backend')).toHaveText(/^(webgl|wasm|cpu)$/, { timeout: 90_000 });
});
