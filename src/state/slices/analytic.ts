/**
 * Analytic-results slice: the analytic evaluation of the current configuration (one job at a time, newer
 * supersedes older, unchanged parts keep their objects), the validation view, and the model worker's
 * on-demand answers (NVSim files, "why this ratio").
 */
import type { AnalyticOutcome } from '../../evaluate/analytic.ts';
import { AbortError, WorkerFailedError } from '../../jobs/bridge.ts';
import { now, pushNotice, type Slice, type SliceContext } from './types.ts';

export type AnalyticSlice = Slice<
  'analytic' | 'validation',
  'runAnalytic' | 'loadValidation' | 'nvsimFiles' | 'explainRatio'
>;

export function createAnalyticSlice({ set, get, deps }: SliceContext): AnalyticSlice {
  let analyticCtl: AbortController | null = null;
  return {
    analytic: { status: 'idle', jobId: 0 },
    validation: { status: 'idle', jobId: 0 },
    actions: {
      async runAnalytic() {
        analyticCtl?.abort();
        const ctl = new AbortController();
        analyticCtl = ctl;
        const jobId = get().analytic.jobId + 1;
        const t0 = now();
        set((s) => ({ analytic: { ...s.analytic, status: 'running', jobId } }));
        try {
          const fresh = await deps.analytic.evaluate(get().config, ctl.signal);
          if (get().analytic.jobId !== jobId) return;
          const value = shareUnchanged(get().analytic.value, fresh);
          set({ analytic: { status: 'done', jobId, value, latencyMs: now() - t0 } });
        } catch (e) {
          if (e instanceof AbortError || get().analytic.jobId !== jobId) return;
          const msg = e instanceof WorkerFailedError ? e.message : `analytic job failed: ${(e as Error).message}`;
          set((s) => ({
            analytic: { ...s.analytic, status: 'error', error: msg },
            notices: pushNotice(s.notices, msg),
          }));
        }
      },
      async loadValidation() {
        set({ validation: { status: 'running', jobId: 1 } });
        try {
          const value = await deps.analytic.validate(new AbortController().signal);
          set({ validation: { status: 'done', jobId: 1, value } });
        } catch (e) {
          const msg = `validation failed: ${(e as Error).message}`;
          set((s) => ({
            validation: { status: 'error', jobId: 1, error: msg },
            notices: pushNotice(s.notices, msg),
          }));
        }
      },
      nvsimFiles() {
        return deps.analytic.nvsim(get().config, new AbortController().signal);
      },
      explainRatio() {
        if (!deps.analytic.explain) return Promise.resolve({ ok: false, reason: 'not available' });
        return deps.analytic.explain(get().config, new AbortController().signal);
      },
    },
  };
}

/**
 * Structural sharing: every part of the new outcome whose numbers equal the previous one keeps the previous
 * object, so components and memoised charts of unchanged parts (the array curves, the nominal write, the
 * whole system section when a move does not touch it) see the same references and do not re-render.
 */
export function shareUnchanged(prev: AnalyticOutcome | undefined, next: AnalyticOutcome): AnalyticOutcome {
  if (!prev) return next;
  return shareDeep(prev, next);
}

const isPlain = (x: object) => {
  const p = Object.getPrototypeOf(x) as unknown;
  return p === Object.prototype || p === null;
};

/** `next`, with each subtree equal (numbers compared with Object.is) to the one of `prev` replaced by it. */
export function shareDeep<T>(prev: T, next: T): T {
  if (Object.is(prev, next)) return prev;
  if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
  if (ArrayBuffer.isView(prev) || ArrayBuffer.isView(next)) {
    if (!ArrayBuffer.isView(prev) || !ArrayBuffer.isView(next) || prev.constructor !== next.constructor) return next;
    const a = prev as unknown as ArrayLike<unknown>;
    const b = next as unknown as ArrayLike<unknown>;
    if (a.length !== b.length) return next;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return next;
    return prev;
  }
  if (Array.isArray(prev) || Array.isArray(next)) {
    if (!Array.isArray(prev) || !Array.isArray(next)) return next;
    const out = next.map((x, i) => (i < prev.length ? shareDeep(prev[i] as unknown, x as unknown) : x));
    return (prev.length === next.length && out.every((x, i) => x === prev[i]) ? prev : out) as T;
  }
  if (!isPlain(prev) || !isPlain(next)) return next;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const keys = Object.keys(n);
  let same = keys.length === Object.keys(p).length;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = k in p ? shareDeep(p[k], n[k]) : n[k];
    if (v !== p[k] || !(k in p)) same = false;
    out[k] = v;
  }
  return (same ? prev : out) as T;
}
