import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

type Dir = {
  direction: string;
  engine: string;
  trajectories: number;
  table: { tS: number; wer: number; low: number; high: number }[];
};

async function runMc(app: ExplorerPage, engine: string, trajectories: number): Promise<Dir[]> {
  await app.text('mc.trajectories').fill(String(trajectories));
  await app.text('mc.engine').selectOption(engine);
  await app.text('mc.run').click();
  await app.page.waitForFunction(() => window.__explorerApi.state().monteCarlo.status !== 'running', undefined, {
    timeout: 100_000,
  });
  return app.page.evaluate(() => JSON.parse(JSON.stringify(window.__explorerApi.state().monteCarlo.value!.directions)));
}

test('Monte Carlo on WebGPU (software adapter here) agrees with the CPU engine and is overlaid on the WER plot', async ({
  page,
}) => {
  const app = new ExplorerPage(page);
  await app.open('?V=0.8&pulse=4ns&seed=7');
  const hasAdapter = await page.evaluate(
    async () =>
      !!(await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()),
  );
  test.skip(
    !hasAdapter,
    'no WebGPU adapter in this chromium (launch with --enable-unsafe-webgpu): GPU path not testable here',
  );
  const gpu = await runMc(app, 'webgpu', 256);
  await expect(app.text('mc.status')).toContainText('WebGPU');
  expect(gpu.map((d) => d.engine)).toEqual(['webgpu', 'webgpu']);
  await expect(app.text('mc.compare')).toBeVisible();
  const cpu = await runMc(app, 'cpu', 256);
  expect(cpu.map((d) => d.engine)).toEqual(['cpu', 'cpu']);
  // Same seed and counter-based RNG: the two engines integrate the same noise. Their WER(t) must agree
  // within the 95 % interval of either at every tabulated time (float32 vs float64 may flip a few trajectories).
  for (let k = 0; k < 2; k++) {
    for (let j = 0; j < gpu[k]!.table.length; j++) {
      const g = gpu[k]!.table[j]!;
      const c = cpu[k]!.table[j]!;
      expect(Math.abs(g.wer - c.wer), `${gpu[k]!.direction} t=${c.tS}`).toBeLessThanOrEqual(
        Math.max(c.high - c.low, 2 / 256),
      );
    }
  }
  // overlay: Monte Carlo markers with error bars on the WER chart
  await expect(app.text('chart.wer').locator('.recharts-errorBars').first()).toBeAttached();
});

test('Monte Carlo on the CPU engine streams and states the comparison with the closed form', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open('?V=1.0&pulse=2ns&seed=3');
  const dirs = await runMc(app, 'cpu', 300);
  expect(dirs).toHaveLength(2);
  expect(dirs[0]!.trajectories).toBe(300);
  // WER(t) is non-increasing in t (fraction not yet switched)
  for (const d of dirs)
    for (let j = 1; j < d.table.length; j++) expect(d.table[j]!.wer).toBeLessThanOrEqual(d.table[j - 1]!.wer);
  await expect(app.text('mc.row.apToP')).toContainText('within ×');
});

test('the CPU worker pool gives the same Monte Carlo numbers on 1 and 3 workers', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open('?V=1.0&pulse=2ns&seed=5');
  await app.text('mc.workers').fill('1');
  const one = await runMc(app, 'cpu', 120);
  await expect(app.text('mc.status')).toContainText('1 worker');
  await app.text('mc.workers').fill('3');
  const three = await runMc(app, 'cpu', 120);
  await expect(app.text('mc.status')).toContainText('3 workers');
  // every trajectory has its own counter-based stream: the split over workers cannot change a number
  expect(three).toEqual(one);
  expect(one[0]!.table.some((t) => t.wer > 0 && t.wer < 1)).toBe(true);
});
