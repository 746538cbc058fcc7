/**
 * The explorer's analytic evaluation: ExplorerConfig -> plain, chart-ready results for every model layer.
 * Pure (no DOM/worker): runs in the model worker, in the CLI and in Node tests, and gives the same numbers
 * everywhere (same URL, same numbers).
 */
import { defaultDeviceParams, evaluateWrite, werCurve, type DeviceWriteResult } from '../models/device/index.ts';
import { FieldError } from '../models/errors.ts';
import type { ExplorerConfig } from './schema.ts';

export interface WerCurveSet {
  /** Pulse widths of every curve (s), log-spaced. */
  pulsesS: Float64Array;
  curves: { voltageV: number; direction: 'pToAp' | 'apToP'; wer: Float64Array }[];
}

export interface DeviceSection {
  relaxed: DeviceWriteResult;
  nominal: DeviceWriteResult;
  /** Average write energy per bit, nominal / relaxed (how much the relaxed write saves). */
  writeEnergySaving: number;
  curves: WerCurveSet;
}

export interface AnalyticResult {
  device: DeviceSection;
  /** Wall time of the evaluation in the worker, ms (diagnostic only; not part of the numbers). */
  elapsedMs?: number;
}

export type AnalyticOutcome = { ok: true; result: AnalyticResult } | { ok: false; field?: string; reason: string };

export function logspace(lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  for (let i = 0; i < n; i++) out[i] = 10 ** (a + ((b - a) * i) / (n - 1));
  return out;
}

/** Voltages drawn as WER curves: the relaxed and nominal points and two neighbours of the relaxed one. */
export function curveVoltages(c: ExplorerConfig): number[] {
  const v = c.device.voltageV;
  const set = new Set([v - 0.1, v, v + 0.1, c.device.nominalVoltageV].map((x) => Math.round(x * 1000) / 1000));
  return [...set].filter((x) => x >= 0.1 && x <= 1.5).sort((a, b) => a - b);
}

export function evaluateDeviceSection(c: ExplorerConfig): DeviceSection {
  const p = defaultDeviceParams;
  const relaxed = evaluateWrite(p, c.device.voltageV, c.device.pulseWidthS);
  const nominal = evaluateWrite(p, c.device.nominalVoltageV, c.device.nominalPulseWidthS);
  const pulsesS = logspace(0.1e-9, 100e-9, 31);
  const curves: WerCurveSet['curves'] = [];
  for (const voltageV of curveVoltages(c)) {
    const pts = werCurve(p, voltageV, [...pulsesS]);
    curves.push({ voltageV, direction: 'pToAp', wer: Float64Array.from(pts, (q) => q.pToAp) });
    curves.push({ voltageV, direction: 'apToP', wer: Float64Array.from(pts, (q) => q.apToP) });
  }
  return {
    relaxed,
    nominal,
    writeEnergySaving: nominal.writeEnergyJ.average / relaxed.writeEnergyJ.average,
    curves: { pulsesS, curves },
  };
}

export function evaluateAnalytic(c: ExplorerConfig): AnalyticOutcome {
  try {
    return { ok: true, result: { device: evaluateDeviceSection(c) } };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, field: e.field, reason: e.message };
    throw e;
  }
}
