import { describe, expect, it } from 'vitest';
import { createExplorerStore } from '../../src/state/store.ts';
import { AbortError } from '../../src/jobs/bridge.ts';
import type { AnalyticJobs } from '../../src/jobs/analytic.ts';
import type { TrainingJobs } from '../../src/jobs/training.ts';
import type { TrainProgress, TrainResult } from '../../src/training/index.ts';

const noAnalytic = { evaluate: () => new Promise(() => undefined) } as unknown as AnalyticJobs;
const progress = (step: number) => ({ step }) as TrainProgress;
const result = (testAccuracy: number) => ({ testAccuracy }) as TrainResult;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('streamed jobs in the store (training, study, Monte Carlo share one mechanism)', () => {
  it('streams progress, then stores the result', async () => {
    const training = {
      async train(_c, onProgress) {
        onProgress(progress(1));
        onProgress(progress(2));
        return result(0.9);
      },
    } as Pick<TrainingJobs, 'train'> as TrainingJobs;
    const store = createExplorerStore({ analytic: noAnalytic, training });
    await store.getState().actions.runTraining();
    const t = store.getState().training;
    expect(t.status).toBe('done');
    expect(t.progress.map((p) => p.step)).toEqual([1, 2]);
    expect(t.value?.testAccuracy).toBe(0.9);
  });

  it('a new run supersedes the old one: the old one is aborted and its late output ignored', async () => {
    const pending: {
      onProgress: (p: TrainProgress) => void;
      resolve: (r: TrainResult) => void;
      signal: AbortSignal;
    }[] = [];
    const training = {
      train: (_c, onProgress, signal) =>
        new Promise<TrainResult>((resolve) => pending.push({ onProgress, resolve, signal })),
    } as Pick<TrainingJobs, 'train'> as TrainingJobs;
    const store = createExplorerStore({ analytic: noAnalytic, training });
    const first = store.getState().actions.runTraining();
    const second = store.getState().actions.runTraining();
    expect(pending[0]!.signal.aborted).toBe(true);
    pending[0]!.onProgress(progress(99));
    pending[0]!.resolve(result(0.1));
    pending[1]!.onProgress(progress(1));
    pending[1]!.resolve(result(0.8));
    await Promise.all([first, second]);
    const t = store.getState().training;
    expect(t.progress.map((p) => p.step)).toEqual([1]);
    expect(t.value?.testAccuracy).toBe(0.8);
  });

  it('cancel leaves the job idle with "cancelled"; a failure becomes a notice', async () => {
    const training: TrainingJobs = {
      train: (_c, _p, signal) =>
        new Promise<TrainResult>((_r, reject) => signal.addEventListener('abort', () => reject(new AbortError()))),
      study: async () => {
        throw new Error('out of memory');
      },
    };
    const store = createExplorerStore({ analytic: noAnalytic, training });
    const run = store.getState().actions.runTraining();
    await tick();
    store.getState().actions.cancelTraining();
    await run;
    expect(store.getState().training.status).toBe('idle');
    expect(store.getState().training.error).toBe('cancelled');
    await store.getState().actions.runStudy({ targets: ['weights'], rates: [1e-3] });
    expect(store.getState().study.status).toBe('error');
    expect(store.getState().notices).toEqual(['tolerance study failed: out of memory']);
  });
});

describe('appendProgress', () => {
  it('starts a new series when a re-issued run reports from its beginning again', async () => {
    const { appendProgress } = await import('../../src/state/store.ts');
    let list: TrainProgress[] = [];
    for (const s of [10, 20, 30]) list = appendProgress(list, progress(s));
    expect(list.map((p) => p.step)).toEqual([10, 20, 30]);
    list = appendProgress(list, progress(10)); // the worker crashed; the job was re-issued
    expect(list.map((p) => p.step)).toEqual([10]);
  });
});

describe('the claim check in the store', () => {
  it('streams points and stores the rows; a context without it reports a notice', async () => {
    const training = {
      async claim(_c, spec, onPoint) {
        expect(spec.seeds).toBe(3);
        onPoint({ target: 'weights', state: 'trained' } as never);
        onPoint({ target: 'weights', state: 'skipped' } as never);
        return { rows: [{ target: 'weights', found: true }], points: [], spec } as never;
      },
    } as Pick<TrainingJobs, 'claim'> as TrainingJobs;
    const store = createExplorerStore({ analytic: noAnalytic, training });
    const spec = { seeds: 3, voltagesV: [0.7], pulsesS: [5e-9], tolerancePp: 1, classes: [], base: {} };
    await store.getState().actions.runClaim(spec as never);
    const c = store.getState().claim;
    expect(c.status).toBe('done');
    expect(c.points.map((p) => p.state)).toEqual(['trained', 'skipped']);
    expect(c.value!.rows[0]!.target).toBe('weights');
    const bare = createExplorerStore({ analytic: noAnalytic, training: {} as TrainingJobs });
    await bare.getState().actions.runClaim(spec as never);
    expect(bare.getState().claim.status).toBe('error');
    expect(bare.getState().notices).toEqual(['claim check failed: no claim check in this context']);
  });
});
