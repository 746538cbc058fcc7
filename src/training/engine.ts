/**
 * The training loop: explicit forward, backward and update on the active tfjs backend, with every
 * stored tensor written through the write-error channel (store.ts). Streams progress, stops cleanly on
 * a non-finite loss ("diverged") or when asked to, and reports bits corrupted per class.
 */
import * as tf from '@tensorflow/tfjs';
import { FieldError } from '../models/errors.ts';
import { createRng } from '../models/rng.ts';
import type { WriteStats } from './channel.ts';
import { type Dataset, limitDataset, permutation, testSize, trainSize } from './data.ts';
import {
  applyUpdate,
  backendSupports,
  buildModel,
  createOptimizer,
  disposeOptimizer,
  forwardBackward,
  initParams,
  type LayerSpec,
  paramCount,
  predictLogits,
  storeInitialParams,
} from './model.ts';
import { type TrainRequest, requestKey, validateTrainRequest } from './request.ts';
import { type PerClass, TensorStore, perClass } from './store.ts';

export interface TrainProgress {
  step: number;
  epoch: number;
  /** Loss of the last batch. */
  loss: number;
  /** Running training accuracy of the current epoch (fraction). */
  trainAccuracy?: number;
  /** Test accuracy, present at the end of each epoch (fraction). */
  testAccuracy?: number;
  corruptedBits: PerClass<number>;
  stepsPerSecond: number;
  backend: string;
  /** Estimated seconds left. */
  etaS?: number;
  /** The whole run's estimated duration from the warm-up (on the step-0 event of a run with `estimate`). */
  estimatedSeconds?: number;
}

export interface HistoryPoint {
  step: number;
  epoch: number;
  loss: number;
  trainAccuracy?: number;
  testAccuracy?: number;
}

export interface TrainResult {
  status: 'ok' | 'diverged' | 'cancelled';
  /** Step at which the loss became non-finite. */
  divergedAtStep?: number;
  /** Final test accuracy (fraction in [0, 1]). */
  testAccuracy: number;
  /** Last finite training loss. */
  finalLoss: number;
  steps: number;
  epochsCompleted: number;
  history: HistoryPoint[];
  /** Bits that failed to switch, per tensor class. */
  corruptedBits: PerClass<number>;
  /** Detailed typed-array channel counts (directions, driven bits), per class. */
  bitStats: PerClass<WriteStats>;
  backend: string;
  /** Set when the requested backend could not train this model and another one ran it. */
  backendFallbackFrom?: string;
  /** Which implementation ran the channel ("typed-array" or "gpu-kernel:<backend>"). */
  channelImpl: string;
  stepsPerSecond: number;
  trainMs: number;
  /** Part of trainMs spent in the typed-array channel (0 when it ran as GPU kernels or was bypassed). */
  channelMs: number;
  paramCount: number;
  trainSamples: number;
  testSamples: number;
  dataset: string;
  datasetSource: string;
  request: TrainRequest;
  /** True when served from a ResultCache. */
  cached?: boolean;
  /** The duration estimated from the warm-up before the run (runs with `estimate`), s. */
  estimatedSeconds?: number;
}

export interface TrainOptions {
  onProgress?: (p: TrainProgress) => void;
  shouldStop?: () => boolean | Promise<boolean>;
  /** Emit a progress event every this many steps (the end of each epoch always reports). Default 10. */
  progressEvery?: number;
  /** Backends to try, in order, when the active one cannot train the model. Default webgl, cpu. */
  fallbackBackends?: string[];
  /** Force the typed-array channel on GPU backends. */
  forceCpuChannel?: boolean;
  /** Force the copying typed-array channel on wasm (tests). */
  forceCopyChannel?: boolean;
  /** Batch size of the test-set evaluation. Default 500. */
  evalBatch?: number;
  /**
   * Estimate the duration first (estimateRun: a few warm-up steps) and report it as a step-0 progress
   * event with `estimatedSeconds` before training starts (the UI warns over LONG_RUN_S).
   */
  estimate?: boolean;
}

/**
 * Fraction of correct predictions of the current parameters on (x, y). A sample whose logits are not
 * all finite (a diverged, NaN model) has no prediction: it is scored at chance, 1 / numClasses, the
 * expected score of a uniform guess, so a NaN model scores exactly chance whatever argMax does with NaN.
 */
export async function evaluate(
  layers: LayerSpec[],
  params: Map<string, tf.Tensor>,
  d: Pick<Dataset, 'inputShape' | 'numClasses'>,
  x: Float32Array,
  y: Uint8Array,
  batch: number,
): Promise<number> {
  const [h, w, c] = d.inputShape;
  const per = h * w * c;
  const n = y.length;
  const chance = 1 / d.numClasses;
  let correct = 0;
  for (let s = 0; s < n; s += batch) {
    const e = Math.min(n, s + batch);
    const [pred, finite] = tf.tidy(() => {
      const xb = tf.tensor4d(x.subarray(s * per, e * per), [e - s, h, w, c]);
      const logits = predictLogits(layers, params, xb);
      return [tf.argMax(logits, 1), tf.cast(tf.all(tf.isFinite(logits), 1), 'int32')];
    });
    // async reads: webgpu warns on (and may fail with) dataSync
    const [p, f] = await Promise.all([pred.data(), finite.data()]);
    pred.dispose();
    finite.dispose();
    for (let i = 0; i < p.length; i++) {
      if (f[i] !== 1) correct += chance;
      else if (p[i] === y[s + i]) correct++;
    }
  }
  return n ? correct / n : 0;
}

async function ensureBackend(layers: ReturnType<typeof buildModel>, fallbacks: string[]): Promise<string | undefined> {
  const current = tf.getBackend();
  if (backendSupports(layers, current)) return undefined;
  for (const b of fallbacks) {
    if (b === current || !tf.findBackendFactory(b)) continue;
    let ok: boolean;
    try {
      ok = await withTimeout(tf.setBackend(b), 10_000, `setBackend(${b})`);
    } catch {
      ok = false;
    }
    if (ok && backendSupports(layers, tf.getBackend())) return current;
  }
  throw new FieldError(
    'backend',
    current,
    `a backend with the kernels this model needs (tried ${fallbacks.join(', ')})`,
  );
}

/** Run one training job on the active backend. */
export async function train(reqIn: TrainRequest, dataIn: Dataset, opts: TrainOptions = {}): Promise<TrainResult> {
  const req = validateTrainRequest(reqIn);
  if (dataIn.name !== req.dataset)
    throw new FieldError('dataset', dataIn.name, `the requested dataset "${req.dataset}"`);
  let estimatedSeconds: number | undefined;
  if (opts.estimate) {
    const est = await estimateRun(
      req,
      dataIn,
      opts.fallbackBackends ? { fallbackBackends: opts.fallbackBackends } : {},
    );
    estimatedSeconds = est.estimatedSeconds;
    opts.onProgress?.({
      step: 0,
      epoch: 0,
      loss: NaN,
      corruptedBits: perClass(() => 0),
      stepsPerSecond: est.stepMs > 0 ? 1000 / est.stepMs : 0,
      backend: est.backend,
      etaS: est.estimatedSeconds,
      estimatedSeconds: est.estimatedSeconds,
    });
  }
  const data = limitDataset(dataIn, req.maxTrainSamples, req.maxTestSamples);
  const layers = buildModel(req.model, data.inputShape, data.numClasses);
  await tf.ready();
  const fallbackFrom = await ensureBackend(layers, opts.fallbackBackends ?? ['webgl', 'cpu']);
  const backend = tf.getBackend();
  const [h, w, c] = data.inputShape;
  const nTrain = trainSize(data);
  const batch = Math.min(req.batchSize, nTrain);
  const stepsPerEpoch = Math.floor(nTrain / batch); // the last partial batch is dropped (fixed shapes)
  const totalSteps = Math.min(stepsPerEpoch * req.epochs, req.maxSteps ?? Infinity);
  const progressEvery = Math.max(1, opts.progressEvery ?? 10);
  const evalBatch = opts.evalBatch ?? 500;

  const rngInit = createRng(req.seed, 1);
  const rngShuffle = createRng(req.seed, 2);
  const store = new TensorStore({
    seed: req.seed,
    format: req.format,
    readBeforeWrite: req.readBeforeWrite,
    classes: req.classes,
    forceCpuChannel: opts.forceCpuChannel ?? false,
    forceCopyChannel: opts.forceCopyChannel ?? false,
  });
  const params = initParams(layers, rngInit);
  const nParams = paramCount(params);
  storeInitialParams(params, store);
  const opt = createOptimizer(req.optimizer, req.learningRate);
  const xAll = tf.tensor4d(data.trainX, [nTrain, h, w, c]);
  const yAll = tf.tidy(() => tf.oneHot(tf.tensor1d(data.trainY, 'int32'), data.numClasses).toFloat() as tf.Tensor2D);

  const history: HistoryPoint[] = [];
  let status: TrainResult['status'] = 'ok';
  let divergedAtStep: number | undefined;
  let step = 0;
  let epochsCompleted = 0;
  let lastLoss = NaN;
  let trainMs = 0;
  let testAccuracy = 0;
  const sps = () => (trainMs > 0 ? (step / trainMs) * 1000 : 0);

  try {
    outer: for (let epoch = 1; epoch <= req.epochs && step < totalSteps; epoch++) {
      const perm = permutation(nTrain, rngShuffle);
      let epochCorrect = 0;
      let epochSeen = 0;
      for (let b = 0; b < stepsPerEpoch && step < totalSteps; b++) {
        if (opts.shouldStop && (await opts.shouldStop())) {
          status = 'cancelled';
          break outer;
        }
        const t0 = performance.now();
        step++;
        const idx = tf.tensor1d(perm.slice(b * batch, (b + 1) * batch), 'int32');
        const out = tf.tidy(() => {
          const xb = tf.gather(xAll, idx) as tf.Tensor4D;
          const yb = tf.gather(yAll, idx) as tf.Tensor2D;
          const r = forwardBackward(layers, params, store, step, xb, yb);
          // tidy keeps tensors of plain objects only (not of a Map).
          return {
            loss: r.loss,
            correct: r.correct,
            grads: Object.fromEntries(r.grads),
            stats: Object.fromEntries(r.stats),
          };
        });
        const grads = new Map(Object.entries(out.grads));
        // batch norm's running statistics of this step replace the old ones
        for (const [name, t] of Object.entries(out.stats)) {
          params.get(name)?.dispose();
          params.set(name, t);
        }
        idx.dispose();
        const [lossArr, corrArr] = await Promise.all([out.loss.data(), out.correct.data()]);
        const loss = lossArr[0]!;
        out.loss.dispose();
        out.correct.dispose();
        if (!Number.isFinite(loss)) {
          // The diverging step's update is applied like any other (with non-finite gradients it
          // leaves a NaN model), so the reported accuracy is the model as it stands at the end,
          // never the weights from before the divergence.
          applyUpdate(params, grads, opt, store, step);
          trainMs += performance.now() - t0;
          status = 'diverged';
          divergedAtStep = step;
          history.push({ step, epoch, loss });
          break outer;
        }
        applyUpdate(params, grads, opt, store, step);
        trainMs += performance.now() - t0;
        lastLoss = loss;
        epochCorrect += corrArr[0]!;
        epochSeen += batch;
        const endOfEpoch = b === stepsPerEpoch - 1 || step === totalSteps;
        const point: HistoryPoint = { step, epoch, loss, trainAccuracy: epochCorrect / epochSeen };
        if (endOfEpoch) {
          point.testAccuracy = await evaluate(layers, params, data, data.testX, data.testY, evalBatch);
          testAccuracy = point.testAccuracy;
          if (b === stepsPerEpoch - 1) epochsCompleted = epoch;
        }
        if (endOfEpoch || step % progressEvery === 0) {
          history.push(point);
          if (opts.onProgress) {
            const rate = sps();
            opts.onProgress({
              ...point,
              corruptedBits: await store.corruptedBits(),
              stepsPerSecond: rate,
              backend,
              ...(rate > 0 ? { etaS: (totalSteps - step) / rate } : {}),
            });
          }
        }
      }
    }
    if (status !== 'ok' || history.at(-1)?.testAccuracy === undefined) {
      testAccuracy = await evaluate(layers, params, data, data.testX, data.testY, evalBatch);
    }
    const corruptedBits = await store.corruptedBits();
    const result: TrainResult = {
      status,
      testAccuracy,
      finalLoss: lastLoss,
      steps: step,
      epochsCompleted,
      history,
      corruptedBits,
      bitStats: store.detail(),
      backend,
      channelImpl: store.channelImpl,
      stepsPerSecond: sps(),
      trainMs,
      channelMs: store.channelMs,
      paramCount: nParams,
      trainSamples: nTrain,
      testSamples: testSize(data),
      dataset: data.name,
      datasetSource: data.source,
      request: req,
    };
    if (divergedAtStep !== undefined) result.divergedAtStep = divergedAtStep;
    if (estimatedSeconds !== undefined) result.estimatedSeconds = estimatedSeconds;
    if (fallbackFrom !== undefined) result.backendFallbackFrom = fallbackFrom;
    return result;
  } finally {
    // A fallback (e.g. wasm -> cpu for a CNN) is undone so that later MLP runs get the chosen backend.
    if (fallbackFrom !== undefined)
      await withTimeout(tf.setBackend(fallbackFrom), 10_000, `setBackend(${fallbackFrom})`).catch(() => false);
    xAll.dispose();
    yAll.dispose();
    for (const p of params.values()) p.dispose();
    disposeOptimizer(opt);
    store.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Duration estimate.

export interface RunEstimate {
  /** Estimated wall time of the whole run on this backend, s (training steps plus evaluations). */
  estimatedSeconds: number;
  /** Measured time of one training step (channel included), ms. */
  stepMs: number;
  /** Measured time of evaluating one test sample, ms. */
  evalMsPerSample: number;
  totalSteps: number;
  /** Test-set evaluations the run makes (one per epoch). */
  evaluations: number;
  backend: string;
}

/** Runs at or above this many estimated seconds get a warning before they start (CLI and UI). */
export const LONG_RUN_S = 60;

/**
 * Estimate a run's duration on the active backend from a warm-up: a few real training steps of the
 * request's model, batch and channel (the first untimed: kernel compilation), and one timed test batch.
 * Costs about three steps. Nothing of the run is kept.
 */
export async function estimateRun(
  reqIn: TrainRequest,
  dataIn: Dataset,
  opts: { timedSteps?: number; evalBatch?: number; fallbackBackends?: string[] } = {},
): Promise<RunEstimate> {
  const req = validateTrainRequest(reqIn);
  const data = limitDataset(dataIn, req.maxTrainSamples, req.maxTestSamples);
  const layers = buildModel(req.model, data.inputShape, data.numClasses);
  await tf.ready();
  const fallbackFrom = await ensureBackend(layers, opts.fallbackBackends ?? ['webgl', 'cpu']);
  const backend = tf.getBackend();
  const [h, w, c] = data.inputShape;
  const per = h * w * c;
  const nTrain = trainSize(data);
  const nTest = testSize(data);
  const batch = Math.min(req.batchSize, nTrain);
  const stepsPerEpoch = Math.floor(nTrain / batch);
  const totalSteps = Math.min(stepsPerEpoch * req.epochs, req.maxSteps ?? Infinity);
  const evaluations = Math.min(req.epochs, Math.ceil(totalSteps / Math.max(1, stepsPerEpoch)));
  const timed = Math.max(1, opts.timedSteps ?? 2);
  const store = new TensorStore({
    seed: req.seed,
    format: req.format,
    readBeforeWrite: req.readBeforeWrite,
    classes: req.classes,
  });
  const params = initParams(layers, createRng(req.seed, 1));
  storeInitialParams(params, store);
  const opt = createOptimizer(req.optimizer, req.learningRate);
  const xb = tf.tensor4d(data.trainX.subarray(0, batch * per), [batch, h, w, c]);
  const yb = tf.tidy(
    () => tf.oneHot(tf.tensor1d(data.trainY.subarray(0, batch), 'int32'), data.numClasses).toFloat() as tf.Tensor2D,
  );
  try {
    let stepMs = 0;
    for (let s = 1; s <= timed + 1; s++) {
      const t0 = performance.now();
      const out = tf.tidy(() => {
        const r = forwardBackward(layers, params, store, s, xb, yb);
        return {
          loss: r.loss,
          correct: r.correct,
          grads: Object.fromEntries(r.grads),
          stats: Object.fromEntries(r.stats),
        };
      });
      for (const [name, t] of Object.entries(out.stats)) {
        params.get(name)?.dispose();
        params.set(name, t);
      }
      await out.loss.data();
      out.loss.dispose();
      out.correct.dispose();
      applyUpdate(params, new Map(Object.entries(out.grads)), opt, store, s);
      if (s > 1) stepMs += performance.now() - t0;
    }
    stepMs /= timed;
    const nEval = Math.max(1, Math.min(opts.evalBatch ?? 500, nTest));
    const evalOnce = async () => {
      const t0 = performance.now();
      await evaluate(layers, params, data, data.testX.subarray(0, nEval * per), data.testY.subarray(0, nEval), nEval);
      return performance.now() - t0;
    };
    await evalOnce();
    const evalMsPerSample = (await evalOnce()) / nEval;
    const estimatedSeconds = (totalSteps * stepMs + evaluations * nTest * evalMsPerSample) / 1000;
    return { estimatedSeconds, stepMs, evalMsPerSample, totalSteps, evaluations, backend };
  } finally {
    if (fallbackFrom !== undefined)
      await withTimeout(tf.setBackend(fallbackFrom), 10_000, `setBackend(${fallbackFrom})`).catch(() => false);
    xb.dispose();
    yb.dispose();
    for (const p of params.values()) p.dispose();
    disposeOptimizer(opt);
    store.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Backend selection.

/** Reject after `ms` milliseconds (tf.setBackend can hang, e.g. threaded wasm). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export interface BackendChoice {
  /** The backend now active. */
  backend: string;
  /** Warm-up time per backend that initialised (ms; lower is better). */
  warmupMs: Record<string, number>;
  /** Why each other candidate was rejected. */
  errors: Record<string, string>;
}

/** A short training-like warm-up: a few dense forward/backward matmuls, read back once. */
async function warmup(): Promise<number> {
  const run = () =>
    tf.tidy(() => {
      const x = tf.ones([64, 128]);
      const wgt = tf.fill([128, 64], 0.01);
      let s: tf.Tensor = tf.zeros([128, 64]);
      for (let i = 0; i < 4; i++) {
        const y = tf.relu(tf.matMul(x, wgt)); // forward [64, 64]
        s = tf.add(s, tf.matMul(x, y, true, false)); // weight-gradient-like [128, 64]
      }
      return tf.sum(s);
    });
  const first = run();
  await first.data();
  first.dispose();
  const t0 = performance.now();
  const r = run();
  await r.data();
  r.dispose();
  return performance.now() - t0;
}

/**
 * Try each candidate backend (setBackend under a timeout, then a measured warm-up) and activate the
 * fastest one that works. Candidates that are not registered are reported in `errors`.
 */
export async function selectBackend(candidates: string[], opts: { timeoutMs?: number } = {}): Promise<BackendChoice> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const warmupMs: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const b of candidates) {
    if (!tf.findBackendFactory(b)) {
      errors[b] = 'not registered';
      continue;
    }
    try {
      const ok = await withTimeout(tf.setBackend(b), timeoutMs, `setBackend(${b})`);
      if (!ok || tf.getBackend() !== b) {
        errors[b] = 'setBackend returned false';
        continue;
      }
      warmupMs[b] = await withTimeout(warmup(), timeoutMs, `warm-up on ${b}`);
    } catch (e) {
      errors[b] = (e as Error).message;
    }
  }
  const ranked = Object.entries(warmupMs).sort((a, b) => a[1] - b[1]);
  if (ranked.length === 0)
    throw new FieldError(
      'backend',
      candidates.join(','),
      'at least one backend that initialises',
      JSON.stringify(errors),
    );
  const best = ranked[0]![0];
  if (tf.getBackend() !== best) await withTimeout(tf.setBackend(best), timeoutMs, `setBackend(${best})`);
  return { backend: best, warmupMs, errors };
}

// ---------------------------------------------------------------------------------------------
// Result cache.

/** In-memory cache of results by request (and backend): revisiting a configuration is instant. */
export class ResultCache {
  private readonly map = new Map<string, TrainResult>();
  constructor(private readonly maxEntries = 200) {}
  key(req: TrainRequest, backend: string): string {
    return `${backend}|${requestKey(validateTrainRequest(req))}`;
  }
  get(req: TrainRequest, backend: string): TrainResult | undefined {
    const r = this.map.get(this.key(req, backend));
    return r ? { ...r, cached: true } : undefined;
  }
  set(req: TrainRequest, backend: string, r: TrainResult): void {
    if (r.status === 'cancelled') return;
    if (this.map.size >= this.maxEntries) this.map.delete(this.map.keys().next().value!);
    this.map.set(this.key(req, backend), r);
  }
  get size(): number {
    return this.map.size;
  }
}

/** train() through a cache. */
export async function trainCached(
  cache: ResultCache,
  req: TrainRequest,
  data: Dataset,
  opts: TrainOptions = {},
): Promise<TrainResult> {
  const hit = cache.get(req, tf.getBackend());
  if (hit) return hit;
  const r = await train(req, data, opts);
  cache.set(req, r.backend, r);
  if (r.backendFallbackFrom) cache.set(req, r.backendFallbackFrom, r);
  return r;
}
