/**
 * Infeasible design points are data, not exceptions (Timeloop's EvalStatus{success, fail_reason}).
 * Every model entry point that can meet an infeasible point returns a ModelResult.
 */
export type Infeasible = {
  ok: false;
  /** Human-readable reason, naming the quantity that made the point infeasible. */
  reason: string;
  /** Optional hint towards the nearest feasible point. */
  hint?: string;
  /** Optional name of the input field at fault. */
  field?: string;
};
export type Feasible<T> = { ok: true } & T;
export type ModelResult<T> = Feasible<T> | Infeasible;

export function infeasible(reason: string, extra: Omit<Infeasible, 'ok' | 'reason'> = {}): Infeasible {
  return { ok: false, reason, ...extra };
}
