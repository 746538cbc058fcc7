/**
 * What components read from the store beyond its raw fields: the analytic sections (each an outcome),
 * staleness of streamed results against the current configuration, the design's accuracy. Pure
 * selectors over ExplorerState, memoised by object identity so that React selectors stay stable.
 */
import type { AnalyticOutcome, AnalyticResult } from '../evaluate/analytic.ts';
import { mcKey } from '../evaluate/monte-carlo.ts';
import { TENSOR_CLASSES, type ExplorerConfig } from '../schema/schema.ts';
import { encodeConfig } from '../schema/url.ts';
import type { ExplorerState } from './slices/types.ts';

function memo<K extends object, V>(f: (k: K) => V): (k: K) => V {
  const cache = new WeakMap<K, V>();
  return (k) => {
    if (cache.has(k)) return cache.get(k)!;
    const v = f(k);
    cache.set(k, v);
    return v;
  };
}

/** The configuration's key: its link query (what training results and the URL are keyed by). */
export const configKey = memo((c: ExplorerConfig) => encodeConfig(c));
/** The Monte Carlo key: the device fields a Monte Carlo result depends on. */
export const mcConfigKey = memo((c: ExplorerConfig) => mcKey(c));

export type SectionName = 'device' | 'array' | 'system';
type Section<K extends SectionName> = AnalyticResult[K];

/** An outcome that is not per section (an evaluation failed as a whole): every section carries its reason. */
const wholeFailure = memo((o: AnalyticOutcome) => (o.ok ? undefined : { ok: false as const, reason: o.reason }));

/** One section's outcome of the latest analytic result (undefined before the first result). */
export function section<K extends SectionName>(s: Pick<ExplorerState, 'analytic'>, k: K): Section<K> | undefined {
  const o = s.analytic.value;
  if (!o) return undefined;
  return o.ok ? o.result[k] : wholeFailure(o);
}

export const deviceOutcome = (s: Pick<ExplorerState, 'analytic'>) => section(s, 'device');
export const arrayOutcome = (s: Pick<ExplorerState, 'analytic'>) => section(s, 'array');
export const systemOutcome = (s: Pick<ExplorerState, 'analytic'>) => section(s, 'system');

/** Why a section has no result at this point (undefined when it has one, or before the first result). */
export function sectionReason(s: Pick<ExplorerState, 'analytic'>, k: SectionName): string | undefined {
  const o = section(s, k);
  return o && !o.ok ? o.reason : undefined;
}

/**
 * Why the array comparison is incomplete: the section's reason, or the first MRAM column (nominal write,
 * relaxed write) that cannot be evaluated (SRAM and the curves still draw).
 */
export function arrayReason(s: Pick<ExplorerState, 'analytic'>): string | undefined {
  const a = arrayOutcome(s);
  if (!a) return undefined;
  if (!a.ok) return a.reason;
  if (!a.mram.ok) return `MRAM at the nominal write: ${a.mram.reason}`;
  if (!a.mramRelaxed.ok) return `MRAM at the relaxed write: ${a.mramRelaxed.reason}`;
  return undefined;
}

/** A training result exists and is of an earlier configuration. */
export function trainingStale(s: Pick<ExplorerState, 'training' | 'config'>): boolean {
  const t = s.training;
  return t.value !== undefined && t.configKey !== undefined && t.configKey !== configKey(s.config);
}

/** The test accuracy of the last training run when it was of this very configuration. */
export function trainedAccuracyHere(s: Pick<ExplorerState, 'training' | 'config'>): number | undefined {
  const t = s.training;
  return t.value && t.configKey === configKey(s.config) ? t.value.testAccuracy : undefined;
}

/** The Monte Carlo directions when the last run was of the current device point (else undefined). */
export function monteCarloHere(s: Pick<ExplorerState, 'monteCarlo' | 'config'>) {
  const mc = s.monteCarlo;
  return mc.partial && mc.configKey === mcConfigKey(s.config) ? mc.partial : undefined;
}

/** `f` of the parts a selector reads, recomputed only when one of them is a different object. */
function lastOf<A extends readonly unknown[], V>(f: (...a: A) => V): (...a: A) => V {
  let last: { a: A; v: V } | undefined;
  return (...a) => {
    if (last && a.length === last.a.length && a.every((x, i) => x === last!.a[i])) return last.v;
    const v = f(...a);
    last = { a, v };
    return v;
  };
}

/** This design's accuracy: its own training run, or a sweep point of this very configuration. */
export function designAccuracy(s: Pick<ExplorerState, 'training' | 'config' | 'sweep'>): number | undefined {
  return designAccuracyOf(s.training, s.config, s.sweep.rows);
}
const designAccuracyOf = lastOf(
  (training: ExplorerState['training'], config: ExplorerConfig, rows: ExplorerState['sweep']['rows']) => {
    const here = trainedAccuracyHere({ training, config });
    if (here !== undefined) return here;
    return sweepAccuracy(config, rows);
  },
);

function sweepAccuracy(config: ExplorerConfig, rows: ExplorerState['sweep']['rows']): number | undefined {
  const key = configKey(config);
  const same = rows.find(
    (x) =>
      x.out.testAccuracy !== undefined &&
      x.config.device.voltageV === config.device.voltageV &&
      x.config.device.pulseWidthS === config.device.pulseWidthS &&
      TENSOR_CLASSES.every((c) => x.config.placement[c] === config.placement[c]) &&
      encodeConfig({ ...x.config, ui: config.ui }) === key,
  );
  return same?.out.testAccuracy;
}

/** The SRAM baseline's accuracy: an all-SRAM sweep row trained with this model, data, epochs, format and seed. */
export function sramAccuracy(s: Pick<ExplorerState, 'config' | 'sweep'>): number | undefined {
  return sramAccuracyOf(s.config, s.sweep.rows);
}
const sramAccuracyOf = lastOf((config: ExplorerConfig, rows: ExplorerState['sweep']['rows']) => {
  const t = JSON.stringify(config.training);
  const row = rows.find(
    (x) =>
      x.out.testAccuracy !== undefined &&
      TENSOR_CLASSES.every((c) => x.config.placement[c] === 'sram') &&
      x.config.seed === config.seed &&
      JSON.stringify(x.config.training) === t,
  );
  return row?.out.testAccuracy;
});
