/**
 * The device panel's Monte Carlo check: sLLG switching of both directions at the relaxed write voltage,
 * summarised as WER(t) with 95 % intervals beside the closed form at the same times. Pure: the CPU
 * engine runs here in chunks; the WebGPU engine (src/gpu) produces the same SllgResult shape.
 */
import {
  DEFAULT_DTAU,
  blendedWer,
  createSllgRun,
  deriveDevice,
  fokkerPlanckWer,
  mcAgreementFactor,
  simulateRange,
  sllgSetup,
  summarizeSllg,
  werModelOf,
  type SllgKernelSetup,
  type SllgResult,
  type WriteDirection,
} from '../models/device/index.ts';
import { FieldError } from '../models/errors.ts';
import { PHYS } from '../models/units.ts';
import type { ExplorerConfig } from '../schema/schema.ts';
import { deviceParamsFor } from './adapter.ts';

export interface McRequest {
  trajectories: number;
  engine: 'auto' | 'cpu' | 'webgpu';
  /**
   * CPU engine in the browser: number of Web Workers the trajectories are spread over (1 .. MC_MAX_WORKERS;
   * default: navigator.hardwareConcurrency, capped). The result does not depend on it.
   */
  workers?: number;
}

/** Most Web Workers one browser Monte Carlo run uses. */
export const MC_MAX_WORKERS = 16;

export interface McDirectionSummary {
  direction: WriteDirection;
  engine: 'cpu' | 'webgpu';
  trajectories: number;
  normalizedCurrent: number;
  /** WER(t): Monte Carlo fraction not switched, its Wilson 95 % interval, the closed form and the chosen model. */
  table: { tS: number; wer: number; low: number; high: number; closedForm: number; model: number }[];
  /** The model compared with the Monte Carlo (the configuration's WER model). */
  model: 'fp' | 'closed-form';
  /** Factor within which model and Monte Carlo are stated to agree at this current (null: no claim). */
  statedFactor: number | null;
  /** Largest model / MC ratio over table points where MC resolves WER >= 1e-2 (both nonzero). */
  worstRatio: number | null;
  /** Histogram of switching times: bin centres (s) and counts. */
  histogram: { tS: number; count: number }[];
}

export interface McSummary {
  voltageV: number;
  pulseWidthS: number;
  engineNote: string;
  directions: McDirectionSummary[];
  /** CPU engine: number of workers the trajectories were spread over (absent on WebGPU). */
  workers?: number;
}

/** The Monte Carlo pulse: twice the relaxed pulse, at most 50 ns (WER(t) is read off along the way). */
export function mcPulseS(c: ExplorerConfig): number {
  return Math.min(50e-9, 2 * c.device.pulseWidthS);
}

/** What a Monte Carlo result depends on: when it changes, an earlier result no longer belongs on the plot. */
/**
 * Integration steps of the panel's Monte Carlo, both directions: trajectories x pulse / dt with the engine's
 * default step dt = DEFAULT_DTAU t0, t0 = (1 + alpha^2) / (gamma mu0 Hk) (as src/models/device/sllg.ts).
 * Used to announce a run estimated over a minute before it starts.
 */
export function mcConfigSteps(c: ExplorerConfig, trajectories: number): number {
  const p = deviceParamsFor(c);
  const d = deriveDevice(p);
  const t0S = (1 + p.damping * p.damping) / (PHYS.gamma * PHYS.mu0 * d.hkAPerM);
  return 2 * trajectories * Math.max(1, Math.round(mcPulseS(c) / (DEFAULT_DTAU * t0S)));
}

export function mcKey(c: ExplorerConfig): string {
  return JSON.stringify([c.device.voltageV, mcPulseS(c), deviceParamsFor(c), c.seed]);
}

export function summarize(c: ExplorerConfig, r: SllgResult): McDirectionSummary {
  const p = deviceParamsFor(c);
  const d = deriveDevice(p);
  const i = r.normalizedCurrent;
  const model = werModelOf(p);
  const table = r.werTable.map((pt) => {
    const cf = blendedWer(d.thermalStability, i, pt.tS, d.tauDS, p.attemptTimeS, p.thermalBarrierFloorKT);
    const fp = model === 'fp' ? fokkerPlanckWer(d.thermalStability, i, pt.tS / d.tauDS) : cf;
    return { tS: pt.tS, wer: pt.wer, low: pt.ci95[0], high: pt.ci95[1], closedForm: cf, model: fp };
  });
  let worst: number | null = null;
  for (const t of table) {
    if (t.wer >= 1e-2 && t.model > 0) {
      const ratio = Math.max(t.model / t.wer, t.wer / t.model);
      worst = worst === null ? ratio : Math.max(worst, ratio);
    }
  }
  const times = [...r.switchingTimesS].filter(Number.isFinite);
  const bins = 30;
  const hist = Array.from({ length: bins }, (_, k) => ({ tS: ((k + 0.5) * r.pulseWidthS) / bins, count: 0 }));
  for (const t of times) hist[Math.min(bins - 1, Math.floor((t / r.pulseWidthS) * bins))]!.count++;
  return {
    direction: r.direction,
    engine: r.engine,
    trajectories: r.trajectories,
    normalizedCurrent: i,
    table,
    model,
    // the Fokker-Planck solves the Monte Carlo's own equation: agreement within x1.5 is tested for i in [1, 3]
    statedFactor: model === 'fp' ? (i >= 1 && i <= 3 ? 1.5 : null) : mcAgreementFactor(i),
    worstRatio: worst,
    histogram: hist,
  };
}

/** CPU engine, chunked: calls onPartial after every chunk; stops early when it returns false. */
export function runMonteCarloCpu(
  c: ExplorerConfig,
  req: McRequest,
  onPartial: (s: McDirectionSummary[]) => boolean | void,
): McDirectionSummary[] {
  const pulse = mcPulseS(c);
  const runs = (['pToAp', 'apToP'] as const).map((dir) =>
    createSllgRun(deviceParamsFor(c), c.device.voltageV, pulse, dir, {
      trajectories: req.trajectories,
      seed: c.seed,
      tablePoints: 30,
    }),
  );
  const chunk = Math.max(1, Math.ceil(req.trajectories / 10));
  for (;;) {
    for (const r of runs) if (!r.finished) r.advance(chunk);
    const partial = runs.map((r) => summarize(c, r.result()));
    if (runs.every((r) => r.finished)) return partial;
    if (onPartial(partial) === false) return partial;
  }
}

/** The two kernel setups (P->AP, AP->P) of the panel's Monte Carlo, exactly those runMonteCarloCpu runs. */
export function mcSetups(c: ExplorerConfig, req: Pick<McRequest, 'trajectories'>): SllgKernelSetup[] {
  const pulse = mcPulseS(c);
  return (['pToAp', 'apToP'] as const).map((dir) =>
    sllgSetup(deviceParamsFor(c), c.device.voltageV, pulse, dir, {
      trajectories: req.trajectories,
      seed: c.seed,
      tablePoints: 30,
    }),
  );
}

/** A block of trajectory indices [from, to) of one direction: the unit of work of the browser worker pool. */
export interface McChunk {
  direction: WriteDirection;
  from: number;
  to: number;
}

/** Switching steps of a chunk's trajectories (-1: not switched), in index order, and the steps integrated. */
export interface McChunkResult extends McChunk {
  steps: Int32Array;
  stepsSimulated: number;
}

/**
 * Simulate one chunk. Every trajectory draws from its own counter-based stream (seed, direction's stream, index),
 * the scheme of the CLI's worker threads (src/cli/mc/pool.ts), so any split reproduces the single-worker run.
 */
export function runMcChunk(c: ExplorerConfig, req: Pick<McRequest, 'trajectories'>, chunk: McChunk): McChunkResult {
  const setup = mcSetups(c, req).find((s) => s.direction === chunk.direction);
  if (!setup) throw new FieldError('direction', chunk.direction, 'pToAp or apToP');
  const n = setup.trajectories;
  if (!Number.isInteger(chunk.from) || chunk.from < 0 || chunk.from >= n)
    throw new FieldError('from', chunk.from, `an integer in [0, ${n - 1}]`);
  if (!Number.isInteger(chunk.to) || chunk.to <= chunk.from || chunk.to > n)
    throw new FieldError('to', chunk.to, `an integer in [${chunk.from + 1}, ${n}]`);
  const r = simulateRange(setup, chunk.from, chunk.to);
  return { ...chunk, steps: r.steps, stepsSimulated: r.stepsSimulated };
}

/**
 * Summarise the chunks completed so far, per direction (directions without a chunk are left out). The chunks'
 * trajectories are put in index order; once every chunk is in, the summary is exactly runMonteCarloCpu's.
 */
export function mergeMcChunks(
  c: ExplorerConfig,
  req: Pick<McRequest, 'trajectories'>,
  chunks: readonly McChunkResult[],
): McDirectionSummary[] {
  const out: McDirectionSummary[] = [];
  for (const setup of mcSetups(c, req)) {
    const mine = chunks.filter((k) => k.direction === setup.direction).sort((a, b) => a.from - b.from);
    if (!mine.length) continue;
    const count = mine.reduce((a, k) => a + k.steps.length, 0);
    const steps = new Int32Array(count);
    let at = 0;
    let stepsSimulated = 0;
    for (const k of mine) {
      steps.set(k.steps, at);
      at += k.steps.length;
      stepsSimulated += k.stepsSimulated;
    }
    out.push(summarize(c, summarizeSllg(setup, steps, count, stepsSimulated, 'cpu')));
  }
  return out;
}
