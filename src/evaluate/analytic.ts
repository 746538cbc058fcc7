/**
 * The explorer's analytic evaluation: ExplorerConfig -> plain, chart-ready results for every model layer
 * (device, array, accelerator + system). Pure (no DOM/worker): runs in the model worker, in the CLI and in
 * Node tests, and gives the same numbers everywhere (same URL, same numbers).
 */
import {
  arrayWerCurve,
  evaluateWrite,
  hasVariation,
  werCurve,
  type DeviceWriteResult,
} from '../models/device/index.ts';
import {
  exportNvsimCell,
  exportNvsimCfg,
  isoAreaCapacity,
  type ArrayInput,
  type ArrayResult,
} from '../models/array/index.ts';
import {
  cachedEvaluateArray,
  defaultArrayModel,
  evaluateSystem,
  explainSystem,
  type Explanation,
  type SystemResult,
} from '../models/system/index.ts';
import { FieldError } from '../models/errors.ts';
import { PLACEMENT_OPTIONS, SOT_MRAM, sotWrite, TECHNOLOGIES, technology } from '../models/tech/index.ts';
import type { ExplorerConfig, Placement } from '../schema/schema.ts';
import { accessFor, arrayInputFor, deviceParamsFor, systemConfigFor, writePointsFor } from './adapter.ts';

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
  /** The closed form's curves at the same voltages and pulses (drawn on request beside the chosen model). */
  closedFormCurves?: WerCurveSet['curves'];
  /** With parameter spreads: array-mean and worst-bit WER versus pulse at the relaxed voltage. */
  variationCurves?: { voltageV: number; arrayMean: PerDirectionCurve; worstBit: PerDirectionCurve; percentile: number };
  /**
   * SOT-MRAM (src/models/tech/sot-mram) at its own write point, at the device temperature, and its WER versus
   * pulse at drive voltages around that point (both directions are equal: one curve per voltage).
   */
  sot: { write: ReturnType<typeof sotWrite>; curves: { voltageV: number; wer: Float64Array }[] };
  /** WER per direction of each placement value at its write point (registry; SRAM 0): what a class placed there gets. */
  placementWer: Record<Placement, { pToAp: number; apToP: number }>;
  /**
   * The access transistor in series: its resistance, and whether it is the array's (of that width, sized or
   * given) or the device field (which needs no array transistor, so any device temperature works).
   */
  access: { resistanceOhm: number; source: 'array' | 'device'; widthF?: number; sized?: boolean };
}

export interface PerDirectionCurve {
  pToAp: Float64Array;
  apToP: Float64Array;
}

/** A result, or why there is none (infeasible is data). `field` names the input at fault where one is. */
export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: string; hint?: string; field?: string };

export interface ArrayMetricCurves {
  capacitiesBytes: number[];
  /** Per technology, per metric, one value per capacity (NaN where infeasible). */
  /** One entry per registry technology (src/models/tech), in registry order; STT-MRAM at the nominal write. */
  byTech: { id: string; label: string; metrics: Record<ArrayMetric, number[]> }[];
  /** The same curves by their original keys (sram, mram = STT-MRAM nominal, sot = SOT-MRAM). */
  sram: Record<ArrayMetric, number[]>;
  mram: Record<ArrayMetric, number[]>;
  sot: Record<ArrayMetric, number[]>;
}
export const ARRAY_METRICS = [
  'areaMm2',
  'readLatencyS',
  'writeLatencyS',
  'readEnergyJ',
  'writeEnergyJ',
  'leakageW',
] as const;
export type ArrayMetric = (typeof ARRAY_METRICS)[number];

export interface ArraySection {
  sram: Outcome<{ result: ArrayResult }>;
  /** MRAM at the nominal write, same capacity (iso-capacity). */
  mram: Outcome<{ result: ArrayResult }>;
  /** SOT-MRAM at its own write point, same capacity. */
  sot: Outcome<{ result: ArrayResult }>;
  /** MRAM at the relaxed write, same capacity. */
  mramRelaxed: Outcome<{ result: ArrayResult }>;
  /** Largest MRAM (nominal write) that fits the SRAM's area. */
  isoArea: Outcome<{ capacityBytes: number; result: ArrayResult; sramAreaMm2: number }>;
  /**
   * One array per placement of the registry (PLACEMENT_OPTIONS: its technology at its write point), same
   * capacity, in registry order: the array table's columns. sram, mram, mramRelaxed and sot above are the
   * same outcomes under their original keys.
   */
  byPlacement: { value: string; label: string; outcome: Outcome<{ result: ArrayResult }> }[];
  curves: ArrayMetricCurves;
}

/**
 * One outcome per section: a section that cannot be computed at this point (e.g. the relaxed write would
 * break down the barrier) says why, and the sections that do not depend on the failing input keep their
 * numbers (the SRAM array and its curves, an all-SRAM or nominal-only system). A successful section carries
 * the same keys as before, plus `ok: true`.
 */
export interface AnalyticResult {
  device: Outcome<DeviceSection>;
  array: Outcome<ArraySection>;
  system: Outcome<{ result: SystemResult }>;
  /** Wall time of the evaluation in the worker, ms (diagnostic only; not part of the numbers). */
  elapsedMs?: number;
}

/**
 * evaluateAnalytic reports infeasibility per section (AnalyticResult), so it answers `ok: true` for every
 * configuration that passed validation; the `ok: false` form stays for callers that evaluate elsewhere.
 */
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
  // The device with the configuration's one access transistor (the system's too), at its two write points.
  const p = deviceParamsFor(c);
  const w = writePointsFor(c);
  const relaxed = evaluateWrite(p, w.relaxed.voltageV, w.relaxed.pulseWidthS);
  const nominal = evaluateWrite(p, w.nominal.voltageV, w.nominal.pulseWidthS);
  const pulsesS = logspace(0.1e-9, 100e-9, 31);
  const curves: WerCurveSet['curves'] = [];
  for (const voltageV of curveVoltages(c)) {
    const pts = werCurve(p, voltageV, [...pulsesS]);
    curves.push({ voltageV, direction: 'pToAp', wer: Float64Array.from(pts, (q) => q.pToAp) });
    curves.push({ voltageV, direction: 'apToP', wer: Float64Array.from(pts, (q) => q.apToP) });
  }
  const closedFormCurves: WerCurveSet['curves'] = [];
  const pcf = { ...p, werModel: 'closed-form' as const };
  for (const voltageV of curveVoltages(c)) {
    const pts = werCurve(pcf, voltageV, [...pulsesS]);
    closedFormCurves.push({ voltageV, direction: 'pToAp', wer: Float64Array.from(pts, (q) => q.pToAp) });
    closedFormCurves.push({ voltageV, direction: 'apToP', wer: Float64Array.from(pts, (q) => q.apToP) });
  }
  let variationCurves: DeviceSection['variationCurves'];
  if (hasVariation(p)) {
    const v = arrayWerCurve(p, c.device.voltageV, [...pulsesS]);
    variationCurves = { voltageV: c.device.voltageV, ...v };
  }
  const sot = sotSection(p.temperatureK, pulsesS);
  const placementWer = Object.fromEntries(
    PLACEMENT_OPTIONS.map((o) => {
      const w =
        o.write === 'none'
          ? { pToAp: 0, apToP: 0 }
          : o.write === 'nominal'
            ? nominal.wer
            : o.write === 'relaxed'
              ? relaxed.wer
              : technology(o.tech).writeModel(technology(o.tech).nominalWrite!, { temperatureK: p.temperatureK }).wer;
      return [o.value, { pToAp: w.pToAp, apToP: w.apToP }];
    }),
  ) as DeviceSection['placementWer'];
  const a = c.system.accessR === 'array' ? accessFor(c) : undefined;
  return {
    access: {
      resistanceOhm: p.accessResistanceOhm,
      source: c.system.accessR,
      ...(a ? { widthF: a.widthF, sized: a.sized } : {}),
    },
    relaxed,
    nominal,
    sot,
    placementWer,
    writeEnergySaving: nominal.writeEnergyJ.average / relaxed.writeEnergyJ.average,
    curves: { pulsesS, curves },
    closedFormCurves,
    ...(variationCurves ? { variationCurves } : {}),
  };
}

/**
 * SOT-MRAM's write point and WER curves (its write point and two neighbours, 0.1 V apart). They depend only
 * on the temperature and the pulse grid, not on the sliders: the last one is kept (slider moves reuse it).
 */
let sotMemo: { temperatureK: number; pulsesS: Float64Array; value: DeviceSection['sot'] } | undefined;
function sotSection(temperatureK: number, pulsesS: Float64Array): DeviceSection['sot'] {
  const m = sotMemo;
  if (
    m &&
    m.temperatureK === temperatureK &&
    m.pulsesS.length === pulsesS.length &&
    m.pulsesS.every((t, i) => t === pulsesS[i])
  )
    return m.value;
  const point = SOT_MRAM.nominalWrite!;
  const curves = [point.voltageV - 0.1, point.voltageV, point.voltageV + 0.1].map((voltageV) => ({
    voltageV: Math.round(voltageV * 1000) / 1000,
    wer: Float64Array.from(pulsesS, (t) => sotWrite({ voltageV, pulseWidthS: t }, temperatureK).wer.pToAp),
  }));
  const value = { write: sotWrite(point, temperatureK), curves };
  sotMemo = { temperatureK, pulsesS: Float64Array.from(pulsesS), value };
  return value;
}

/** The array name of a registry technology: STT-MRAM keeps 'mram' (the array layer's JSON contract). */
const arrayTechOf = (id: string): ArrayInput['tech'] => (id === 'stt-mram' ? 'mram' : (id as ArrayInput['tech']));

function wrap(r: ReturnType<typeof cachedEvaluateArray>): Outcome<{ result: ArrayResult }> {
  return r.ok ? { ok: true, result: r } : { ok: false, reason: r.reason, ...(r.hint ? { hint: r.hint } : {}) };
}

/** Capacities of the array metric curves: 64 KiB to 256 MiB, one per power of four. */
export const CURVE_CAPACITIES = [16, 18, 20, 22, 24, 26, 28].map((e) => 2 ** e);

/** Iso-area sizing is a search over capacities (~5 ms): memoised, since it depends only on the nominal write. */
const isoMemo = new Map<string, ReturnType<typeof isoAreaCapacity>>();
function cachedIsoArea(sram: ArrayInput, mram: ArrayInput): ReturnType<typeof isoAreaCapacity> {
  const key = JSON.stringify([sram, mram]);
  let r = isoMemo.get(key);
  if (!r) {
    r = isoAreaCapacity(sram, mram);
    if (isoMemo.size > 500) isoMemo.clear();
    isoMemo.set(key, r);
  }
  return r;
}

/** An array evaluation whose bad input (e.g. a temperature outside the array's tables) becomes infeasible. */
function safeEvaluate(i: ArrayInput): ReturnType<typeof cachedEvaluateArray> {
  try {
    return cachedEvaluateArray(defaultArrayModel, i);
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, reason: e.message, field: e.field };
    throw e;
  }
}

export function evaluateArraySection(c: ExplorerConfig): ArraySection {
  const eval_ = safeEvaluate;
  const cap = c.array.capacityBytes;
  let iso: ReturnType<typeof isoAreaCapacity>;
  try {
    iso = cachedIsoArea(arrayInputFor(c, 'sram', cap, 'nominal'), arrayInputFor(c, 'mram', cap, 'nominal'));
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    iso = { ok: false, reason: e.message };
  }
  const curve = (tech: ArrayInput['tech']) => {
    const out = Object.fromEntries(ARRAY_METRICS.map((m) => [m, [] as number[]])) as Record<ArrayMetric, number[]>;
    for (const capB of CURVE_CAPACITIES) {
      const r = eval_(arrayInputFor(c, tech, capB, 'nominal'));
      for (const m of ARRAY_METRICS) out[m].push(r.ok ? r[m] : NaN);
    }
    return out;
  };
  const byTech = TECHNOLOGIES.map((t) => ({
    id: t.id,
    label:
      t.writePath === 'shared'
        ? `${t.label} (nominal write)`
        : t.nominalWrite
          ? `${t.label} (its write point)`
          : t.label,
    metrics: curve(arrayTechOf(t.id)),
  }));
  const of = (id: string) => byTech.find((t) => t.id === id)!.metrics;
  const named = { sram: of('sram'), mram: of('stt-mram'), sot: of('sot-mram') };
  // One array per placement: its technology at its write point (the configuration's nominal or relaxed
  // write for STT-MRAM; a technology with its own write point ignores the configuration's).
  const byPlacement = PLACEMENT_OPTIONS.map((o) => ({
    value: o.value,
    label: o.label,
    outcome: wrap(eval_(arrayInputFor(c, arrayTechOf(o.tech), cap, o.write === 'relaxed' ? 'relaxed' : 'nominal'))),
  }));
  const at = (value: string) => byPlacement.find((p) => p.value === value)!.outcome;
  return {
    sram: at('sram'),
    mram: at('mram'),
    mramRelaxed: at('relaxed'),
    sot: at('sot'),
    byPlacement,
    isoArea: iso.ok
      ? { ok: true, capacityBytes: iso.capacityBytes, result: iso.result, sramAreaMm2: iso.sramAreaMm2 }
      : { ok: false, reason: iso.reason },
    curves: { capacitiesBytes: CURVE_CAPACITIES, byTech, ...named },
  };
}

/** NVSim input files for the current configuration (SRAM and the MRAM at the relaxed write), for cross-checks in NVSim. */
export function nvsimFiles(c: ExplorerConfig): Record<string, string> {
  const cap = c.array.capacityBytes;
  const sram = arrayInputFor(c, 'sram', cap, 'nominal');
  const mram = arrayInputFor(c, 'mram', cap, 'relaxed');
  return {
    'sram.cfg': exportNvsimCfg(sram, 'SRAM.cell'),
    'SRAM.cell': exportNvsimCell(sram),
    'mram.cfg': exportNvsimCfg(mram, 'mram.cell'),
    'mram.cell': exportNvsimCell(mram),
  };
}

/** The system-layer configuration of an explorer configuration (the one adapter, src/evaluate/adapter.ts). */
export { systemConfigFor, systemChoicesFor } from './adapter.ts';

export function evaluateSystemSection(c: ExplorerConfig): Outcome<{ result: SystemResult }> {
  let r: ReturnType<typeof evaluateSystem>;
  try {
    r = evaluateSystem(systemConfigFor(c));
  } catch (e) {
    // A bad system setting (e.g. a temperature outside the array's 300-400 K) leaves the device panel working.
    if (e instanceof FieldError) return { ok: false, reason: e.message };
    throw e;
  }
  return r.ok ? { ok: true, result: r } : { ok: false, reason: r.reason, ...(r.hint ? { hint: r.hint } : {}) };
}

/** A section computed on its own: a FieldError (an input this section cannot take) becomes its reason. */
function section<T extends object>(f: () => T): Outcome<T> {
  try {
    return { ok: true, ...f() };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, reason: e.message, field: e.field };
    throw e;
  }
}

export function evaluateAnalytic(c: ExplorerConfig): AnalyticOutcome {
  // Each section on its own: the system model checks the write points its placement uses (MgO breakdown
  // included), so an infeasible write fails the system only when a class is stored at it.
  return {
    ok: true,
    result: {
      device: section(() => evaluateDeviceSection(c)),
      array: section(() => evaluateArraySection(c)),
      system: evaluateSystemSection(c),
    },
  };
}

/** "Why this ratio": the ladder and sensitivity of the current configuration (src/models/system/explain.ts). */
export type ExplainOutcome = Outcome<{ result: Explanation }>;
export function explainAnalytic(c: ExplorerConfig): ExplainOutcome {
  try {
    const r = explainSystem(systemConfigFor(c), (cfg) => evaluateSystem(cfg));
    return r.ok ? { ok: true, result: r } : { ok: false, reason: r.reason };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, reason: e.message };
    throw e;
  }
}
