/**
 * The training worker's API as plain functions over src/training (like model-api.ts for the model worker):
 * train.worker.ts only sets up the browser environment (WebGPU backend, asset folder) and exposes it, and
 * Node tests call it directly. Abort: terminate the worker, or pass `stopFlag` (an Int32Array on a
 * SharedArrayBuffer; set [0] to 1) or a `shouldStop` proxy (polled every 10 steps).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import {
  type BackendChoice,
  type ClaimPoint,
  type ClaimResult,
  type ClaimSpec,
  claimStudy,
  type Dataset,
  type DatasetName,
  ResultCache,
  type StudyPoint,
  type StudyResult,
  type StudySpec,
  type TrainProgress,
  type TrainRequest,
  type TrainResult,
  fetchDataset,
  selectBackend,
  toleranceStudy,
  trainCached,
  validateTrainRequest,
} from '../src/training/index.ts';
import { trainRequestFor } from '../src/training/from-config.ts';
import type { ExplorerConfig } from '../src/schema/schema.ts';
import { evaluatePointAnalytic, trainOutputs, type SweepOutputs } from '../src/evaluate/sweep-points.ts';
import { deviceParamsFor, writePointsFor } from '../src/evaluate/adapter.ts';

/** Backends tried by default, fastest warm-up wins (wasm trains convolutions by im2col). */
export const DEFAULT_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface WorkerCallOptions {
  /** URL of the folder holding data/ and tfjs-wasm/ (default: derived from the worker's own URL). */
  assetBase?: string;
  /** Backends to try when none has been selected yet. */
  backends?: string[];
  /** Int32Array on a SharedArrayBuffer: set [0] to non-zero to stop. */
  stopFlag?: Int32Array;
  /** Polled every 10 steps (a comlink proxy). */
  shouldStop?: () => boolean | Promise<boolean>;
}

/** What the API needs from where it runs. */
export interface TrainApiEnv {
  /** URL of the folder holding data/ and tfjs-wasm/ when a call names none. */
  defaultAssetBase(): string;
  /** Loads a dataset (default: fetched from `data/` under the asset folder). */
  loadDataset?: (name: DatasetName, assetBase: string) => Promise<Dataset>;
  /** fetch, for the dataset probe (default: the global one). */
  fetch?: typeof fetch;
}

/**
 * One training API instance: its result cache, loaded datasets and backend choice live as long as it does
 * (in the browser, as long as the worker).
 */
export function createTrainApi(env: TrainApiEnv) {
  const cache = new ResultCache();
  const datasets = new Map<string, Promise<Dataset>>();
  let choice: Promise<BackendChoice> | undefined;
  let wasmConfigured = false;

  function configureWasm(assetBase: string): void {
    if (wasmConfigured) return;
    wasmConfigured = true;
    // Threaded wasm hangs in a minified build and gains nothing on 2 cores (toolchain.md section 3).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths(new URL('tfjs-wasm/', assetBase).href);
  }

  let pinned: string | undefined;

  function ensureBackend(opts: WorkerCallOptions): Promise<BackendChoice> {
    // A backend pinned by the configuration (backend= in the link) replaces the automatic choice.
    const want = opts.backends?.length === 1 ? opts.backends[0] : undefined;
    if (want !== pinned) {
      choice = undefined;
      pinned = want;
    }
    if (!choice) {
      configureWasm(opts.assetBase ?? env.defaultAssetBase());
      choice = selectBackend(opts.backends ?? DEFAULT_BACKENDS, { timeoutMs: 8000 });
      choice.catch(() => (choice = undefined));
    }
    return choice;
  }

  function loadDataset(name: DatasetName, assetBase: string): Promise<Dataset> {
    let p = datasets.get(name);
    if (!p) {
      p = env.loadDataset ? env.loadDataset(name, assetBase) : fetchDataset(name, assetBase);
      datasets.set(name, p);
      p.catch(() => datasets.delete(name));
    }
    return p;
  }

  function stopper(opts: WorkerCallOptions): (() => Promise<boolean>) | undefined {
    if (!opts.stopFlag && !opts.shouldStop) return undefined;
    let calls = 0;
    return async () => {
      if (opts.stopFlag && Atomics.load(opts.stopFlag, 0) !== 0) return true;
      if (opts.shouldStop && ++calls % 10 === 0) return Boolean(await opts.shouldStop());
      return false;
    };
  }

  const api = {
    /** Select (once) and report the backend: warm-up time per candidate and why others failed. */
    async selectBackend(
      candidates?: string[],
      opts: { timeoutMs?: number; assetBase?: string } = {},
    ): Promise<BackendChoice> {
      configureWasm(opts.assetBase ?? env.defaultAssetBase());
      choice = selectBackend(candidates ?? DEFAULT_BACKENDS, { timeoutMs: opts.timeoutMs ?? 8000 });
      return choice;
    },

    /** One training run; results are cached by configuration (and backend). */
    async train(
      req: TrainRequest,
      onProgress?: (p: TrainProgress) => void,
      opts: WorkerCallOptions = {},
    ): Promise<TrainResult> {
      const r = validateTrainRequest(req);
      await ensureBackend(opts);
      const data = await loadDataset(r.dataset, opts.assetBase ?? env.defaultAssetBase());
      const stop = stopper(opts);
      return trainCached(cache, r, data, {
        // a duration estimate from a warm-up first, reported before training (the panel warns over a minute)
        ...(onProgress ? { onProgress: (p: TrainProgress) => void onProgress(p), estimate: true } : {}),
        ...(stop ? { shouldStop: stop } : {}),
      });
    },

    /** Error-tolerance sweep (one class at a time, plus combinations); streams points. */
    async toleranceStudy(
      baseReq: TrainRequest,
      spec: StudySpec,
      onPoint?: (p: StudyPoint) => void,
      opts: WorkerCallOptions = {},
    ): Promise<StudyResult> {
      const r = validateTrainRequest(baseReq);
      await ensureBackend(opts);
      const data = await loadDataset(r.dataset, opts.assetBase ?? env.defaultAssetBase());
      const stop = stopper(opts);
      return toleranceStudy(r, spec, data, onPoint ? (p) => void onPoint(p) : undefined, {
        cache,
        ...(stop ? { shouldStop: stop } : {}),
      });
    },

    /** Which datasets this build serves (Fashion-MNIST only where it was installed at build time). */
    async availableDatasets(opts: { assetBase?: string } = {}): Promise<Record<DatasetName, boolean>> {
      const base = opts.assetBase ?? env.defaultAssetBase();
      const probe = async (f: string) => {
        try {
          const res = await (env.fetch ?? fetch)(new URL(`data/${f}`, base).href, { method: 'HEAD' });
          // dev servers answer unknown paths with index.html (SPA fallback): that is not the file
          return res.ok && !(res.headers.get('content-type') ?? '').includes('text/html');
        } catch {
          return false;
        }
      };
      const [digits, mnist, fashion] = await Promise.all([
        probe('digits.csv.gz'),
        probe('mnist-test-labels.u8'),
        probe('fashion-test-labels.u8'),
      ]);
      return { digits, mnist, fashion };
    },

    /** Train an explorer configuration: its per-class write-error rates follow its placement and write points. */
    async trainConfig(
      config: ExplorerConfig,
      onProgress?: (p: TrainProgress) => void,
      opts: WorkerCallOptions = {},
    ): Promise<TrainResult> {
      return api.train(trainRequestFor(config), onProgress, withPinnedBackend(config, opts));
    },

    /** Tolerance study around an explorer configuration (its model, data, format, seed). */
    async studyConfig(
      config: ExplorerConfig,
      spec: StudySpec,
      onPoint?: (p: StudyPoint) => void,
      opts: WorkerCallOptions = {},
    ): Promise<StudyResult> {
      return api.toleranceStudy(trainRequestFor(config), spec, onPoint, withPinnedBackend(config, opts));
    },

    /** One sweep point: analytic energy, and (when asked) the accuracy of a training run. Never throws for a bad point. */
    async sweepPoint(config: ExplorerConfig, accuracy: boolean, opts: WorkerCallOptions = {}): Promise<SweepOutputs> {
      const out = evaluatePointAnalytic(config);
      if (!accuracy) return out;
      try {
        const r = await api.train(trainRequestFor(config), undefined, withPinnedBackend(config, opts));
        return { ...out, ...trainOutputs(r) };
      } catch (e) {
        return { ...out, trainStatus: `failed: ${(e as Error).message}` };
      }
    },

    /**
     * The claim checked around an explorer configuration (its model and dataset; nominal write from the
     * configuration): per class and heterogeneous, the lowest-energy write within tolerance. Streams points.
     */
    async claimConfig(
      config: ExplorerConfig,
      spec: Omit<ClaimSpec, 'models' | 'datasets' | 'nominalVoltageV' | 'nominalPulseWidthS' | 'deviceParams'>,
      onPoint?: (p: ClaimPoint) => void,
      opts: WorkerCallOptions = {},
    ): Promise<ClaimResult> {
      await ensureBackend(opts);
      const base = opts.assetBase ?? env.defaultAssetBase();
      const stop = stopper(opts);
      let stopped = false;
      const { nominal } = writePointsFor(config);
      return claimStudy(
        {
          ...spec,
          models: [config.training.model],
          datasets: [config.training.dataset],
          nominalVoltageV: nominal.voltageV,
          nominalPulseWidthS: nominal.pulseWidthS,
          deviceParams: deviceParamsFor(config),
          base: { ...spec.base, optimizer: config.training.optimizer, format: config.training.format },
        },
        (d) => loadDataset(d, base),
        {
          ...(onPoint ? { onPoint: (p: ClaimPoint) => void onPoint(p) } : {}),
          run: (req, data) =>
            trainCached(cache, req, data, stop ? { shouldStop: async () => (stopped ||= await stop()) } : {}),
          shouldStop: () => stopped,
        },
      );
    },

    /** Number of cached results. */
    cacheSize(): number {
      return cache.size;
    },
  };
  return api;
}

/** The configuration's backend (backend= in the link): pinned unless "auto". */
function withPinnedBackend(config: ExplorerConfig, opts: WorkerCallOptions): WorkerCallOptions {
  const b = config.training.backend;
  return b && b !== 'auto' ? { ...opts, backends: [b] } : opts;
}

export type TrainApi = ReturnType<typeof createTrainApi>;
