/**
 * Sweep points evaluated: the analytic outputs of one design point, the row format shared by the UI
 * export and the `sweep` CLI, and the energy/accuracy Pareto front. Pure.
 */
import { FIELDS, getPath, type ExplorerConfig } from '../schema/schema.ts';
import { evaluateDeviceSection, evaluateSystemSection } from './analytic.ts';

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

/**
 * Which sweep and shard a row belongs to (src/schema/sweep.ts sweepRowMeta): the spec hash, the sweep's
 * point count and the shard "i/n" that wrote it. `sweep merge` checks them; the last columns of a row.
 */
export interface SweepRowMeta {
  specHash: string;
  sweepPoints: number;
  shard: string;
}
export const META_COLUMNS: (keyof SweepRowMeta)[] = ['specHash', 'sweepPoints', 'shard'];

/** Every column of a sweep CSV, in order. */
export function csvColumns(): string[] {
  return ['index', ...INPUT_COLUMNS, ...OUTPUT_COLUMNS, ...META_COLUMNS];
}

export function csvHeader(): string {
  return csvColumns().join(',');
}

/** One CSV cell: empty for undefined and NaN, quoted when it holds a comma, quote or line break. */
export function csvCell(v: unknown): string {
  if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = Array.isArray(v) ? v.join(';') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row (the meta cells are empty when `meta` is not given). */
export function csvRow(row: SweepRow, meta?: SweepRowMeta): string {
  return [
    row.index,
    ...INPUT_COLUMNS.map((p) => getPath(row.config, p)),
    ...OUTPUT_COLUMNS.map((k) => row.out[k]),
    ...META_COLUMNS.map((k) => meta?.[k]),
  ]
    .map(csvCell)
    .join(',');
}

/** A JSON-friendly row: inputs by path, outputs by name, then the meta keys (null when `meta` is not given). */
export function jsonRow(row: SweepRow, meta?: SweepRowMeta): Record<string, unknown> {
  const o: Record<string, unknown> = { index: row.index };
  for (const p of INPUT_COLUMNS) o[p] = getPath(row.config, p);
  for (const k of OUTPUT_COLUMNS) {
    const v = row.out[k];
    // An infeasible point has no outputs: written as null (its reason says why), never as NaN.
    o[k] = v === undefined || (!row.out.ok && typeof v === 'number' && !Number.isFinite(v)) ? null : v;
  }
  for (const k of META_COLUMNS) o[k] = meta?.[k] ?? null;
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
export function trainedCleanly(out: Pick<SweepOutputs, 'trainStatus'>): boolean {
  return out.trainStatus === 'ok';
}

/**
 * Set `onParetoFront` on every row (in place; returns the rows): the front of energy per step against
 * test accuracy over the feasible rows given, diverged (or otherwise unfinished) runs excluded. Rows
 * without an accuracy are never on it.
 */
export function markParetoFront<
  R extends {
    index: number;
    out: Pick<SweepOutputs, 'ok' | 'energyPerStepJ' | 'testAccuracy' | 'trainStatus' | 'onParetoFront'>;
  },
>(rows: R[]): R[] {
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
