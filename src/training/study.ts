/**
 * Error-tolerance study: final test accuracy against write-error rate, sweeping one tensor class at a
 * time (the others clean), plus combinations ("activations+weights", "all"). The figure users cite.
 */
import { FieldError, checkRange } from '../models/errors.ts';
import { BIT_FIELDS, type BitField, type ChannelSpec } from './channel.ts';
import type { Dataset } from './data.ts';
import { type ResultCache, type TrainOptions, type TrainResult, train, trainCached } from './engine.ts';
import { CLEAN_CHANNEL, type TrainRequest, validateTrainRequest } from './request.ts';
import { type PerClass, TENSOR_CLASSES, type TensorClass, perClass } from './store.ts';

/** A sweep target: one class, a '+'-joined combination, or 'all'. */
export type StudyTarget = string;

export interface StudySpec {
  /** Targets to sweep, e.g. ['activations', 'weights', 'errors', 'all']. */
  targets: StudyTarget[];
  /** Rates to sweep (rate01 = rate, rate10 = rate x rate10Ratio). */
  rates: number[];
  /** Ratio rate10 / rate01 (the device layer's AP->P vs P->AP asymmetry). Default 1. */
  rate10Ratio?: number;
  /** Bit fields protected in the swept classes. Default none. */
  protect?: BitField[];
}

/** The default sweep: each class alone, then all three together, over 1e-6..1e-1. */
export const DEFAULT_STUDY_SPEC: StudySpec = {
  targets: ['activations', 'weights', 'errors', 'all'],
  rates: [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1],
  rate10Ratio: 1,
  protect: [],
};

export interface StudyPoint {
  target: StudyTarget;
  rate: number;
  testAccuracy: number;
  status: TrainResult['status'];
  divergedAtStep?: number;
  corruptedBits: PerClass<number>;
  cached: boolean;
}

export interface StudyResult {
  /** The clean run (all rates 0). */
  baselineAccuracy: number;
  points: StudyPoint[];
  backend: string;
}

/** Parse and check a target ("weights", "activations+errors", "all"). */
export function targetClasses(target: StudyTarget): TensorClass[] {
  if (target === 'all') return [...TENSOR_CLASSES];
  const parts = target.split('+').map((s) => s.trim());
  for (const p of parts) {
    if (!(TENSOR_CLASSES as readonly string[]).includes(p)) {
      throw new FieldError(
        'targets',
        target,
        `a class (${TENSOR_CLASSES.join(', ')}), a '+' combination of them, or all`,
      );
    }
  }
  return parts as TensorClass[];
}

/** The request of one study point. */
export function studyRequest(base: TrainRequest, target: StudyTarget, rate: number, spec: StudySpec): TrainRequest {
  const on = new Set(targetClasses(target));
  const ratio = spec.rate10Ratio ?? 1;
  const ch = (c: TensorClass): ChannelSpec =>
    on.has(c)
      ? { rate01: rate, rate10: Math.min(1, rate * ratio), protect: [...(spec.protect ?? [])] }
      : { ...CLEAN_CHANNEL, protect: [] };
  return { ...base, classes: perClass(ch) };
}

/**
 * Run the study. `onPoint` receives every point as it completes (the baseline first, as target
 * "clean" with rate 0). Uses `cache` when given, so revisiting points is instant.
 */
export async function toleranceStudy(
  baseReq: TrainRequest,
  spec: StudySpec,
  data: Dataset,
  onPoint?: (p: StudyPoint) => void,
  opts: { cache?: ResultCache; shouldStop?: TrainOptions['shouldStop'] } = {},
): Promise<StudyResult> {
  const base = validateTrainRequest(baseReq);
  if (!Array.isArray(spec.targets) || spec.targets.length === 0)
    throw new FieldError('targets', spec.targets, 'a non-empty list');
  if (!Array.isArray(spec.rates) || spec.rates.length === 0)
    throw new FieldError('rates', spec.rates, 'a non-empty list of rates in [0, 1]');
  spec.targets.forEach((t) => targetClasses(t));
  spec.rates.forEach((r, i) => checkRange(`rates[${i}]`, r, 0, 1));
  if (spec.rate10Ratio !== undefined) checkRange('rate10Ratio', spec.rate10Ratio, 0, 1e6);
  (spec.protect ?? []).forEach((p, i) => {
    if (!BIT_FIELDS.includes(p)) throw new FieldError(`protect[${i}]`, p, BIT_FIELDS.join(', '));
  });
  const run = (req: TrainRequest) =>
    opts.cache
      ? trainCached(opts.cache, req, data, opts.shouldStop ? { shouldStop: opts.shouldStop } : {})
      : train(req, data, opts.shouldStop ? { shouldStop: opts.shouldStop } : {});
  const toPoint = (target: string, rate: number, r: TrainResult): StudyPoint => {
    const p: StudyPoint = {
      target,
      rate,
      testAccuracy: r.testAccuracy,
      status: r.status,
      corruptedBits: r.corruptedBits,
      cached: r.cached === true,
    };
    if (r.divergedAtStep !== undefined) p.divergedAtStep = r.divergedAtStep;
    return p;
  };
  const clean = await run(studyRequest(base, 'all', 0, spec));
  const points: StudyPoint[] = [toPoint('clean', 0, clean)];
  onPoint?.(points[0]!);
  for (const target of spec.targets) {
    for (const rate of spec.rates) {
      if (opts.shouldStop && (await opts.shouldStop()))
        return { baselineAccuracy: clean.testAccuracy, points, backend: clean.backend };
      const r = await run(studyRequest(base, target, rate, spec));
      const p = toPoint(target, rate, r);
      points.push(p);
      onPoint?.(p);
    }
  }
  return { baselineAccuracy: clean.testAccuracy, points, backend: clean.backend };
}
