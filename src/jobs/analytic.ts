/**
 * Client side of the model worker: analytic evaluation jobs.
 */
import type { AnalyticOutcome, ExplainOutcome } from '../evaluate/analytic.ts';
import type { ExplorerConfig } from '../schema/schema.ts';
import type { StudyClaim, ValidationRow } from '../evaluate/validation.ts';
import { mcPulseS, type McDirectionSummary, type McRequest, type McSummary } from '../evaluate/monte-carlo.ts';
import * as Comlink from 'comlink';
import type { ModelApi } from '../../workers/model-api.ts';
import { WorkerBridge } from './bridge.ts';
import { McWorkerPool, mcWorkersOf } from './mc-pool.ts';

export interface AnalyticJobs {
  evaluate(config: ExplorerConfig, signal: AbortSignal): Promise<AnalyticOutcome>;
  monteCarlo(
    config: ExplorerConfig,
    req: McRequest,
    onPartial: (s: McDirectionSummary[]) => void,
    signal: AbortSignal,
  ): Promise<McSummary>;
  nvsim(config: ExplorerConfig, signal: AbortSignal): Promise<Record<string, string>>;
  validate(signal: AbortSignal): Promise<{ rows: ValidationRow[]; claims: StudyClaim[] }>;
  /** "Why this ratio" of a configuration (ladder and sensitivity); optional for test doubles. */
  explain?(config: ExplorerConfig, signal: AbortSignal): Promise<ExplainOutcome>;
  /** Model workers started by the Monte Carlo worker pool so far (diagnostics; optional for test doubles). */
  mcPoolWorkersStarted?(): number;
  /** Test hook: make the next `n` job attempts crash their worker. */
  crashNext(n: number): void;
  workersStarted(): number;
}

export function createModelWorker(): Worker {
  return new Worker(new URL('../../workers/model.worker.ts', import.meta.url), { type: 'module', name: 'model' });
}

export function createAnalyticJobs(factory: () => Worker = createModelWorker): AnalyticJobs {
  const bridge = new WorkerBridge<ModelApi>(factory, { name: 'model', hangTimeoutMs: 10_000, abortMode: 'discard' });
  // Monte Carlo runs are long: their own worker for WebGPU (one device), terminated on abort; the CPU engine
  // runs over a pool of workers (src/jobs/mc-pool.ts).
  const mc = new WorkerBridge<ModelApi>(factory, {
    name: 'monte-carlo',
    hangTimeoutMs: 10 * 60_000,
    abortMode: 'terminate',
  });
  const pool = new McWorkerPool(factory);
  let crashes = 0;
  return {
    evaluate(config, signal) {
      return bridge.call<AnalyticOutcome>(async (api) => {
        const crashForTest = crashes > 0;
        if (crashForTest) crashes--;
        return api.evaluate(config, { crashForTest });
      }, signal);
    },
    async monteCarlo(config, req, onPartial, signal) {
      const workers = mcWorkersOf(req);
      let note = 'CPU engine (chosen)';
      if (req.engine !== 'cpu') {
        const g = await mc.call<McSummary | { fallback: string }>((api, alive) => {
          const partial = (s: McDirectionSummary[]) => {
            alive();
            onPartial(s);
          };
          return api.monteCarloGpu(config, req, Comlink.proxy(partial));
        }, signal);
        if (!('fallback' in g)) return g;
        note = g.fallback;
      }
      const directions = await pool.run(config, req, workers, onPartial, signal);
      const k = Math.min(workers, req.trajectories);
      return {
        voltageV: config.device.voltageV,
        pulseWidthS: mcPulseS(config),
        engineNote: `${note}, ${k} worker${k === 1 ? '' : 's'}`,
        directions,
        workers: k,
      };
    },
    nvsim(config, signal) {
      return bridge.call((api) => api.nvsim(config), signal);
    },
    validate(signal) {
      return bridge.call((api) => api.validate(), signal);
    },
    explain(config, signal) {
      return bridge.call<ExplainOutcome>((api) => api.explain(config), signal);
    },
    crashNext(n) {
      crashes = n;
    },
    workersStarted: () => bridge.started,
    mcPoolWorkersStarted: () => pool.started(),
  };
}
