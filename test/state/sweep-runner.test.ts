import { describe, expect, it } from 'vitest';
import { SweepRunner, failedOutputs, type SweepStatus } from '../../src/jobs/sweep-runner.ts';
import { AbortError } from '../../src/jobs/bridge.ts';
import type { SweepWorker } from '../../src/jobs/training.ts';
import { defaultConfig } from '../../src/schema/schema.ts';
import type { SweepRow } from '../../src/evaluate/sweep-points.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A worker whose points take `ms`; a point whose voltage is 9 fails. */
function worker(ms: number, log: number[]): SweepWorker {
  return {
    point: (config, _acc, signal) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => {
          log.push(config.device.voltageV);
          if (config.device.voltageV === 9) reject(new Error('infeasible: boom'));
          else resolve({ ...failedOutputs(''), ok: true, energyPerStepJ: config.device.voltageV });
        }, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new AbortError());
        });
      }),
    dispose: () => undefined,
  };
}

function points(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    ...defaultConfig(),
    device: { ...defaultConfig().device, voltageV: i === 2 ? 9 : i },
  }));
}

describe('SweepRunner', () => {
  it('runs every point once on the pool; a failing point becomes a row, never aborts the sweep', async () => {
    const rows: SweepRow[] = [];
    const log: number[] = [];
    const r = new SweepRunner(points(6), [worker(5, log), worker(7, log)], false, {
      onRow: (x) => rows.push(x),
      onStatus: () => undefined,
    });
    await r.start();
    expect(r.state).toEqual({ status: 'done', done: 6, total: 6 });
    expect(rows.map((x) => x.index).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows.find((x) => x.index === 2)!.out).toMatchObject({ ok: false, reason: 'infeasible: boom' });
  });

  it('pause then resume while points are in flight: done only when every point is done', async () => {
    const statuses: [SweepStatus, number][] = [];
    const log: number[] = [];
    const r = new SweepRunner(points(6), [worker(10, log), worker(200, log)], false, {
      onRow: () => undefined,
      onStatus: (s, d) => statuses.push([s, d]),
    });
    const finished = r.start();
    await sleep(5);
    r.pause();
    await sleep(20); // the slow worker's first point is still in flight
    r.resume();
    await finished;
    expect(r.state).toEqual({ status: 'done', done: 6, total: 6 });
    // 'done' appears exactly once, at 6 of 6
    expect(statuses.filter(([s]) => s === 'done')).toEqual([['done', 6]]);
    expect(log.sort()).toEqual([0, 1, 3, 4, 5, 9]);
  });

  it('cancel aborts the points in flight and settles', async () => {
    const rows: SweepRow[] = [];
    const r = new SweepRunner(points(6), [worker(50, []), worker(50, [])], false, {
      onRow: (x) => rows.push(x),
      onStatus: () => undefined,
    });
    const finished = r.start();
    await sleep(10);
    r.cancel();
    await finished;
    expect(r.state.status).toBe('cancelled');
    expect(rows).toEqual([]);
  });
});
