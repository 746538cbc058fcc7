/**
 * Browser half of bench/training.bench.ts (BENCH_BROWSER=1): steps per second of the digits MLP per
 * tfjs backend, clean vs the write-error channel (GPU kernels on webgl/webgpu, typed arrays on
 * wasm/cpu), plus a check of the GPU kernels' flip rates against the requested ones. Served by vite dev,
 * driven by headless chromium; the result lands in globalThis.__benchResult.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { TrainRequest, TrainResult } from '../../src/training/index.ts';
import {
  fetchDataset,
  gpuChannel,
  protectMask,
  registerGpuKernels,
  tensorKey,
  train,
  validateTrainRequest,
} from '../../src/training/index.ts';

const g = globalThis as unknown as {
  location: { origin: string };
  __benchResult?: unknown;
  navigator: { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } };
};
registerGpuKernels();
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths(`${g.location.origin}/tfjs-wasm/`);
const out: Record<string, number | string> = {};
try {
  const adapter = await g.navigator.gpu?.requestAdapter();
  out['webgpu.adapter'] = adapter ? JSON.stringify(adapter.info ?? {}) : 'none';
} catch (e) {
  out['webgpu.adapter'] = `error: ${String(e)}`;
}
const data = await fetchDataset('digits', `${g.location.origin}/`);
const ch = (r: number) => ({ rate01: r, rate10: r, protect: [] });
const STEPS = 150;
for (const b of ['webgpu', 'webgl', 'wasm', 'cpu']) {
  try {
    const ok = await Promise.race([tf.setBackend(b), new Promise<boolean>((r) => setTimeout(() => r(false), 10000))]);
    if (!ok) {
      out[`${b}.error`] = 'backend did not initialise';
      continue;
    }
    const sps = async (rate: number) =>
      (
        await train(
          validateTrainRequest({
            dataset: 'digits',
            model: 'mlp',
            epochs: 10,
            maxSteps: STEPS,
            classes: { activations: ch(rate), weights: ch(rate), errors: ch(rate) },
          }),
          data,
        )
      ).stepsPerSecond;
    await sps(0);
    const clean = Math.max(await sps(0), await sps(0));
    const on = Math.max(await sps(1e-6), await sps(1e-6));
    out[`${b}.clean.stepsPerSecond`] = Number(clean.toPrecision(4));
    out[`${b}.channel1e-6.stepsPerSecond`] = Number(on.toPrecision(4));
    out[`${b}.overhead1e-6`] = Number((clean / on - 1).toPrecision(3));
    if (b === 'webgl' || b === 'webgpu') {
      // kernel flip rates on 2^16 random floats (requested 0->1 5e-2, 1->0 1.5e-1)
      const n = 1 << 16;
      const pv = new Float32Array(n);
      const nv = new Float32Array(n);
      let s = 12345;
      const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
      for (let i = 0; i < n; i++) {
        pv[i] = (rnd() - 0.5) * 8;
        nv[i] = (rnd() - 0.5) * 8;
      }
      const cfg = {
        format: 'fp32',
        rate01: 0.05,
        rate10: 0.15,
        protectMask: protectMask('fp32', []),
        readBeforeWrite: true,
      } as const;
      const { stored, counts } = gpuChannel.write(tf.tensor1d(nv), tf.tensor1d(pv), cfg, tensorKey(1, 1, 1));
      const sb = new Uint32Array(((await stored.data()) as Float32Array).slice().buffer);
      const pb = new Uint32Array(pv.buffer);
      const nb = new Uint32Array(nv.buffer);
      let d01 = 0,
        d10 = 0,
        f01 = 0,
        f10 = 0,
        outside = 0;
      for (let i = 0; i < n; i++) {
        const fail = (sb[i]! ^ nb[i]!) >>> 0;
        if ((fail & ~(pb[i]! ^ nb[i]!)) >>> 0) outside++;
        for (let k = 0; k < 32; k++) {
          const m = (1 << k) >>> 0;
          if (~pb[i]! & nb[i]! & m) {
            d01++;
            if (fail & m) f01++;
          } else if (pb[i]! & ~nb[i]! & m) {
            d10++;
            if (fail & m) f10++;
          }
        }
      }
      out[`${b}.kernel.rate01(5e-2)`] = Number((f01 / d01).toPrecision(4));
      out[`${b}.kernel.rate10(1.5e-1)`] = Number((f10 / d10).toPrecision(4));
      out[`${b}.kernel.failuresOnUnchangedBits`] = outside;
      const counted = (await tf.sum(counts).data())[0]!;
      out[`${b}.kernel.countedBits`] = counted;
      out[`${b}.kernel.recountedBits`] = f01 + f10;
    }
  } catch (e) {
    out[`${b}.error`] = String(e).slice(0, 300);
  }
}
// The comlink worker adapter end to end: backend selection, fetch of the dataset, streamed progress.
try {
  const Comlink = await import('comlink');
  // (this file is type-checked with Node's libs, which have no DOM Worker constructor)
  const WorkerCtor = (
    globalThis as unknown as {
      Worker: new (u: URL, o: { type: 'module' }) => Parameters<typeof Comlink.wrap>[0] & { terminate(): void };
    }
  ).Worker;
  const worker = new WorkerCtor(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module' });
  // A structural copy of the methods used (the worker module itself is checked by tsconfig.worker.json).
  interface Api {
    selectBackend(): Promise<{ backend: string; warmupMs: Record<string, number> }>;
    train(r: TrainRequest, onProgress?: unknown): Promise<TrainResult>;
    availableDatasets(): Promise<Record<string, boolean>>;
  }
  const api = Comlink.wrap<Api>(worker);
  const choice = await api.selectBackend();
  out['worker.backend'] = choice.backend;
  out['worker.warmupMs'] = JSON.stringify(choice.warmupMs);
  let events = 0;
  const req = validateTrainRequest({
    dataset: 'digits',
    model: 'mlp',
    epochs: 5,
    classes: { activations: ch(1e-4), weights: ch(1e-4), errors: ch(1e-4) },
  });
  const r = await api.train(
    req,
    Comlink.proxy(() => void events++),
  );
  out['worker.testAccuracy'] = r.testAccuracy;
  out['worker.progressEvents'] = events;
  out['worker.stepsPerSecond'] = Number(r.stepsPerSecond.toPrecision(4));
  out['worker.corruptedBits'] = JSON.stringify(r.corruptedBits);
  const t0 = performance.now();
  const again = await api.train(req);
  out['worker.cachedRepeatMs'] = Number((performance.now() - t0).toPrecision(3));
  out['worker.cached'] = String(again.cached === true);
  out['worker.datasets'] = JSON.stringify(await api.availableDatasets());
  worker.terminate();
} catch (e) {
  out['worker.error'] = String(e).slice(0, 300);
}
g.__benchResult = out;
