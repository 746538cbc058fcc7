/**
 * The browser's Monte Carlo worker pool: the CPU engine of the device panel's sLLG check spread over Web
 * Workers, the counterpart of the CLI's worker threads (src/cli/mc/pool.ts).
 *
 * - Each direction's trajectory index range is cut into contiguous chunks; every worker pulls the next chunk
 *   from one queue (directions interleaved, so both curves fill in together), runs it through the model
 *   worker API (monteCarloChunk) and sends back the switching steps.
 * - Every trajectory draws from its own counter-based stream (seed, stream, index), exactly the CLI's scheme,
 *   so the merged result is identical for any pool size and any chunking (test/device/mc-browser-pool.test.ts).
 * - Progress: after every completed chunk, the chunks done so far are summarised and streamed (onPartial).
 * - Cancel (the AbortSignal), or the first failing chunk, aborts every chunk in flight: their workers are
 *   terminated, so nothing keeps computing.
 * - WebGPU stays single-device (src/jobs/analytic.ts tries it first); this pool is the CPU path and the
 *   fallback when no adapter exists.
 */
import * as Comlink from 'comlink';
import type { ModelApi } from '../../workers/model-api.ts';
import {
  MC_MAX_WORKERS,
  mcSetups,
  mergeMcChunks,
  type McChunk,
  type McChunkResult,
  type McDirectionSummary,
  type McRequest,
} from '../evaluate/monte-carlo.ts';
import type { ExplorerConfig } from '../schema/schema.ts';
import { FieldError } from '../models/errors.ts';
import { AbortError, WorkerBridge, type WorkerLike } from './bridge.ts';

/** Default pool size: the browser's logical cores (navigator.hardwareConcurrency), capped at MC_MAX_WORKERS. */
export function defaultMcWorkers(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(MC_MAX_WORKERS, Math.floor(n)));
}

/** The pool size a request asks for (FieldError naming `workers` when out of range). */
export function mcWorkersOf(req: McRequest): number {
  if (req.workers === undefined) return defaultMcWorkers();
  if (!Number.isInteger(req.workers) || req.workers < 1 || req.workers > MC_MAX_WORKERS)
    throw new FieldError('workers', req.workers, `an integer in [1, ${MC_MAX_WORKERS}]`);
  return req.workers;
}

/**
 * The chunks of a run: per direction, max(10, 2 x workers) contiguous blocks (at most one per trajectory;
 * ~10 progress updates on one worker, and room to balance trajectories of unequal length on many), the two
 * directions interleaved. The split changes only the order of work, never the result.
 */
export function planMcChunks(trajectories: number, workers: number, chunksPerDirection?: number): McChunk[] {
  const n = trajectories;
  const k = Math.max(1, Math.min(n, chunksPerDirection ?? Math.max(10, 2 * workers)));
  const out: McChunk[] = [];
  for (let j = 0; j < k; j++)
    for (const direction of ['pToAp', 'apToP'] as const)
      out.push({ direction, from: Math.floor((n * j) / k), to: Math.floor((n * (j + 1)) / k) });
  return out;
}

/** Runs one chunk (on one worker of the pool); rejects with AbortError once `signal` aborts. */
export type McChunkRunner = (chunk: McChunk, signal: AbortSignal) => Promise<McChunkResult>;

/**
 * Run `chunks` over the runners (one per worker; each runs one chunk at a time, pulling the next from the
 * queue), streaming the merged summary after every completed chunk but the last, and returning the full one.
 * Plain function: the browser passes Web Worker runners, Node tests pass in-thread ones.
 */
export async function runMcChunks(
  config: ExplorerConfig,
  req: McRequest,
  chunks: readonly McChunk[],
  runners: readonly McChunkRunner[],
  onPartial: (s: McDirectionSummary[]) => void,
  signal: AbortSignal,
): Promise<McDirectionSummary[]> {
  mcSetups(config, req); // bad input: the named error, before any worker starts
  if (!runners.length) throw new Error('Monte Carlo pool: no workers');
  if (signal.aborted) throw new AbortError();
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal.addEventListener('abort', onAbort);
  const done: McChunkResult[] = [];
  let next = 0;
  let failure: unknown = null;
  const lane = async (run: McChunkRunner) => {
    while (next < chunks.length && !inner.signal.aborted) {
      const chunk = chunks[next++]!;
      try {
        done.push(await run(chunk, inner.signal));
      } catch (e) {
        if (failure === null) failure = e;
        inner.abort(); // the first failure stops every other chunk (their workers are terminated)
        return;
      }
      if (done.length < chunks.length && !inner.signal.aborted) onPartial(mergeMcChunks(config, req, done));
    }
  };
  try {
    await Promise.all(runners.slice(0, chunks.length).map(lane));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) throw new AbortError();
  if (failure !== null) throw failure;
  return mergeMcChunks(config, req, done);
}

/** The pool: up to MC_MAX_WORKERS model workers, started on first use and kept for the next run. */
export class McWorkerPool {
  private readonly bridges: WorkerBridge<ModelApi>[] = [];
  private readonly factory: () => WorkerLike & Parameters<typeof Comlink.wrap>[0];

  constructor(factory: () => WorkerLike & Parameters<typeof Comlink.wrap>[0]) {
    this.factory = factory;
  }

  private bridge(i: number): WorkerBridge<ModelApi> {
    while (this.bridges.length <= i)
      this.bridges.push(
        new WorkerBridge<ModelApi>(this.factory, {
          name: `monte-carlo ${this.bridges.length + 1}`,
          hangTimeoutMs: 10 * 60_000,
          abortMode: 'terminate',
        }),
      );
    return this.bridges[i]!;
  }

  /** Run the CPU Monte Carlo of `config` over `workers` Web Workers (see runMcChunks). */
  run(
    config: ExplorerConfig,
    req: McRequest,
    workers: number,
    onPartial: (s: McDirectionSummary[]) => void,
    signal: AbortSignal,
  ): Promise<McDirectionSummary[]> {
    const k = Math.max(1, Math.min(workers, req.trajectories));
    const runners: McChunkRunner[] = Array.from(
      { length: k },
      (_, i) => (chunk, sig) =>
        this.bridge(i).call((api) => api.monteCarloChunk(config, { trajectories: req.trajectories }, chunk), sig),
    );
    return runMcChunks(config, req, planMcChunks(req.trajectories, k), runners, onPartial, signal);
  }

  /** Workers started so far (for tests and diagnostics). */
  started(): number {
    return this.bridges.reduce((a, b) => a + b.started, 0);
  }
}
