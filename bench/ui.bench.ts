/**
 * UI benchmark (Playwright against the production build in Debian chromium):
 * - time from navigation start to the first analytic chart drawn;
 * - slider-to-chart latency over 100 slider moves (median and 95th percentile): from the input event to
 *   the animation frame after the analytic result of that move was committed.
 * Needs `npm run build` first (bench/run.ts does not build).
 * The first figures are the default page's (its background sweep running); the noSweep* figures compare, in the
 * same run and without the sweep, the default Fokker-Planck model with the closed form (d.model=closed-form):
 * slider-to-chart and the worker's evaluation time (UI_BENCH_ROUNDS interleaved rounds of 100 moves, default 2).
 */
import { chromium, type Page } from '@playwright/test';
import { loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { withPreview } from './preview.ts';

export const name = 'ui';

const PORT = Number(process.env.UI_BENCH_PORT ?? 4191);

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * 100 write-voltage slider moves (0.50 .. 0.99 V twice: the first pass meets new voltages, the second cached ones);
 * per move [input to the frame after the committed result (ms), the worker's evaluation time (ms)].
 */
async function sliderMoves(page: Page): Promise<number[][]> {
  return page.evaluate(async () => {
    const api = window.__explorerApi;
    const slider = document.querySelector<HTMLInputElement>('[data-testid="control.V"]')!;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const out: number[][] = [];
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
      const a = api.state().analytic.value;
      out.push([performance.now() - t0, a?.ok ? (a.result.elapsedMs ?? NaN) : NaN]);
    }
    return out;
  });
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export async function run(): Promise<Record<string, number | string>> {
  if (!existsSync('dist/index.html')) return { skipped: 'no production build: run `npm run build` first' };
  return withPreview(PORT, async () => {
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
    const latencies = (await sliderMoves(page)).map((m) => m[0]!);
    // Same run, auto sweep off: the default Fokker-Planck model against the closed form (its cost on the slider path).
    const series: Record<string, number> = {};
    const kinds = [
      ['Fp', ''],
      ['ClosedForm', '?d.model=closed-form'],
    ] as const;
    // interleaved rounds (A B A B ...), so a change of the machine's load hits both alike
    const rounds = Number(process.env.UI_BENCH_ROUNDS ?? 2);
    const got = new Map<string, number[][]>();
    for (let r = 0; r < rounds; r++)
      for (const [label, query] of kinds) {
        const p2 = await browser.newPage();
        await p2.addInitScript(() => (window.__explorerAutoSweep = false));
        await p2.goto(`http://127.0.0.1:${PORT}/${query}`);
        await p2.waitForSelector('[data-testid="chart.wer"] path.recharts-curve');
        got.set(label, [...(got.get(label) ?? []), ...(await sliderMoves(p2))]);
        await p2.close();
      }
    for (const [label] of kinds) {
      const m = got.get(label)!;
      const total = m.map((x) => x[0]!);
      const worker = m.map((x) => x[1]!);
      series[`noSweep${label}SliderMsMedian`] = round1(quantile(total, 0.5));
      series[`noSweep${label}SliderMsP95`] = round1(quantile(total, 0.95));
      series[`noSweep${label}WorkerEvaluateMsMedian`] = round1(quantile(worker, 0.5));
      series[`noSweep${label}WorkerEvaluateMsP95`] = round1(quantile(worker, 0.95));
    }
    await browser.close();
    return {
      firstChartMsMedian: quantile(loads, 0.5),
      firstChartMsMax: Math.max(...loads),
      sliderToChartMsMedian: quantile(latencies, 0.5),
      sliderToChartMsP95: quantile(latencies, 0.95),
      sliderMoves: latencies.length,
      goalFirstChartMs: 1500,
      goalSliderP95Ms: 50,
      ...series,
      loadAverage1m: round1(loadavg()[0]!),
    };
  });
}
