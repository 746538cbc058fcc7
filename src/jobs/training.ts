/**
 * Client side of the training worker: training runs, tolerance studies and sweep points, each with an
 * AbortSignal. Cancellation first raises a shared stop flag (the worker stops within a step and stays
 * warm); if the worker does not answer within a grace period it is terminated.
 */
import * as Comlink from 'comlink';
import type { ExplorerConfig } from '../config/schema.ts';
import type { SweepOutputs } from '../config/sweep.ts';
import type { StudyPoint, StudyResult, StudySpec, TrainProgress, TrainResult } from '../training/index.ts';
import type { TrainWorkerApi } from '../../workers/train.worker.ts';
import { WorkerBridge } from './bridge.ts';

export interface TrainingJobs {
  train(config: ExplorerConfig, onProgress: (p: TrainProgress) => void, signal: AbortSignal): Promise<TrainResult>;
  study(
    config: ExplorerConfig,
    spec: StudySpec,
    onPoint: (p: StudyPoint) => void,
    signal: AbortSignal,
  ): Promise<StudyResult>;
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

function trainBridge(factory: () => Worker, name: string) {
  // Training runs are long: a worker is "hung" only after 15 minutes without an answer.
  return new WorkerBridge<TrainWorkerApi>(factory, { name, hangTimeoutMs: 15 * 60_000, abortMode: 'terminate' });
}

export function createTrainingJobs(factory: () => Worker = createTrainWorker): TrainingJobs {
  const bridge = trainBridge(factory, 'training');
  return {
    train(config, onProgress, signal) {
      return bridge.call(
        (api) => api.trainConfig(config, Comlink.proxy(onProgress), { ...optFlag(signal) }) as Promise<TrainResult>,
        signal,
      );
    },
    study(config, spec, onPoint, signal) {
      return bridge.call(
        (api) => api.studyConfig(config, spec, Comlink.proxy(onPoint), { ...optFlag(signal) }) as Promise<StudyResult>,
        signal,
      );
    },
  };
}

function optFlag(signal: AbortSignal): { stopFlag?: Int32Array } {
  const f = stopFlag(signal);
  return f ? { stopFlag: f } : {};
}

/** A pool of sweep workers sized to the machine (one per core, at most 4, at least 1). */
export function createSweepPool(size = defaultPoolSize(), factory: () => Worker = createTrainWorker): SweepWorker[] {
  return Array.from({ length: size }, (_, i) => {
    const bridge = trainBridge(factory, `sweep-${i}`);
    return {
      point: (config, accuracy, signal) =>
        bridge.call((api) => api.sweepPoint(config, accuracy) as Promise<SweepOutputs>, signal),
      dispose: () => bridge.reset(),
    };
  });
}

export function defaultPoolSize(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, n));
}
