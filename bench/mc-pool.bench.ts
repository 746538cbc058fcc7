/**
 * Monte Carlo scaling over all cores, measured in one run so the ratios compare like with like:
 * - CLI pool (worker_threads, src/cli/mc/pool.ts): trajectories per second on 1 worker (in-thread) and on N
 *   workers (every core; thread start-up included), their ratio, and whether both gave the same result.
 * - Browser pool (Web Workers, src/jobs/mc-pool.ts) in headless Chromium against the production build
 *   (needs `npm run build`): the device panel's CPU Monte Carlo (both directions) with "CPU workers" 1, then
 *   navigator.hardwareConcurrency (capped at 16), from the click to the result; same-result check.
 * Only ratios mean much on a shared machine; the load average is reported with them.
 * The CLI figure includes the threads' start-up (each registers tsx and compiles the model, ~1-2 s on a loaded
 * 2-core machine), also reported alone, with the scaling net of it.
 * MC_BENCH_TRAJECTORIES (CLI, default 10000) and MC_BENCH_BROWSER_TRAJECTORIES (default 1000) set the run sizes;
 * MC_BENCH_PORT the preview port (default 4192).
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { withPreview } from './preview.ts';
import { loadavg } from 'node:os';
import { defaultDeviceParams, sllgSetup } from '../src/models/device/index.ts';
import { defaultWorkers, runSllgPool } from '../src/cli/mc/pool.ts';

export const name = 'mc-pool';

const PORT = Number(process.env.MC_BENCH_PORT ?? 4192);

async function cliPool(): Promise<Record<string, number | string>> {
  const n = Number(process.env.MC_BENCH_TRAJECTORIES ?? 10000);
  const setup = sllgSetup(defaultDeviceParams, 0.8, 5e-9, 'pToAp', { trajectories: n, seed: 1 });
  const workers = defaultWorkers();
  // start-up of the worker threads alone (each registers tsx's loader and compiles the model): a tiny run
  const tiny = sllgSetup(defaultDeviceParams, 0.8, 0.1e-9, 'pToAp', { trajectories: workers, seed: 1 });
  let t0 = performance.now();
  await runSllgPool(tiny, workers);
  const startS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const one = await runSllgPool(setup, 1);
  const oneS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const all = await runSllgPool(setup, workers);
  const allS = (performance.now() - t0) / 1000;
  const same = all.failures === one.failures && all.stepsSimulated === one.stepsSimulated;
  return {
    cliPoint: `0.8 V, 5 ns, P->AP, ${n} trajectories, seed 1`,
    cliWorkers: workers,
    cliOneWorkerTrajectoriesPerS: Math.round(n / oneS),
    cliAllWorkersTrajectoriesPerS: Math.round(n / allS),
    cliScaling: Number((oneS / allS).toFixed(2)),
    cliWorkerStartupS: Number(startS.toFixed(2)),
    cliScalingNetOfStartup: Number((oneS / Math.max(1e-3, allS - startS)).toFixed(2)),
    cliSameResult: String(same),
  };
}

async function browserPool(): Promise<Record<string, number | string>> {
  if (!existsSync('dist/index.html')) return { browser: 'not measured: no production build (`npm run build`)' };
  const n = Number(process.env.MC_BENCH_BROWSER_TRAJECTORIES ?? 1000);
  return withPreview(PORT, async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      // no background sweep: it would share the cores with the Monte Carlo
      // (page code reaches the page's globals through globalThis: this module is type-checked without DOM types)
      await page.addInitScript(() => ((globalThis as Record<string, unknown>).__explorerAutoSweep = false));
      await page.goto(`http://127.0.0.1:${PORT}/?V=1.0&pulse=2ns&seed=5`);
      await page.waitForSelector('[data-testid="chart.wer"] path.recharts-curve');
      const cores = await page.evaluate(() => {
        const nav = (globalThis as unknown as { navigator: { hardwareConcurrency?: number } }).navigator;
        return Math.min(16, nav.hardwareConcurrency || 2);
      });
      await page.getByTestId('mc.trajectories').fill(String(n));
      await page.getByTestId('mc.engine').selectOption('cpu');
      const runOnce = async (workers: number) => {
        await page.getByTestId('mc.workers').fill(String(workers));
        const t0 = performance.now();
        await page.getByTestId('mc.run').click();
        // page code (serialised into the page: no closures over this module)
        type Api = { __explorerApi: { state(): { monteCarlo: { status: string } } } };
        await page.waitForFunction(
          () => (globalThis as unknown as Api).__explorerApi.state().monteCarlo.status !== 'running',
          undefined,
          { timeout: 600_000, polling: 20 },
        );
        const s = (performance.now() - t0) / 1000;
        const mc = JSON.parse(
          await page.evaluate(() => JSON.stringify((globalThis as unknown as Api).__explorerApi.state().monteCarlo)),
        ) as {
          status: string;
          error?: string;
          value?: { directions: unknown };
        };
        if (mc.status !== 'done') throw new Error(`Monte Carlo ${mc.status}: ${mc.error ?? ''}`);
        return { s, dirs: JSON.stringify(mc.value!.directions) };
      };
      await runOnce(cores); // warm-up: workers started, code compiled
      const one = await runOnce(1);
      const all = await runOnce(cores);
      return {
        browserPoint: `device panel Monte Carlo, 1.0 V, 4 ns, both directions, ${n} trajectories each, seed 5`,
        browserWorkers: cores,
        browserOneWorkerTrajectoriesPerS: Math.round((2 * n) / one.s),
        browserAllWorkersTrajectoriesPerS: Math.round((2 * n) / all.s),
        browserScaling: Number((one.s / all.s).toFixed(2)),
        browserSameResult: String(one.dirs === all.dirs),
      };
    } finally {
      await browser.close();
    }
  });
}

export async function run(): Promise<Record<string, number | string>> {
  const load0 = loadavg()[0]!;
  const out: Record<string, number | string> = { ...(await cliPool()) };
  try {
    Object.assign(out, await browserPool());
  } catch (e) {
    out.browser = `failed: ${(e as Error).message.split('\n')[0]}`;
  }
  out.loadAverage1mBeforeAfter = `${load0.toFixed(1)} / ${loadavg()[0]!.toFixed(1)}`;
  return out;
}
