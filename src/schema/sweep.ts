/**
 * Sweep specifications: a deterministic list of design points (voltage x pulse x placement around a
 * base configuration) and sharding. Pure. Evaluating the points (rows, CSV format, Pareto front) is
 * src/evaluate/sweep-points.ts.
 */
import { FieldError } from '../models/errors.ts';
import { decodeSI } from './url.ts';
import {
  FIELDS,
  PLACEMENTS,
  SCHEMA_VERSION,
  TENSOR_CLASSES,
  parseConfigObject,
  setPath,
  type ExplorerConfig,
  type Placement,
  type TensorClass,
} from './schema.ts';
import { SWEEP_MAX_ACCURACY_POINTS, SWEEP_MAX_POINTS } from './limits.ts';
import { canonicalJson, fnv1a64 } from './spec-hash.ts';

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
  const { config, issues } = parseConfigObject({ v: SCHEMA_VERSION, ...((o.base as object | undefined) ?? {}) });
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

/**
 * The sweep's fingerprint, written in every output row (`specHash`) so shards of one sweep can be told
 * from shards of another: 64-bit FNV-1a (spec-hash.ts) of the canonical JSON of the parsed spec (base
 * configuration without its UI state, the axes in SI, the placements, accuracy) and its point count.
 * Parsing normalises, so "5ns" and 5e-9, key order, and fields left at their defaults hash alike.
 */
export function sweepSpecHash(spec: SweepSpec): string {
  const { ui: _ui, ...base } = spec.base;
  const points = spec.voltagesV.length * spec.pulsesS.length * spec.placements.length;
  const canonical = { base, voltagesV: spec.voltagesV, pulsesS: spec.pulsesS, placements: spec.placements };
  return fnv1a64(`mram-sweep-spec/1\n${canonicalJson({ ...canonical, accuracy: spec.accuracy, points })}`);
}

/** The columns every sweep row carries to identify its sweep and shard (see SweepRowMeta in src/evaluate). */
export function sweepRowMeta(
  spec: SweepSpec,
  shard: { index: number; count: number } = { index: 0, count: 1 },
): { specHash: string; sweepPoints: number; shard: string } {
  return {
    specHash: sweepSpecHash(spec),
    sweepPoints: spec.voltagesV.length * spec.pulsesS.length * spec.placements.length,
    shard: `${shard.index}/${shard.count}`,
  };
}

/** Replace one field of a configuration (used by the UI to load a clicked point). */
export function withField(c: ExplorerConfig, path: string, value: unknown): ExplorerConfig {
  return setPath(c, path, value);
}
