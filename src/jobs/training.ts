/**
 * Client side of the training worker: training runs, tolerance studies and sweep points, each with an
 * AbortSignal. Cancelling raises a shared stop flag (where the page is cross-origin isolated) and
 * terminates the worker, so nothing keeps computing; the next job starts a fresh worker (its result cache
 * and backend choice are lost with the old one). A job counts as hung only after a period without
 * progress (progress events reset the clock).
 */
import * as Comlink from 'comlink';
import type { ExplorerConfig } from '../schema/schema.ts';
import type { SweepOutputs } from '../evaluate/sweep-points.ts';
import type {
  ClaimPoint,
  ClaimResult,
  ClaimSpec,
  StudyPoint,
  StudyResult,
  StudySpec,
  TrainProgress,
  TrainResult,
} from '../training/index.ts';

/** What the tolerance view asks of the claim check (the worker fills in model, dataset and nominal write). */
export type ClaimViewSpec = Omit<
  ClaimSpec,
  'models' | 'datasets' | 'nominalVoltageV' | 'nominalPulseWidthS' | 'deviceParams'
>;
import type { TrainApi as TrainWorkerApi } from '../../workers/train-api.ts';
import { WorkerBridge } from './bridge.ts';

export interface TrainingJobs {
  train(config: ExplorerConfig, onProgress: (p: TrainProgress) => void, signal: AbortSignal): Promise<TrainResult>;
  study(
    config: ExplorerConfig,
    spec: StudySpec,
    onPoint: (p: StudyPoint) => void,
    signal: AbortSignal,
  ): Promise<StudyResult>;
  /** The claim checked around the configuration (optional: contexts without it reject the action). */
  claim?(
    config: ExplorerConfig,
    spec: ClaimViewSpec,
    onPoint: (p: ClaimPoint) => void,
    signal: AbortSignal,
  ): Promise<ClaimResult>;
}

export interface SweepWorker {
  point(config: ExplorerConfig, accuracy: boolean, signal: AbortSignal): Promise<SweepOutputs>;
  dispose(): void;
}

export function createTrainWorker(): Worker {
  return new Worker(new URL('../../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' });
}

/** A stop flag the worker polls; SharedArrayBuffer needs a cross-origin-isolated page. */
function stopFlag(signal: AbortSignal): Int32Array | undefined {
  if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) return undefined;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  signal.addEventListener('abort', () => Atomics.store(flag, 0, 1), { once: true });
  return flag;
}

function trainBridge(factory: () => Worker, name: string, hangTimeoutMs: number) {
  return new WorkerBridge<TrainWorkerApi>(factory, { name, hangTimeoutMs, abortMode: 'terminate' });
}

/** No progress for this long means hung: training reports every 10 steps; a study or sweep point only per run. */
const TRAIN_SILENCE_MS = 3 * 60_000;
const RUN_SILENCE_MS = 30 * 60_000;

export function createTrainingJobs(factory: () => Worker = createTrainWorker): TrainingJobs {
  const trainer = trainBridge(factory, 'training', TRAIN_SILENCE_MS);
  const studier = trainBridge(factory, 'tolerance study', RUN_SILENCE_MS);
  return {
    train(config, onProgress, signal) {
      return trainer.call((api, alive) => {
        const progress = (p: TrainProgress) => {
          alive();
          onProgress(p);
        };
        return api.trainConfig(config, Comlink.proxy(progress), { ...optFlag(signal) }) as Promise<TrainResult>;
      }, signal);
    },
    study(config, spec, onPoint, signal) {
      return studier.call((api, alive) => {
        const point = (p: StudyPoint) => {
          alive();
          onPoint(p);
        };
        return api.studyConfig(config, spec, Comlink.proxy(point), { ...optFlag(signal) }) as Promise<StudyResult>;
      }, signal);
    },
    claim(config, spec, onPoint, signal) {
      return studier.call((api, alive) => {
        const point = (p: ClaimPoint) => {
          alive();
          onPoint(p);
        };
        return api.claimConfig(config, spec, Comlink.proxy(point), { ...optFlag(signal) }) as Promise<ClaimResult>;
      }, signal);
    },
  };
}

function optFlag(signal: AbortSignal): { stopFlag?: Int32Array } {
  const f = stopFlag(signal);
  return f ? { stopFlag: f } : {};
}

/**
 * Sweep workers train on WASM: parallel workers share no GPU, and a worker that first warms up every
 * backend (WebGPU, WebGL, WASM, CPU) takes ~20 s under load before its first point, where WASM alone takes
 * ~5 s; the default sweep on first load must show points within seconds.
 */
const SWEEP_CALL = { backends: ['wasm'] };

/** A pool of sweep workers sized to the machine (one per core but one, at most 4, at least 1). */
export function createSweepPool(size = defaultPoolSize(), factory: () => Worker = createTrainWorker): SweepWorker[] {
  return Array.from({ length: size }, (_, i) => {
    const bridge = trainBridge(factory, `sweep-${i}`, RUN_SILENCE_MS);
    return {
      point: (config, accuracy, signal) =>
        bridge.call((api) => api.sweepPoint(config, accuracy, SWEEP_CALL) as Promise<SweepOutputs>, signal),
      dispose: () => bridge.reset(),
    };
  });
}

export function defaultPoolSize(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  // one core is left to the page and the model worker: sliders stay live while a sweep trains
  return Math.max(1, Math.min(4, n - 1));
}
