/**
 * UI benchmark (Playwright against the production build in Debian chromium):
 * - time from navigation start to the first analytic chart drawn;
 * - slider-to-chart latency over 100 slider moves (median and 95th percentile): from the input event to
 *   the animation frame after the analytic result of that move was committed.
 * Needs `npm run build` first (bench/run.ts does not build).
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const name = 'ui';

const PORT = Number(process.env.UI_BENCH_PORT ?? 4191);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export async function run(): Promise<Record<string, number | string>> {
  if (!existsSync('dist/index.html')) return { skipped: 'no production build: run `npm run build` first' };
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--enable-unsafe-swiftshader',
      ],
    });
    const page = await browser.newPage();
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`http://127.0.0.1:${PORT}/?bench=${i}`.replace('?bench=' + i, ''));
      await page.waitForSelector('[data-testid="chart.wer"] path.recharts-curve');
      loads.push(await page.evaluate(() => performance.now()));
    }
    const latencies: number[] = await page.evaluate(async () => {
      const api = window.__explorerApi;
      const slider = document.querySelector<HTMLInputElement>('[data-testid="control.V"]')!;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const out: number[] = [];
      for (let i = 0; i < 100; i++) {
        const v = (0.5 + (i % 50) * 0.01).toFixed(2);
        const before = api.state().analytic.jobId;
        const t0 = performance.now();
        setter.call(slider, v);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        while (!(api.state().analytic.jobId > before && api.state().analytic.status === 'done')) {
          await new Promise((r) => setTimeout(r, 0));
        }
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        out.push(performance.now() - t0);
      }
      return out;
    });
    await browser.close();
    return {
      firstChartMsMedian: quantile(loads, 0.5),
      firstChartMsMax: Math.max(...loads),
      sliderToChartMsMedian: quantile(latencies, 0.5),
      sliderToChartMsP95: quantile(latencies, 0.95),
      sliderMoves: latencies.length,
      goalFirstChartMs: 1500,
      goalSliderP95Ms: 50,
    };
  } finally {
    try {
      process.kill(-server.pid!);
    } catch {
      server.kill();
    }
  }
}
