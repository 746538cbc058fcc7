/** Training requests: types, defaults, validation (FieldError naming the field) and cache keys. */
import { FieldError, checkRange } from '../models/errors.ts';
import { BIT_FIELDS, type BitField, type ChannelSpec, STORED_FORMATS, type StoredFormat } from './channel.ts';
import { DATASET_NAMES, type DatasetName } from './data.ts';
import { MODEL_NAMES, type ModelName, OPTIMIZER_NAMES, type OptimizerName } from './model.ts';
import { type PerClass, TENSOR_CLASSES, perClass } from './store.ts';

export type { ChannelSpec } from './channel.ts';

export interface TrainRequest {
  dataset: DatasetName;
  model: ModelName;
  optimizer: OptimizerName;
  /** Passes over the training set, >= 1. */
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seed of initialisation, shuffling and the channel's hash. */
  seed: number;
  /** Stored number format of every class. */
  format: StoredFormat;
  /** Writes read the old word first and drive only the bits that change (energy only; see channel.ts). */
  readBeforeWrite: boolean;
  classes: PerClass<ChannelSpec>;
  maxTrainSamples?: number;
  maxTestSamples?: number;
  /** Stop after this many steps in total (tests, benchmarks); all epochs when absent. */
  maxSteps?: number;
}

export const CLEAN_CHANNEL: ChannelSpec = { rate01: 0, rate10: 0, protect: [] };

/** Defaults (digits MLP with Adam: the configuration that trains in about a second). */
export const DEFAULT_TRAIN_REQUEST: TrainRequest = {
  dataset: 'digits',
  model: 'mlp',
  optimizer: 'adam',
  epochs: 15,
  batchSize: 32,
  learningRate: 0.01,
  seed: 1,
  format: 'fp32',
  readBeforeWrite: true,
  classes: {
    activations: CLEAN_CHANNEL,
    weights: CLEAN_CHANNEL,
    errors: CLEAN_CHANNEL,
    weightGradients: CLEAN_CHANNEL,
    optimizer: CLEAN_CHANNEL,
  },
};

/** Default learning rate per optimiser (SGD needs a larger step). */
export function defaultLearningRate(opt: OptimizerName): number {
  return opt === 'sgd' ? 0.1 : 0.01;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pickEnum<T extends string>(field: string, v: unknown, choices: readonly T[], def: T): T {
  if (v === undefined) return def;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v))
    throw new FieldError(field, v, `one of ${choices.join(', ')}`);
  return v as T;
}

function pickInt(field: string, v: unknown, min: number, max: number, def: number | undefined): number | undefined {
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new FieldError(field, v, `an integer in [${min}, ${max}]`);
  return checkRange(field, v, min, max);
}

function pickNum(
  field: string,
  v: unknown,
  min: number,
  max: number,
  def: number,
  opts: { minExclusive?: boolean } = {},
): number {
  if (v === undefined) return def;
  if (typeof v !== 'number')
    throw new FieldError(field, v, `a number in ${opts.minExclusive ? '(' : '['}${min}, ${max}]`);
  return checkRange(field, v, min, max, '', opts);
}

/** Validate one class's channel: rates in [0, 1], protect a list of bit fields. */
export function validateChannelSpec(field: string, v: unknown): ChannelSpec {
  if (v === undefined) return { ...CLEAN_CHANNEL, protect: [] };
  if (!isObj(v)) throw new FieldError(field, v, 'an object { rate01, rate10, protect }');
  const rate01 = pickNum(`${field}.rate01`, v.rate01, 0, 1, 0);
  const rate10 = pickNum(`${field}.rate10`, v.rate10, 0, 1, 0);
  let protect: BitField[] = [];
  if (v.protect !== undefined) {
    if (!Array.isArray(v.protect))
      throw new FieldError(`${field}.protect`, v.protect, `a list of ${BIT_FIELDS.join(', ')}`);
    protect = v.protect.map((p, i) => pickEnum(`${field}.protect[${i}]`, p, BIT_FIELDS, 'sign'));
    protect = [...new Set(protect)].sort();
  }
  return { rate01, rate10, protect };
}

/** Validate and complete a request (missing fields take DEFAULT_TRAIN_REQUEST's values). */
export function validateTrainRequest(r: unknown): TrainRequest {
  if (!isObj(r)) throw new FieldError('request', r, 'an object');
  const d = DEFAULT_TRAIN_REQUEST;
  const optimizer = pickEnum('optimizer', r.optimizer, OPTIMIZER_NAMES, d.optimizer);
  const classesIn = r.classes === undefined ? {} : r.classes;
  if (!isObj(classesIn))
    throw new FieldError('classes', r.classes, `an object { ${TENSOR_CLASSES.join(', ')} } (each optional)`);
  for (const k of Object.keys(classesIn)) {
    if (!(TENSOR_CLASSES as readonly string[]).includes(k))
      throw new FieldError(`classes.${k}`, k, `one of ${TENSOR_CLASSES.join(', ')}`);
  }
  const out: TrainRequest = {
    dataset: pickEnum('dataset', r.dataset, DATASET_NAMES, d.dataset),
    model: pickEnum('model', r.model, MODEL_NAMES, d.model),
    optimizer,
    epochs: pickInt('epochs', r.epochs, 1, 1000, d.epochs)!,
    batchSize: pickInt('batchSize', r.batchSize, 1, 4096, d.batchSize)!,
    learningRate: pickNum('learningRate', r.learningRate, 0, 10, defaultLearningRate(optimizer), {
      minExclusive: true,
    }),
    seed: pickInt('seed', r.seed, 0, 0xffffffff, d.seed)!,
    format: pickEnum('format', r.format, STORED_FORMATS, d.format),
    readBeforeWrite: r.readBeforeWrite === undefined ? d.readBeforeWrite : Boolean(r.readBeforeWrite),
    classes: perClass((c) => validateChannelSpec(`classes.${c}`, classesIn[c])),
  };
  if (typeof r.readBeforeWrite !== 'undefined' && typeof r.readBeforeWrite !== 'boolean') {
    throw new FieldError('readBeforeWrite', r.readBeforeWrite, 'true or false');
  }
  const mt = pickInt('maxTrainSamples', r.maxTrainSamples, 1, 1e7, undefined);
  const ms = pickInt('maxTestSamples', r.maxTestSamples, 1, 1e7, undefined);
  const mx = pickInt('maxSteps', r.maxSteps, 1, 1e9, undefined);
  if (mt !== undefined) out.maxTrainSamples = mt;
  if (ms !== undefined) out.maxTestSamples = ms;
  if (mx !== undefined) out.maxSteps = mx;
  return out;
}

/** Canonical cache key: every field that changes the result (backend excluded: the caller adds it). */
export function requestKey(r: TrainRequest): string {
  const c = (s: ChannelSpec) => [s.rate01, s.rate10, [...s.protect].sort().join('+')];
  return JSON.stringify([
    r.dataset,
    r.model,
    r.optimizer,
    r.epochs,
    r.batchSize,
    r.learningRate,
    r.seed,
    r.format,
    r.readBeforeWrite,
    c(r.classes.activations),
    c(r.classes.weights),
    c(r.classes.errors),
    r.maxTrainSamples ?? null,
    r.maxTestSamples ?? null,
    r.maxSteps ?? null,
    c(r.classes.weightGradients),
    c(r.classes.optimizer),
  ]);
}
