/**
 * Runs a sweep's points on a pool of workers, streaming each finished row. Pause stops handing out
 * new points (those in flight finish); resume continues; cancel aborts the points in flight. A point
 * that fails becomes a row with ok=false and its reason: it never aborts the sweep.
 */
import type { ExplorerConfig } from '../schema/schema.ts';
import type { SweepOutputs, SweepRow } from '../evaluate/sweep-points.ts';
import { AbortError } from './bridge.ts';
import type { SweepWorker } from './training.ts';

export type SweepStatus = 'idle' | 'running' | 'paused' | 'cancelled' | 'done';

export interface SweepCallbacks {
  onRow(row: SweepRow): void;
  onStatus(status: SweepStatus, done: number, total: number): void;
}

export class SweepRunner {
  private next = 0;
  private finished = 0;
  private status: SweepStatus = 'idle';
  private readonly inFlight = new Set<AbortController>();
  private readonly points: readonly ExplorerConfig[];
  private readonly pool: readonly SweepWorker[];
  private readonly accuracy: boolean;
  private readonly cb: SweepCallbacks;
  /** Workers whose loop is running (a paused loop keeps running until its point in flight is done). */
  private readonly looping = new Set<SweepWorker>();
  private allDone: Promise<void> = Promise.resolve();
  private resolveDone: () => void = () => undefined;

  constructor(points: readonly ExplorerConfig[], pool: readonly SweepWorker[], accuracy: boolean, cb: SweepCallbacks) {
    this.points = points;
    this.pool = pool;
    this.accuracy = accuracy;
    this.cb = cb;
  }

  get state(): { status: SweepStatus; done: number; total: number } {
    return { status: this.status, done: this.finished, total: this.points.length };
  }

  /** Starts the sweep; the promise settles when it is done or cancelled. */
  start(): Promise<void> {
    if (this.status !== 'idle') return this.allDone;
    this.allDone = new Promise((r) => (this.resolveDone = r));
    this.setStatus('running');
    this.spawnLoops();
    return this.allDone;
  }

  /** One loop per worker that has none (after a pause, a loop still finishing its point is reused). */
  private spawnLoops(): void {
    for (const w of this.pool) {
      if (this.looping.has(w)) continue;
      this.looping.add(w);
      void this.loop(w).finally(() => {
        this.looping.delete(w);
        this.settleIfIdle();
      });
    }
  }

  private settleIfIdle(): void {
    if (this.looping.size > 0) return;
    if (this.status === 'running' && this.finished === this.points.length) this.setStatus('done');
    if (this.status === 'done' || this.status === 'cancelled') this.resolveDone();
  }

  pause(): void {
    if (this.status === 'running') this.setStatus('paused');
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.setStatus('running');
    this.spawnLoops();
  }

  cancel(): void {
    if (this.status === 'done' || this.status === 'cancelled') return;
    this.setStatus('cancelled');
    for (const c of this.inFlight) c.abort();
    this.settleIfIdle();
  }

  private setStatus(s: SweepStatus): void {
    this.status = s;
    this.cb.onStatus(s, this.finished, this.points.length);
  }

  private async loop(worker: SweepWorker): Promise<void> {
    while (this.status === 'running' && this.next < this.points.length) {
      const index = this.next++;
      const config = this.points[index]!;
      const ctl = new AbortController();
      this.inFlight.add(ctl);
      let out: SweepOutputs;
      try {
        out = await worker.point(config, this.accuracy, ctl.signal);
      } catch (e) {
        if (e instanceof AbortError || ctl.signal.aborted) {
          this.inFlight.delete(ctl);
          return;
        }
        out = failedOutputs(e instanceof Error ? e.message : String(e));
      }
      this.inFlight.delete(ctl);
      this.finished++;
      this.cb.onRow({ index, config, out });
      this.cb.onStatus(this.status, this.finished, this.points.length);
    }
  }
}

export function failedOutputs(reason: string): SweepOutputs {
  const n = NaN;
  return {
    ok: false,
    reason,
    werPToAp: n,
    werApToP: n,
    writeEnergyPerBitJ: n,
    energyPerStepJ: n,
    sramEnergyPerStepJ: n,
    ratio: n,
    ratioIsoCapacity: n,
    ratioIsoArea: n,
    computeJ: n,
    readJ: n,
    writeJ: n,
    leakageJ: n,
    dramJ: n,
    areaMm2: n,
  };
}
