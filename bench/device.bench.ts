/**
 * Device layer benchmark: closed-form evaluations per second (full evaluateWrite, and the bare blended WER),
 * Fokker-Planck solve and chart-surface times, and sLLG Monte Carlo trajectory-steps per second on the CPU
 * engine in Node, on one thread and on every core (worker threads).
 *
 * WebGPU: Node has no adapter. With DEVICE_BENCH_WEBGPU=1 the WebGPU runner (src/gpu/sllg-webgpu.ts) is bundled
 * and run in headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium, with --enable-unsafe-webgpu); the
 * adapter is reported, and a software adapter (SwiftShader) is labelled as such: its figure is no GPU figure.
 * DEVICE_BENCH_WEBGPU_TRAJECTORIES sets the GPU run size (default 16384).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  blendedWer,
  clearFokkerPlanckCache,
  defaultDeviceParams,
  evaluateWrite,
  runSllg,
  sllgSetup,
  solveFokkerPlanck,
} from '../src/models/device/index.ts';
import { defaultConfig } from '../src/schema/schema.ts';
import { evaluateDeviceSection } from '../src/evaluate/analytic.ts';
import { defaultWorkers, runSllgPool } from '../src/cli/mc/pool.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Fokker-Planck figures: one cold solve (all pulse widths at one voltage), and the device section the chart
 * draws (relaxed and nominal writes, WER curves at up to four voltages, both directions, and the closed form),
 * cold (solve cache emptied) and warm (a repeated configuration).
 */
function fpBench(): Record<string, number | string> {
  const solveMs: number[] = [];
  for (let rep = 0; rep < 5; rep++)
    for (const i of [0.8, 1.2, 1.5, 2, 3]) {
      const t0 = performance.now();
      solveFokkerPlanck(60, i + rep * 1e-9);
      solveMs.push(performance.now() - t0);
    }
  const c = defaultConfig();
  const cold: number[] = [];
  const warm: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    clearFokkerPlanckCache();
    let t0 = performance.now();
    evaluateDeviceSection(c);
    cold.push(performance.now() - t0);
    t0 = performance.now();
    evaluateDeviceSection(c);
    warm.push(performance.now() - t0);
  }
  return {
    fpSolveMedianMs: Number(median(solveMs).toFixed(3)),
    fpSolveMaxMs: Number(Math.max(...solveMs).toFixed(3)),
    fpChartSurfaceColdMs: Number(median(cold).toFixed(2)),
    fpChartSurfaceWarmMs: Number(median(warm).toFixed(3)),
    fpSurfaceNote: 'default configuration: 4 voltages x 31 pulses x 2 directions, plus relaxed and nominal points',
  };
}

/** sLLG trajectory-steps per second on one thread and on every core (worker threads, start-up included). */
async function poolBench(): Promise<Record<string, number | string>> {
  const setup = sllgSetup(defaultDeviceParams, 0.8, 5e-9, 'pToAp', { trajectories: 3000, seed: 1 });
  let t0 = performance.now();
  const one = await runSllgPool(setup, 1);
  const oneS = (performance.now() - t0) / 1000;
  const workers = defaultWorkers();
  t0 = performance.now();
  const all = await runSllgPool(setup, workers);
  const allS = (performance.now() - t0) / 1000;
  return {
    sllgOneCoreTrajectoryStepsPerS: Math.round(one.stepsSimulated / oneS),
    sllgAllCoresTrajectoryStepsPerS: Math.round(all.stepsSimulated / allS),
    sllgAllCoresWorkers: workers,
    sllgAllCoresSameResult: String(all.failures === one.failures && all.stepsSimulated === one.stepsSimulated),
  };
}

export const name = 'device';

function timeLoop(minMs: number, body: (n: number) => void): number {
  let n = 1000;
  for (;;) {
    const t0 = performance.now();
    body(n);
    const ms = performance.now() - t0;
    if (ms >= minMs) return (n / ms) * 1000;
    n *= Math.max(2, Math.ceil(minMs / Math.max(ms, 1)));
  }
}

type GpuBenchOut = {
  probe: { ok: boolean; reason?: string; adapter?: Record<string, string> };
  wer?: number;
  stepsSimulated?: number;
  seconds?: number;
  cpuCheckSameSeed?: { gpuFailures: number; cpuFailures: number; trajectories: number };
};

/** Run the WebGPU engine in headless Chromium; returns figures or a reason. */
async function webGpuBench(): Promise<Record<string, number | string>> {
  const { build } = await import('esbuild');
  const { chromium } = await import('@playwright/test');
  const root = new URL('..', import.meta.url).pathname;
  const bundle = await build({
    stdin: {
      contents:
        "import { runSllgWebGpu, probeWebGpu } from './src/gpu/sllg-webgpu.ts';\n" +
        "import { defaultDeviceParams } from './src/models/device/index.ts';\n" +
        '(globalThis as Record<string, unknown>).__sllg = { runSllgWebGpu, probeWebGpu, defaultDeviceParams };\n',
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'es2022',
  });
  const js = bundle.outputFiles[0]!.text;
  const server = createServer((req, res) => {
    if (req.url === '/b.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(js);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><script src="/b.js"></script>');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--enable-unsafe-webgpu',
      '--enable-unsafe-swiftshader',
      '--enable-features=Vulkan',
    ],
  });
  const n = Number(process.env.DEVICE_BENCH_WEBGPU_TRAJECTORIES ?? 16384);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const out = (await page.evaluate(async (trajectories: number) => {
      type G = {
        probeWebGpu(): Promise<{ ok: boolean; reason?: string; adapter?: Record<string, string> }>;
        runSllgWebGpu(...a: unknown[]): Promise<{ wer: number; stepsSimulated: number; failures: number }>;
        defaultDeviceParams: unknown;
      };
      const g = (globalThis as unknown as { __sllg: G }).__sllg;
      const probe = await g.probeWebGpu();
      if (!probe.ok) return { probe };
      // warm-up (pipeline compile), then the timed run
      await g.runSllgWebGpu(g.defaultDeviceParams, 0.8, 5e-9, 'pToAp', { trajectories: 256, seed: 1 });
      const t0 = performance.now();
      const r = await g.runSllgWebGpu(g.defaultDeviceParams, 0.8, 5e-9, 'pToAp', { trajectories, seed: 1 });
      const seconds = (performance.now() - t0) / 1000;
      const small = await g.runSllgWebGpu(g.defaultDeviceParams, 0.8, 5e-9, 'pToAp', { trajectories: 400, seed: 1 });
      return {
        probe,
        wer: r.wer,
        stepsSimulated: r.stepsSimulated,
        seconds,
        cpuCheckSameSeed: { gpuFailures: small.failures, cpuFailures: -1, trajectories: 400 },
      };
    }, n)) as GpuBenchOut;
    if (!out.probe.ok) return { sllgWebGpu: `no adapter in Chromium: ${out.probe.reason ?? ''}` };
    const a = out.probe.adapter ?? {};
    const adapter = `${a.vendor ?? '?'} / ${a.architecture ?? '?'} / ${a.device ?? ''} ${a.description ?? ''}`.trim();
    const software = /swiftshader|llvmpipe|software|lavapipe/i.test(adapter);
    const cpu = runSllg(defaultDeviceParams, 0.8, 5e-9, 'pToAp', { trajectories: 400, seed: 1 });
    return {
      sllgWebGpuAdapter: adapter + (software ? ' (SOFTWARE adapter: not a GPU figure)' : ''),
      sllgWebGpuTrajectoryStepsPerS: Math.round(out.stepsSimulated! / out.seconds!),
      sllgWebGpuTrajectories: n,
      sllgWebGpuWer: out.wer!,
      sllgWebGpuVsCpuFailuresSameSeed400: `${out.cpuCheckSameSeed!.gpuFailures} (GPU) vs ${cpu.failures} (CPU)`,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const p = defaultDeviceParams;
  let sink = 0;
  const evalPerS = timeLoop(500, (n) => {
    for (let k = 0; k < n; k++)
      sink += evaluateWrite({ ...p, werModel: 'closed-form' }, 0.5 + (k % 64) * 0.01, 1e-9 + (k % 97) * 1e-10).wer
        .pToAp;
  });
  const werPerS = timeLoop(500, (n) => {
    for (let k = 0; k < n; k++)
      sink += blendedWer(60, 0.5 + (k % 200) * 0.01, 1e-9 + (k % 97) * 1e-10, 0.9337e-9, 1e-9, 10);
  });
  const t0 = performance.now();
  const mc = runSllg(p, 0.8, 5e-9, 'pToAp', { trajectories: 400, seed: 1 });
  const mcS = (performance.now() - t0) / 1000;
  const out: Record<string, number | string> = {
    closedFormEvaluateWritePerS: Math.round(evalPerS),
    closedFormBlendedWerPerS: Math.round(werPerS),
    closedFormChecksum: sink,
    sllgCpuTrajectoryStepsPerS: Math.round(mc.stepsSimulated / mcS),
    sllgCpuTrajectoriesPerS: Math.round(mc.trajectories / mcS),
    sllgCpuPoint: `0.8 V, 5 ns, P->AP, ${mc.trajectories} trajectories, ${mc.stepsPerTrajectory} steps/pulse, dt ${mc.dtS.toExponential(2)} s`,
    ...fpBench(),
    ...(await poolBench()),
  };
  if (process.env.DEVICE_BENCH_WEBGPU) {
    try {
      Object.assign(out, await webGpuBench());
    } catch (e) {
      out.sllgWebGpu = `failed: ${(e as Error).message.split('\n')[0]}`;
    }
  } else {
    out.sllgWebGpu = 'not measured: Node has no WebGPU adapter (DEVICE_BENCH_WEBGPU=1 runs it in headless Chromium)';
  }
  return out;
}
