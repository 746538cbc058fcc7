/**
 * The sLLG Monte Carlo on all cores (worker_threads): the trajectory index range is split into contiguous
 * blocks, each simulated by a worker from its own counter-based random streams, so the result is identical
 * for any number of workers (and to the single-threaded engine).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { summarizeSllg, simulateRange, type SllgKernelSetup, type SllgResult } from '../../models/device/index.ts';

export interface RangeJob {
  setup: SllgKernelSetup;
  from: number;
  to: number;
}

export interface RangeResult {
  from: number;
  steps: Int32Array;
  stepsSimulated: number;
}

/** Number of workers the machine offers. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

function runInWorker(job: RangeJob): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    // the CLI runs TypeScript through tsx: each worker thread registers tsx's loader, then imports the entry
    const entry = new URL('./worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`;
    const w = new Worker(boot, { eval: true, workerData: job });
    w.once('message', (m: RangeResult) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`Monte Carlo worker exited with code ${code}`));
    });
  });
}

/**
 * Run a kernel setup over `workers` threads (1: in this thread). Blocks of at least 1 trajectory; results are
 * merged in index order.
 */
export async function runSllgPool(setup: SllgKernelSetup, workers: number): Promise<SllgResult> {
  const n = setup.trajectories;
  const k = Math.max(1, Math.min(workers, n));
  const steps = new Int32Array(n);
  let stepsSimulated = 0;
  if (k === 1) {
    const r = simulateRange(setup, 0, n);
    return summarizeSllg(setup, r.steps, n, r.stepsSimulated, 'cpu');
  }
  const jobs: RangeJob[] = [];
  for (let j = 0; j < k; j++) jobs.push({ setup, from: Math.floor((n * j) / k), to: Math.floor((n * (j + 1)) / k) });
  const results = await Promise.all(jobs.map(runInWorker));
  for (const r of results) {
    steps.set(r.steps, r.from);
    stepsSimulated += r.stepsSimulated;
  }
  return summarizeSllg(setup, steps, n, stepsSimulated, 'cpu');
}
