/**
 * Training steps per second in Node per available backend (cpu, wasm), clean versus with the write-error
 * channel on every class, and the channel overhead (goal: < 15 % of a clean step).
 * Digits MLP (64-32-10, batch 32): the configuration the app runs by default. Compare ratios within one
 * run: this machine is shared and noisy. `overhead*` compares separate runs (clean vs channel steps/s);
 * `channelShare*` is the channel's own time over the rest of the step inside the same run. Each configuration is run three times, interleaved, best kept.
 * At 1e-2 on every class (exponents unprotected) the run diverges after a few dozen steps, so its figures
 * cover the first steps only (writes over fresh memory: many driven bits, many failures).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadDatasetNode } from '../src/cli/commands/train-data.ts';
import { train, validateTrainRequest, writeWords, emptyStats, tensorKey } from '../src/training/index.ts';

export const name = 'training';

const STEPS = 300;

function classes(rate: number) {
  const c = { rate01: rate, rate10: rate, protect: [] };
  return { activations: c, weights: c, errors: c };
}

export async function run(): Promise<Record<string, number | string>> {
  tf.env().set('PROD', true);
  const data = loadDatasetNode('digits');
  const out: Record<string, number | string> = { model: 'digits mlp 64-32-10, batch 32', steps: STEPS };
  for (const backend of ['wasm', 'cpu']) {
    if (!(await tf.setBackend(backend))) {
      out[`${backend}.error`] = 'backend did not initialise';
      continue;
    }
    const share: Record<string, number[]> = { '1e-6': [], '1e-2': [] };
    const sps = async (rate: number) => {
      const r = await train(
        validateTrainRequest({ dataset: 'digits', model: 'mlp', epochs: 10, maxSteps: STEPS, classes: classes(rate) }),
        data,
      );
      // channel time over the rest of the step, measured inside the same run (robust to machine noise)
      if (rate > 0) share[rate === 1e-6 ? '1e-6' : '1e-2']!.push(r.channelMs / (r.trainMs - r.channelMs));
      return r.stepsPerSecond;
    };
    await sps(0); // warm-up
    const clean: number[] = [];
    const ch6: number[] = [];
    const ch2: number[] = [];
    for (let k = 0; k < 3; k++) {
      clean.push(await sps(0));
      ch6.push(await sps(1e-6));
      ch2.push(await sps(1e-2));
    }
    const c = Math.max(...clean);
    const a = Math.max(...ch6);
    const b = Math.max(...ch2);
    out[`${backend}.clean.stepsPerSecond`] = round(c);
    out[`${backend}.channel1e-6.stepsPerSecond`] = round(a);
    out[`${backend}.channel1e-2.stepsPerSecond`] = round(b);
    out[`${backend}.overhead1e-6`] = round(c / a - 1);
    out[`${backend}.overhead1e-2`] = round(c / b - 1);
    const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    out[`${backend}.channelShare1e-6`] = round(med(share['1e-6']!));
    out[`${backend}.channelShare1e-2`] = round(med(share['1e-2']!));
  }
  // The bare typed-array channel on 2^20 random words (about 16 driven bits each): words per second at
  // 1e-6, 1e-2 and 1e-1 (skip-ahead sampler: a counting pass, in WebAssembly where available, plus a
  // geometric draw per failure);
  // best of three after a warm-up call.
  const n = 1 << 20;
  const prev = new Uint32Array(n);
  const next = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    prev[i] = Math.imul(i, 2654435761) >>> 0;
    next[i] = Math.imul(i + 7, 2246822519) >>> 0;
  }
  for (const r of [1e-6, 1e-2, 1e-1]) {
    const o = new Uint32Array(n);
    const cfg = { format: 'fp32', rate01: r, rate10: r, protectMask: 0, readBeforeWrite: true } as const;
    let best = Infinity;
    for (let k = 0; k < 4; k++) {
      const t0 = performance.now();
      writeWords(next, prev, cfg, tensorKey(1, 1, k), o, emptyStats());
      if (k > 0) best = Math.min(best, performance.now() - t0);
    }
    out[`channel.fp32.rate${r}.MwordsPerSecond`] = round(n / best / 1000);
  }
  if (process.env.BENCH_BROWSER === '1') Object.assign(out, await browserBench());
  else out.browser = 'skipped (set BENCH_BROWSER=1 for webgpu/webgl/wasm/cpu in headless chromium)';
  return out;
}

/**
 * webgpu, webgl, wasm and cpu in headless chromium (Debian chromium, --enable-unsafe-webgpu): serves
 * bench/training-browser/ with vite dev and reads the page's result. On a machine without a GPU,
 * webgl and webgpu run in SwiftShader (software); on a GPU machine these are the real figures.
 */
async function browserBench(): Promise<Record<string, number | string>> {
  const { spawn } = await import('node:child_process');
  const { chromium } = await import('@playwright/test');
  const port = 5197;
  const vite = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    {
      stdio: 'ignore',
    },
  );
  try {
    await new Promise((r) => setTimeout(r, 4000));
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--enable-unsafe-webgpu',
        '--enable-unsafe-swiftshader',
        ...(process.env.CHROMIUM_EXTRA_FLAGS ?? '').split(' ').filter(Boolean),
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/bench/training-browser/index.html`);
      const handle = await page.waitForFunction(
        () => (globalThis as unknown as { __benchResult?: unknown }).__benchResult,
        null,
        { timeout: 540_000 },
      );
      const res = (await handle.jsonValue()) as Record<string, number | string>;
      return Object.fromEntries(Object.entries(res).map(([k, v]) => [`browser.${k}`, v]));
    } finally {
      await browser.close();
    }
  } finally {
    vite.kill();
  }
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
