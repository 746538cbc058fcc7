/**
 * Client side of the model worker: analytic evaluation jobs.
 */
import type { AnalyticOutcome } from '../config/analytic.ts';
import type { ExplorerConfig } from '../config/schema.ts';
import type { ModelApi } from '../../workers/model-api.ts';
import { WorkerBridge } from './bridge.ts';

export interface AnalyticJobs {
  evaluate(config: ExplorerConfig, signal: AbortSignal): Promise<AnalyticOutcome>;
  /** Test hook: make the next `n` job attempts crash their worker. */
  crashNext(n: number): void;
  workersStarted(): number;
}

export function createModelWorker(): Worker {
  return new Worker(new URL('../../workers/model.worker.ts', import.meta.url), { type: 'module', name: 'model' });
}

export function createAnalyticJobs(factory: () => Worker = createModelWorker): AnalyticJobs {
  const bridge = new WorkerBridge<ModelApi>(factory, { name: 'model', hangTimeoutMs: 10_000, abortMode: 'discard' });
  let crashes = 0;
  return {
    evaluate(config, signal) {
      return bridge.call<AnalyticOutcome>(async (api) => {
        const crashForTest = crashes > 0;
        if (crashForTest) crashes--;
        return api.evaluate(config, { crashForTest });
      }, signal);
    },
    crashNext(n) {
      crashes = n;
    },
    workersStarted: () => bridge.started,
  };
}
