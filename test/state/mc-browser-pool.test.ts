/**
 * The browser's Monte Carlo worker pool (src/jobs/mc-pool.ts), in Node through the plain-function API and over
 * comlink on MessageChannels: the same seed gives the same numbers for any pool size and chunking (every
 * trajectory has its own counter-based stream, as in the CLI's worker threads), progress streams per chunk,
 * and cancel or a failing chunk stops every chunk in flight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { defaultConfig, type ExplorerConfig } from '../../src/schema/schema.ts';
import {
  mergeMcChunks,
  runMcChunk,
  runMonteCarloCpu,
  type McChunk,
  type McChunkResult,
  type McDirectionSummary,
} from '../../src/evaluate/monte-carlo.ts';
import { McWorkerPool, mcWorkersOf, planMcChunks, runMcChunks, type McChunkRunner } from '../../src/jobs/mc-pool.ts';
import { createAnalyticJobs } from '../../src/jobs/analytic.ts';
import { AbortError, type WorkerLike } from '../../src/jobs/bridge.ts';
import { FieldError } from '../../src/models/errors.ts';
import { modelApi } from '../../workers/model-api.ts';

type Endpoint = Parameters<typeof Comlink.wrap>[0];
const open: { close(): void }[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

/** A "worker" in this process: comlink over a MessageChannel (as test/state/store.test.ts). */
function fakeWorker(onTerminate?: () => void): WorkerLike & Endpoint {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(modelApi, nodeEndpoint(port2));
  open.push(port1, port2);
  const ep = nodeEndpoint(port1) as unknown as Endpoint;
  const original = ep.addEventListener.bind(ep);
  return Object.assign(ep, {
    terminate() {
      onTerminate?.();
      port1.close();
      port2.close();
    },
    addEventListener(type: string, l: (e: Event) => void) {
      if (type === 'message') original(type, l as never);
    },
  });
}

// 1.0 V on a 2 ns relaxed pulse: the Monte Carlo pulse is 4 ns and most trajectories switch inside it at
// scattered times (the e2e's CPU point), so a wrong merge order or a lost chunk changes the table.
const config: ExplorerConfig = (() => {
  const c = defaultConfig();
  return { ...c, seed: 3, device: { ...c.device, voltageV: 1.0, pulseWidthS: 2e-9 } };
})();
const req = { trajectories: 61, engine: 'cpu' as const };
const never = new AbortController().signal;

/** In-thread runner that finishes chunks after `delay(chunk)` ms: completion order differs from issue order. */
function runner(delay: (c: McChunk) => number, seen?: McChunk[]): McChunkRunner {
  return (chunk, signal) =>
    new Promise<McChunkResult>((resolve, reject) => {
      seen?.push(chunk);
      const onAbort = () => {
        clearTimeout(t);
        reject(new AbortError());
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(runMcChunk(config, req, chunk));
      }, delay(chunk));
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

describe('browser Monte Carlo worker pool', () => {
  const serial = runMonteCarloCpu(config, req, () => undefined);

  it('the serial engine run is not degenerate (switching times spread over the pulse, some failures or not)', () => {
    for (const d of serial) {
      expect(d.trajectories).toBe(61);
      const filled = d.histogram.filter((b) => b.count > 0).length;
      expect(filled).toBeGreaterThan(3);
    }
  });

  it('gives exactly the serial engine summary for 1, 2, 3 and 7 workers and several chunkings', async () => {
    for (const [workers, perDir] of [
      [1, undefined],
      [2, 1],
      [3, 7],
      [7, 61],
      [3, undefined],
    ] as const) {
      const chunks = planMcChunks(req.trajectories, workers, perDir);
      // reversed completion order inside the run (later chunks finish first)
      const runners = Array.from({ length: workers }, () => runner((c) => (61 - c.from) % 5));
      const got = await runMcChunks(config, req, chunks, runners, () => undefined, never);
      expect(got, `${workers} workers, ${perDir ?? 'default'} chunks per direction`).toEqual(serial);
    }
  });

  it('the chunk plan covers every trajectory once per direction', () => {
    for (const [n, w] of [
      [61, 3],
      [5, 16],
      [1, 4],
    ] as const) {
      const plan = planMcChunks(n, w);
      for (const dir of ['pToAp', 'apToP'] as const) {
        const cover = plan.filter((c) => c.direction === dir).flatMap((c) => range(c.from, c.to));
        expect(cover).toEqual(range(0, n));
      }
    }
    // 61 trajectories on 3 workers: max(10, 2 x 3) = 10 chunks per direction, 20 in all
    expect(planMcChunks(61, 3)).toHaveLength(20);
    expect(planMcChunks(61, 8)).toHaveLength(32);
  });

  it('streams a merged summary after every chunk but the last, each covering the chunks done', async () => {
    const partials: McDirectionSummary[][] = [];
    const chunks = planMcChunks(req.trajectories, 2, 4); // 8 chunks
    const runners = [runner(() => 0), runner(() => 1)];
    await runMcChunks(config, req, chunks, runners, (p) => partials.push(p), never);
    expect(partials).toHaveLength(7);
    const total = (p: McDirectionSummary[]) => p.reduce((a, d) => a + d.trajectories, 0);
    for (let k = 1; k < partials.length; k++) expect(total(partials[k]!)).toBeGreaterThan(total(partials[k - 1]!));
    expect(total(partials[6]!)).toBeLessThan(2 * 61);
  });

  it('cancel aborts every chunk in flight and starts no further chunk', async () => {
    const ctl = new AbortController();
    const seen: McChunk[] = [];
    const chunks = planMcChunks(req.trajectories, 3);
    const runners = Array.from({ length: 3 }, () => runner(() => 60_000, seen));
    const p = runMcChunks(config, req, chunks, runners, () => undefined, ctl.signal);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveLength(3); // one chunk per worker in flight
    ctl.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(3);
  });

  it('a failing chunk rejects the run with its error and aborts the others', async () => {
    const aborted: boolean[] = [];
    const failing: McChunkRunner = () => Promise.reject(new FieldError('from', -1, 'an integer in [0, 60]'));
    const slow: McChunkRunner = (_c, signal) =>
      new Promise((_r, reject) =>
        signal.addEventListener('abort', () => {
          aborted.push(true);
          reject(new AbortError());
        }),
      );
    const p = runMcChunks(config, req, planMcChunks(61, 2), [slow, failing], () => undefined, never);
    await expect(p).rejects.toThrow(/from/);
    expect(aborted).toEqual([true]);
  });

  it('bad input names the field: pool size, chunk bounds, and the device point before any worker starts', async () => {
    expect(() => mcWorkersOf({ ...req, workers: 0 })).toThrow(/workers.*\[1, 16\]/);
    expect(() => mcWorkersOf({ ...req, workers: 17 })).toThrow(FieldError);
    expect(() => mcWorkersOf({ ...req, workers: 2.5 })).toThrow(FieldError);
    expect(mcWorkersOf({ ...req, workers: 5 })).toBe(5);
    expect(() => runMcChunk(config, req, { direction: 'pToAp', from: 0, to: 62 })).toThrow(/to.*\[1, 61\]/);
    expect(() => runMcChunk(config, req, { direction: 'pToAp', from: -1, to: 3 })).toThrow(/from/);
    const started: McChunk[] = [];
    const bad = { ...config, device: { ...config.device, voltageV: 99 } };
    await expect(
      runMcChunks(bad, req, planMcChunks(61, 1), [runner(() => 0, started)], () => undefined, never),
    ).rejects.toBeInstanceOf(FieldError);
    expect(started).toHaveLength(0);
  });

  it('over comlink (MessageChannel workers): 1 and 3 workers give the serial numbers; cancel terminates all', async () => {
    const pool = new McWorkerPool(() => fakeWorker());
    const one = await pool.run(config, req, 1, () => undefined, never);
    const three = await pool.run(config, req, 3, () => undefined, never);
    expect(one).toEqual(serial);
    expect(three).toEqual(serial);
    expect(pool.started()).toBe(3);

    let terminated = 0;
    const pool2 = new McWorkerPool(() => fakeWorker(() => terminated++));
    const ctl = new AbortController();
    const big = { trajectories: 4000, engine: 'cpu' as const };
    const p = pool2.run(config, big, 3, () => undefined, ctl.signal);
    await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(terminated).toBe(3);
  }, 60_000);

  it('the analytic jobs run engine cpu over the pool and say how many workers', async () => {
    const jobs = createAnalyticJobs(() => fakeWorker() as unknown as Worker);
    const partial: McDirectionSummary[][] = [];
    const s = await jobs.monteCarlo(config, { ...req, workers: 2 }, (p) => partial.push(p), never);
    expect(s.directions).toEqual(serial);
    expect(s.workers).toBe(2);
    expect(s.engineNote).toBe('CPU engine (chosen), 2 workers');
    expect(partial.length).toBeGreaterThan(0);
    expect(jobs.mcPoolWorkersStarted?.()).toBe(2);
  }, 60_000);

  it('mergeMcChunks of no chunks is empty (a direction appears only once a chunk of it is done)', () => {
    expect(mergeMcChunks(config, req, [])).toEqual([]);
  });
});

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, k) => a + k);
}
