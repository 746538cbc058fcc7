/**
 * The reference study's claim, checked ("relaxing MRAM writes saves more than 2x write energy at
 * minimal accuracy loss"): for each stored class, and for the best heterogeneous placement, the
 * lowest-write-energy relaxed write (voltage, pulse) whose mean test accuracy over several seeds stays
 * within a tolerance (default 1 percentage point) of the clean mean, and its write-energy saving
 * against the nominal write (energy per bit, nominal / relaxed).
 *
 * A target's relaxed classes get the relaxed write's error rates (0->1 = WER P->AP, 1->0 = WER AP->P);
 * every other class is stored in MRAM at the nominal write (its rates, tiny but not zero). The clean
 * reference stores every class without errors.
 *
 * Search, per target: grid points below the nominal write energy, in increasing write energy; the
 * first whose seed mean is within tolerance is the answer (every reported point was trained, never
 * inferred). A point at least as error-prone as one that failed (both directions' WER >= the failed
 * point's) is skipped without training, on the assumption that more errors do not improve accuracy;
 * skipped points are listed as such.
 *
 * Heterogeneous placement: the classes whose own answer saves energy are relaxed together (the others
 * nominal) and searched the same way; where that set fails everywhere, the set without the class of
 * the smallest saving is tried, and so on. "all" (every class relaxed) is reported beside it.
 */
import { FieldError, checkRange } from '../models/errors.ts';
import { type DeviceParams, defaultDeviceParams, evaluateWrite } from '../models/device/index.ts';
import type { ChannelSpec } from './channel.ts';
import { DATASET_NAMES, type Dataset, type DatasetName } from './data.ts';
import { type TrainResult, train } from './engine.ts';
import { MODEL_NAMES, type ModelName } from './model.ts';
import { DEFAULT_TRAIN_REQUEST, type TrainRequest, validateTrainRequest } from './request.ts';
import { TENSOR_CLASSES, type TensorClass, perClass } from './store.ts';

export interface ClaimSpec {
  models: ModelName[];
  datasets: DatasetName[];
  /** Seeds 1..seeds per point (>= 1; the claim asks for >= 3). */
  seeds: number;
  voltagesV: number[];
  pulsesS: number[];
  nominalVoltageV: number;
  nominalPulseWidthS: number;
  /** Accuracy tolerance in percentage points (default 1). */
  tolerancePp: number;
  /** Classes searched one at a time (default: all five). */
  classes: TensorClass[];
  /** Training settings shared by every run (epochs, sample limits, optimiser...). */
  base: Partial<TrainRequest>;
  deviceParams?: DeviceParams;
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation over seeds (0 for one seed). */
  sd: number;
  values: number[];
}

export interface ClaimPoint {
  model: ModelName;
  dataset: DatasetName;
  /** A class, "heterogeneous:<a>+<b>", or "all". */
  target: string;
  voltageV: number;
  pulseWidthS: number;
  werPToAp: number;
  werApToP: number;
  writeEnergyPerBitJ: number;
  /** "trained" or "skipped" (dominated by a failed point). */
  state: 'trained' | 'skipped';
  accuracy?: Spread;
  /** Seeds whose run diverged. */
  diverged?: number;
  withinTolerance?: boolean;
}

export interface ClaimRow {
  model: ModelName;
  dataset: DatasetName;
  target: string;
  /** Whether a relaxed write below the nominal energy stays within tolerance. */
  found: boolean;
  voltageV: number | null;
  pulseWidthS: number | null;
  writeEnergyPerBitJ: number | null;
  nominalWriteEnergyPerBitJ: number;
  /** nominal / relaxed write energy per bit (1 when nothing was found). */
  writeEnergySaving: number;
  accuracyMean: number | null;
  accuracyMin: number | null;
  accuracyMax: number | null;
  cleanMean: number;
  cleanMin: number;
  cleanMax: number;
  /** Clean mean minus the target's mean, percentage points. */
  accuracyDropPp: number | null;
  seeds: number;
  tolerancePp: number;
  pointsTrained: number;
  pointsSkipped: number;
}

export interface ClaimResult {
  rows: ClaimRow[];
  points: ClaimPoint[];
  spec: ClaimSpec;
}

/** Check a spec; errors name the CLI flag. */
export function validateClaimSpec(s: ClaimSpec): ClaimSpec {
  if (!Number.isInteger(s.seeds) || s.seeds < 1) throw new FieldError('--seeds', s.seeds, 'an integer >= 1');
  if (s.models.length === 0) throw new FieldError('--models', '', `a comma list of ${MODEL_NAMES.join(', ')}`);
  for (const m of s.models)
    if (!(MODEL_NAMES as readonly string[]).includes(m))
      throw new FieldError('--models', m, `a comma list of ${MODEL_NAMES.join(', ')}`);
  if (s.classes.length === 0) throw new FieldError('--classes', '', `a comma list of ${TENSOR_CLASSES.join(', ')}`);
  for (const c of s.classes)
    if (!(TENSOR_CLASSES as readonly string[]).includes(c))
      throw new FieldError('--classes', c, `a comma list of ${TENSOR_CLASSES.join(', ')}`);
  if (s.datasets.length === 0) throw new FieldError('--datasets', '', `a comma list of ${DATASET_NAMES.join(', ')}`);
  for (const d of s.datasets)
    if (!(DATASET_NAMES as readonly string[]).includes(d))
      throw new FieldError('--datasets', d, `a comma list of ${DATASET_NAMES.join(', ')}`);
  if (s.voltagesV.length === 0) throw new FieldError('--voltages', '', 'at least one voltage');
  if (s.pulsesS.length === 0) throw new FieldError('--pulses', '', 'at least one pulse width');
  checkRange('--tolerance', s.tolerancePp, 0, 100);
  return s;
}

export function spread(values: number[]): Spread {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, min: Math.min(...values), max: Math.max(...values), sd, values };
}

interface Grid {
  voltageV: number;
  pulseWidthS: number;
  rate01: number;
  rate10: number;
  energyJ: number;
}

const channel = (r: { rate01: number; rate10: number }): ChannelSpec => ({
  rate01: r.rate01,
  rate10: r.rate10,
  protect: [],
});

/**
 * Run the study. `load(dataset)` gives the data; `onPoint` streams every grid point as it is decided;
 * `run` trains one request (default: `train`).
 */
export async function claimStudy(
  specIn: ClaimSpec,
  load: (d: DatasetName) => Dataset | Promise<Dataset>,
  opts: {
    onPoint?: (p: ClaimPoint) => void;
    run?: (req: TrainRequest, data: Dataset) => Promise<TrainResult>;
    shouldStop?: () => boolean;
  } = {},
): Promise<ClaimResult> {
  const spec = validateClaimSpec(specIn);
  const dp = spec.deviceParams ?? defaultDeviceParams;
  const run = opts.run ?? ((req: TrainRequest, data: Dataset) => train(req, data));
  const nominal = evaluateWrite(dp, spec.nominalVoltageV, spec.nominalPulseWidthS);
  const nominalRates = { rate01: nominal.wer.pToAp, rate10: nominal.wer.apToP };
  const nominalJ = nominal.writeEnergyJ.average;
  const grid: Grid[] = [];
  for (const v of spec.voltagesV)
    for (const t of spec.pulsesS) {
      const w = evaluateWrite(dp, v, t);
      grid.push({
        voltageV: v,
        pulseWidthS: t,
        rate01: w.wer.pToAp,
        rate10: w.wer.apToP,
        energyJ: w.writeEnergyJ.average,
      });
    }
  const below = grid
    .filter((g) => g.energyJ < nominalJ)
    .sort((a, b) => a.energyJ - b.energyJ || a.voltageV - b.voltageV || a.pulseWidthS - b.pulseWidthS);
  const rows: ClaimRow[] = [];
  const points: ClaimPoint[] = [];
  const tol = spec.tolerancePp / 100;

  for (const model of spec.models) {
    for (const dataset of spec.datasets) {
      const data = await load(dataset);
      const base = (seed: number, classes: TrainRequest['classes']) =>
        validateTrainRequest({ ...DEFAULT_TRAIN_REQUEST, ...spec.base, model, dataset, seed, classes });
      const seeds = Array.from({ length: spec.seeds }, (_, i) => i + 1);
      const cleanAcc: number[] = [];
      for (const s of seeds)
        cleanAcc.push(
          (
            await run(
              base(
                s,
                perClass(() => channel({ rate01: 0, rate10: 0 })),
              ),
              data,
            )
          ).testAccuracy,
        );
      const clean = spread(cleanAcc);
      const search = async (target: string, relaxed: TensorClass[]): Promise<ClaimRow> => {
        const failed: Grid[] = [];
        let trained = 0;
        let skipped = 0;
        for (const g of below) {
          if (opts.shouldStop?.()) break;
          const point: ClaimPoint = {
            model,
            dataset,
            target,
            voltageV: g.voltageV,
            pulseWidthS: g.pulseWidthS,
            werPToAp: g.rate01,
            werApToP: g.rate10,
            writeEnergyPerBitJ: g.energyJ,
            state: 'skipped',
          };
          if (failed.some((f) => g.rate01 >= f.rate01 && g.rate10 >= f.rate10)) {
            skipped++;
            points.push(point);
            opts.onPoint?.(point);
            continue;
          }
          const classes = perClass((c) => channel(relaxed.includes(c) ? g : nominalRates));
          const acc: number[] = [];
          let diverged = 0;
          for (const s of seeds) {
            const r = await run(base(s, classes), data);
            acc.push(r.testAccuracy);
            if (r.status === 'diverged') diverged++;
          }
          trained++;
          point.state = 'trained';
          point.accuracy = spread(acc);
          point.diverged = diverged;
          point.withinTolerance = point.accuracy.mean >= clean.mean - tol;
          points.push(point);
          opts.onPoint?.(point);
          if (point.withinTolerance) {
            return {
              model,
              dataset,
              target,
              found: true,
              voltageV: g.voltageV,
              pulseWidthS: g.pulseWidthS,
              writeEnergyPerBitJ: g.energyJ,
              nominalWriteEnergyPerBitJ: nominalJ,
              writeEnergySaving: nominalJ / g.energyJ,
              accuracyMean: point.accuracy.mean,
              accuracyMin: point.accuracy.min,
              accuracyMax: point.accuracy.max,
              cleanMean: clean.mean,
              cleanMin: clean.min,
              cleanMax: clean.max,
              accuracyDropPp: (clean.mean - point.accuracy.mean) * 100,
              seeds: spec.seeds,
              tolerancePp: spec.tolerancePp,
              pointsTrained: trained,
              pointsSkipped: skipped,
            };
          }
          failed.push(g);
        }
        return {
          model,
          dataset,
          target,
          found: false,
          voltageV: null,
          pulseWidthS: null,
          writeEnergyPerBitJ: null,
          nominalWriteEnergyPerBitJ: nominalJ,
          writeEnergySaving: 1,
          accuracyMean: null,
          accuracyMin: null,
          accuracyMax: null,
          cleanMean: clean.mean,
          cleanMin: clean.min,
          cleanMax: clean.max,
          accuracyDropPp: null,
          seeds: spec.seeds,
          tolerancePp: spec.tolerancePp,
          pointsTrained: trained,
          pointsSkipped: skipped,
        };
      };
      const perClassRows: ClaimRow[] = [];
      for (const c of spec.classes) {
        const r = await search(c, [c]);
        perClassRows.push(r);
        rows.push(r);
      }
      // heterogeneous: the tolerant classes together, dropping the least-saving one until it passes
      let set = perClassRows
        .filter((r) => r.found)
        .sort((a, b) => b.writeEnergySaving - a.writeEnergySaving)
        .map((r) => r.target as TensorClass);
      let het: ClaimRow | undefined;
      while (set.length > 0) {
        het = await search(`heterogeneous:${set.join('+')}`, set);
        if (het.found) break;
        set = set.slice(0, -1);
      }
      if (het) rows.push(het);
      else
        rows.push({
          ...perClassRows[0]!,
          target: 'heterogeneous:(none tolerant)',
          found: false,
          voltageV: null,
          pulseWidthS: null,
          writeEnergyPerBitJ: null,
          writeEnergySaving: 1,
          accuracyMean: null,
          accuracyMin: null,
          accuracyMax: null,
          accuracyDropPp: null,
          pointsTrained: 0,
          pointsSkipped: 0,
        });
      rows.push(await search('all', [...TENSOR_CLASSES]));
    }
  }
  return { rows, points, spec };
}

/** Columns of the CSV output (one row per model, dataset and target). */
export const CLAIM_COLUMNS: (keyof ClaimRow)[] = [
  'model',
  'dataset',
  'target',
  'found',
  'voltageV',
  'pulseWidthS',
  'writeEnergyPerBitJ',
  'nominalWriteEnergyPerBitJ',
  'writeEnergySaving',
  'accuracyMean',
  'accuracyMin',
  'accuracyMax',
  'cleanMean',
  'cleanMin',
  'cleanMax',
  'accuracyDropPp',
  'seeds',
  'tolerancePp',
  'pointsTrained',
  'pointsSkipped',
];

export function claimCsv(rows: ClaimRow[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return (
    [CLAIM_COLUMNS.join(','), ...rows.map((r) => CLAIM_COLUMNS.map((k) => cell(r[k])).join(','))].join('\n') + '\n'
  );
}
