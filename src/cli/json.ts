/**
 * The JSON output guard: JSON.stringify silently writes NaN and Infinity as null, so every command
 * prints its document through stringifyFinite, which refuses a non-finite number and names where it is.
 */
import { formatValue } from '../models/errors.ts';

export class NonFiniteOutputError extends Error {
  readonly path: string;
  constructor(path: string, value: number) {
    super(`the result has a non-finite ${path} (${formatValue(value)}) for these inputs; no output was written`);
    this.name = 'NonFiniteOutputError';
    this.path = path;
  }
}

/** The first non-finite number in a JSON-able value, as [path, value]; undefined when all are finite. */
export function findNonFinite(v: unknown, path = '$', seen = new Set<object>()): [string, number] | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : [path, v];
  if (v === null || typeof v !== 'object' || seen.has(v)) return undefined;
  seen.add(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = findNonFinite(v[i], `${path}[${i}]`, seen);
      if (r) return r;
    }
    return undefined;
  }
  const json = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return findNonFinite(json.call(v), path, seen);
  for (const [k, x] of Object.entries(v)) {
    const r = findNonFinite(x, path === '$' ? k : `${path}.${k}`, seen);
    if (r) return r;
  }
  return undefined;
}

/**
 * JSON.stringify that throws NonFiniteOutputError instead of writing NaN/Infinity as null.
 * `explicitNull(key)` names the few keys where a non-finite value is itself the answer (the loss of a
 * run reported as diverged): those are written as null on purpose; every other one is refused.
 */
export function stringifyFinite(doc: unknown, indent?: number, explicitNull?: (key: string) => boolean): string {
  const value = explicitNull ? nullAt(doc, explicitNull) : doc;
  const bad = findNonFinite(value);
  if (bad) throw new NonFiniteOutputError(bad[0], bad[1]);
  return JSON.stringify(value, null, indent);
}

function nullAt(v: unknown, allowed: (key: string) => boolean, key = ''): unknown {
  if (typeof v === 'number') return !Number.isFinite(v) && allowed(key) ? null : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => nullAt(x, allowed, key));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = nullAt(x, allowed, k);
  return out;
}
