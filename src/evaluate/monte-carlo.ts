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
  werModelOf,
  type SllgResult,
  type WriteDirection,
} from '../models/device/index.ts';
import { PHYS } from '../models/units.ts';
import type { ExplorerConfig } from '../schema/schema.ts';
import { deviceParamsFor } from './adapter.ts';

export interface McRequest {
  trajectories: number;
  engine: 'auto' | 'cpu' | 'webgpu';
}

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
