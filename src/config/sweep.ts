/**
 * Sweeps: a deterministic list of design points (voltage x pulse x placement around a base
 * configuration), sharding, the row format shared by the UI export and the `sweep` CLI, and the
 * energy/accuracy Pareto front. Pure.
 */
import { FieldError } from '../models/errors.ts';
import { decodeSI } from './url.ts';
import {
  FIELDS,
  PLACEMENTS,
  TENSOR_CLASSES,
  getPath,
  parseConfigObject,
  setPath,
  type ExplorerConfig,
  type Placement,
  type TensorClass,
} from './schema.ts';
import { evaluateDeviceSection, evaluateSystemSection } from './analytic.ts';
import { SWEEP_MAX_ACCURACY_POINTS, SWEEP_MAX_POINTS } from './limits.ts';

export interface SweepSpec {
  base: ExplorerConfig;
  voltagesV: number[];
  pulsesS: number[];
  placements: Record<TensorClass, Placement>[];
  /** Run a training per point for its accuracy. */
  accuracy: boolean;
}

export const SWEEP_LIMITS = {
  maxPoints: SWEEP_MAX_POINTS,
  maxAxis: 200,
  maxAccuracyPoints: SWEEP_MAX_ACCURACY_POINTS,
} as const;

/** Parse and validate a sweep JSON document; errors name the file and the field. */
export function parseSweepSpec(json: unknown, file = 'sweep.json'): SweepSpec {
  const f = (field: string) => `${file}: ${field}`;
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new FieldError(f('(root)'), json, 'a JSON object');
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['base', 'voltageV', 'pulseWidthS', 'placements', 'accuracy'].includes(k)) {
      throw new FieldError(f(k), o[k], 'one of base, voltageV, pulseWidthS, placements, accuracy', 'unknown field');
    }
  }
  if (o.base !== undefined && (o.base === null || typeof o.base !== 'object' || Array.isArray(o.base))) {
    throw new FieldError(f('base'), o.base, 'a configuration object (the explorer configuration JSON, partial)');
  }
  const { config, issues } = parseConfigObject({ v: 2, ...((o.base as object | undefined) ?? {}) });
  if (issues.length) {
    const i = issues[0]!;
    throw new FieldError(f(`base.${i.field}`), i.value, i.accepted);
  }
  const vField = FIELDS.find((x) => x.path === 'device.voltageV')!;
  const tField = FIELDS.find((x) => x.path === 'device.pulseWidthS')!;
  const axis = (name: string, unit: string, def: number, min: number, max: number): number[] => {
    const raw = o[name];
    if (raw === undefined) return [def];
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > SWEEP_LIMITS.maxAxis) {
      throw new FieldError(f(name), raw, `a non-empty array of at most ${SWEEP_LIMITS.maxAxis} values`);
    }
    return raw.map((x, i) => {
      const n = typeof x === 'number' ? x : typeof x === 'string' ? decodeSI(x, unit) : NaN;
      if (!Number.isFinite(n) || n < min || n > max)
        throw new FieldError(f(`${name}[${i}]`), x, `a value in [${min}, ${max}] ${unit}`);
      return n;
    });
  };
  if (vField.kind !== 'number' || tField.kind !== 'number') throw new Error('schema');
  const voltagesV = axis('voltageV', 'V', config.device.voltageV, vField.min, vField.max);
  const pulsesS = axis('pulseWidthS', 's', config.device.pulseWidthS, tField.min, tField.max);
  let placements: Record<TensorClass, Placement>[] = [config.placement];
  if (o.placements !== undefined) {
    if (!Array.isArray(o.placements) || o.placements.length === 0 || o.placements.length > SWEEP_LIMITS.maxAxis) {
      throw new FieldError(
        f('placements'),
        o.placements,
        `a non-empty array of at most ${SWEEP_LIMITS.maxAxis} placements`,
      );
    }
    placements = o.placements.map((p, i) => {
      if (p === null || typeof p !== 'object')
        throw new FieldError(f(`placements[${i}]`), p, 'an object with weights, activations, errors, weightGradients');
      const out = { ...config.placement };
      for (const [k, v] of Object.entries(p as Record<string, unknown>)) {
        if (![...TENSOR_CLASSES, 'optimizer'].includes(k))
          throw new FieldError(
            f(`placements[${i}].${k}`),
            v,
            `one of ${[...TENSOR_CLASSES, 'optimizer'].join(', ')}`,
            'unknown tensor class',
          );
        if (!(PLACEMENTS as readonly string[]).includes(v as string))
          throw new FieldError(f(`placements[${i}].${k}`), v, `one of ${PLACEMENTS.join(', ')}`);
        out[k as TensorClass] = v as Placement; // optimizer: the training engine's fifth class
      }
      return out;
    });
  }
  if (o.accuracy !== undefined && typeof o.accuracy !== 'boolean')
    throw new FieldError(f('accuracy'), o.accuracy, 'true or false');
  const n = voltagesV.length * pulsesS.length * placements.length;
  if (n > SWEEP_LIMITS.maxPoints) throw new FieldError(f('(points)'), n, `at most ${SWEEP_LIMITS.maxPoints} points`);
  if (o.accuracy === true && n > SWEEP_LIMITS.maxAccuracyPoints)
    throw new FieldError(
      f('(points)'),
      n,
      `at most ${SWEEP_LIMITS.maxAccuracyPoints} points when "accuracy" is true (each point is a training run)`,
      'use fewer values, or run the energy sweep without accuracy',
    );
  return { base: config, voltagesV, pulsesS, placements, accuracy: o.accuracy === true };
}

/** All points in a fixed order: placement, then voltage, then pulse (the last varies fastest). */
export function enumeratePoints(spec: SweepSpec): ExplorerConfig[] {
  const out: ExplorerConfig[] = [];
  for (const placement of spec.placements) {
    for (const voltageV of spec.voltagesV) {
      for (const pulseWidthS of spec.pulsesS) {
        out.push({ ...spec.base, placement: { ...placement }, device: { ...spec.base.device, voltageV, pulseWidthS } });
      }
    }
  }
  return out;
}

/** Parse "i/n" (0-based shard i of n). */
export function parseShard(text: string, field = '--shard'): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new FieldError(field, text, 'i/n with 0 <= i < n, e.g. 0/4');
  return { index, count };
}

/** The contiguous block of point indices of shard i of n: concatenating shards 0..n-1 gives every point in order. */
export function shardRange(points: number, shard: { index: number; count: number }): [number, number] {
  const lo = Math.floor((shard.index * points) / shard.count);
  const hi = Math.floor(((shard.index + 1) * points) / shard.count);
  return [lo, hi];
}

/** Outputs of one design point. Accuracy fields are empty when the sweep does not train. */
export interface SweepOutputs {
  ok: boolean;
  reason: string;
  werPToAp: number;
  werApToP: number;
  writeEnergyPerBitJ: number;
  energyPerStepJ: number;
  sramEnergyPerStepJ: number;
  ratio: number;
  ratioIsoCapacity: number;
  ratioIsoArea: number;
  computeJ: number;
  readJ: number;
  writeJ: number;
  leakageJ: number;
  dramJ: number;
  areaMm2: number;
  testAccuracy?: number;
  /** ok, diverged, cancelled, or "failed: <reason>" (empty when the sweep does not train). */
  trainStatus?: string;
  corruptedBits?: number;
  backend?: string;
  /** Step at which a diverged run's loss became non-finite. */
  divergedAtStep?: number;
  /** Whether the point is on the energy/accuracy Pareto front of the rows output together (diverged points never are). */
  onParetoFront?: boolean;
}

export interface SweepRow {
  index: number;
  config: ExplorerConfig;
  out: SweepOutputs;
}

/** Analytic outputs of a point (never throws: bad points become ok=false rows). */
export function evaluatePointAnalytic(c: ExplorerConfig): SweepOutputs {
  const nan = NaN;
  const empty: SweepOutputs = {
    ok: false,
    reason: '',
    werPToAp: nan,
    werApToP: nan,
    writeEnergyPerBitJ: nan,
    energyPerStepJ: nan,
    sramEnergyPerStepJ: nan,
    ratio: nan,
    ratioIsoCapacity: nan,
    ratioIsoArea: nan,
    computeJ: nan,
    readJ: nan,
    writeJ: nan,
    leakageJ: nan,
    dramJ: nan,
    areaMm2: nan,
  };
  try {
    const d = evaluateDeviceSection(c).relaxed;
    const out = { ...empty, werPToAp: d.wer.pToAp, werApToP: d.wer.apToP, writeEnergyPerBitJ: d.writeEnergyJ.average };
    const s = evaluateSystemSection(c);
    if (!s.ok) return { ...out, reason: s.reason };
    const r = s.result;
    const design = c.array.iso === 'area' ? r.isoArea : r.isoCapacity;
    return {
      ...out,
      ok: true,
      energyPerStepJ: design.energyPerStepJ,
      sramEnergyPerStepJ: r.sram.energyPerStepJ,
      ratio: r.ratio,
      ratioIsoCapacity: r.ratioIsoCapacity,
      ratioIsoArea: r.ratioIsoArea,
      computeJ: design.breakdown.compute,
      readJ: design.breakdown.read,
      writeJ: design.breakdown.write,
      leakageJ: design.breakdown.leakage,
      dramJ: design.breakdown.dram,
      areaMm2: design.areaMm2,
    };
  } catch (e) {
    return { ...empty, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Input columns: every configuration field except the UI state. */
export const INPUT_COLUMNS = FIELDS.filter((f) => !f.path.startsWith('ui.')).map((f) => f.path);
export const OUTPUT_COLUMNS: (keyof SweepOutputs)[] = [
  'ok',
  'reason',
  'werPToAp',
  'werApToP',
  'writeEnergyPerBitJ',
  'energyPerStepJ',
  'sramEnergyPerStepJ',
  'ratio',
  'ratioIsoCapacity',
  'ratioIsoArea',
  'computeJ',
  'readJ',
  'writeJ',
  'leakageJ',
  'dramJ',
  'areaMm2',
  'testAccuracy',
  'trainStatus',
  'corruptedBits',
  'backend',
  'divergedAtStep',
  'onParetoFront',
];

export function csvHeader(): string {
  return ['index', ...INPUT_COLUMNS, ...OUTPUT_COLUMNS].join(',');
}

function csvCell(v: unknown): string {
  if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = Array.isArray(v) ? v.join(';') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(row: SweepRow): string {
  return [row.index, ...INPUT_COLUMNS.map((p) => getPath(row.config, p)), ...OUTPUT_COLUMNS.map((k) => row.out[k])]
    .map(csvCell)
    .join(',');
}

/** A JSON-friendly row: inputs by path, outputs by name. */
export function jsonRow(row: SweepRow): Record<string, unknown> {
  const o: Record<string, unknown> = { index: row.index };
  for (const p of INPUT_COLUMNS) o[p] = getPath(row.config, p);
  for (const k of OUTPUT_COLUMNS) {
    const v = row.out[k];
    // An infeasible point has no outputs: written as null (its reason says why), never as NaN.
    o[k] = v === undefined || (!row.out.ok && typeof v === 'number' && !Number.isFinite(v)) ? null : v;
  }
  return o;
}

export interface ParetoPoint {
  id: number;
  energyJ: number;
  accuracy: number;
  /** A run that did not finish cleanly (diverged, failed): never on the front, and dominates nothing. */
  diverged?: boolean;
}

/**
 * The energy/accuracy Pareto front: points not dominated by another with lower-or-equal energy and
 * higher-or-equal accuracy (one strictly better). Sorted by energy. Diverged points are left out.
 */
export function paretoFront<T extends ParetoPoint>(points: readonly T[]): T[] {
  const sorted = points
    .filter((p) => p.diverged !== true && Number.isFinite(p.energyJ) && Number.isFinite(p.accuracy))
    .sort((a, b) => a.energyJ - b.energyJ || b.accuracy - a.accuracy);
  const front: T[] = [];
  let best = -Infinity;
  for (const p of sorted) {
    if (p.accuracy > best) {
      front.push(p);
      best = p.accuracy;
    }
  }
  return front;
}

/** Whether a trained row finished cleanly (a diverged, cancelled or failed run is not a design to pick). */
export function trainedCleanly(out: SweepOutputs): boolean {
  return out.trainStatus === 'ok';
}

/**
 * Set `onParetoFront` on every row (in place; returns the rows): the front of energy per step against
 * test accuracy over the feasible rows given, diverged (or otherwise unfinished) runs excluded. Rows
 * without an accuracy are never on it.
 */
export function markParetoFront(rows: SweepRow[]): SweepRow[] {
  const front = new Set(
    paretoFront(
      rows
        .filter((r) => r.out.ok && r.out.testAccuracy !== undefined)
        .map((r) => ({
          id: r.index,
          energyJ: r.out.energyPerStepJ,
          accuracy: r.out.testAccuracy!,
          diverged: !trainedCleanly(r.out),
        })),
    ).map((p) => p.id),
  );
  for (const r of rows) r.out.onParetoFront = front.has(r.index);
  return rows;
}

/** The sweep outputs of a training result (shared by the CLI and the worker). */
export function trainOutputs(r: {
  testAccuracy: number;
  status: string;
  divergedAtStep?: number;
  corruptedBits: Record<string, number>;
  backend: string;
}): Partial<SweepOutputs> {
  const o: Partial<SweepOutputs> = {
    testAccuracy: r.testAccuracy,
    trainStatus: r.status,
    corruptedBits: Object.values(r.corruptedBits).reduce((a, b) => a + b, 0),
    backend: r.backend,
  };
  if (r.divergedAtStep !== undefined) o.divergedAtStep = r.divergedAtStep;
  return o;
}

/** Replace one field of a configuration (used by the UI to load a clicked point). */
export function withField(c: ExplorerConfig, path: string, value: unknown): ExplorerConfig {
  return setPath(c, path, value);
}
