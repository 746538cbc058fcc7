/** worker_threads entry of the CLI Monte Carlo pool: simulates one block of trajectories. */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateRange } from '../../models/device/index.ts';
import type { RangeJob, RangeResult } from './pool.ts';

const job = workerData as RangeJob;
const r = simulateRange(job.setup, job.from, job.to);
const out: RangeResult = { from: job.from, steps: r.steps, stepsSimulated: r.stepsSimulated };
parentPort!.postMessage(out, [r.steps.buffer as ArrayBuffer]);
