/**
 * Fokker-Planck write-error solver for a perpendicular MTJ macrospin under spin-transfer torque (the axially
 * symmetric case: easy axis, spin polarisation and the (absent) applied field all along z).
 *
 * Equation (Brown 1963; Butler et al., IEEE Trans. Magn. 48, 4684 (2012); Tzoufras, PRB 97, 184427 (2018)):
 * with x = cos(theta) of the free layer measured from its initial state, time s = t / tau_D
 * (tau_D = (1 + alpha^2) / (alpha gamma mu0 Hk)) and i = I / Ic0,
 *   d rho / d s = d/dx [ (1 - x^2) ( (i - x) rho + (1 / (2 Delta)) d rho / dx ) ]     on 0 < x < 1.
 * It is the equation of the z component of the stochastic LLG integrated by ./sllg.ts (whose drift is
 * dmz/dtau = alpha (1 - mz^2)(mz - i)); precession drops out by the axial symmetry. At i = 0 its stationary
 * state is the Boltzmann density exp(Delta x^2). The flux is written in potential form
 *   J = -(1 - x^2)/(2 Delta) e^{-psi} d(e^{psi} rho)/dx,   psi(x) = 2 Delta (i x - x^2 / 2).
 *
 * Switching is the first passage through the equator (x = 0): an absorbing boundary there, exactly the
 * Monte Carlo's definition (a trajectory is switched once mz <= 0). x = 1 is a natural no-flux boundary
 * (the diffusion coefficient vanishes). The write error rate at time s is the probability of NOT having
 * switched, W(s) = integral of rho over (0, 1]: a sum of positive cell masses, never 1 minus something,
 * so that rates down to 1e-15 and below keep their relative accuracy.
 *
 * Discretisation, after the public Arm "MRAM simulation framework" Fokker-Planck finite-volume solver
 * (faces uniform in theta, exponential-fitting fluxes; Garcia-Redondo, Prabhat et al., Arm 2020-2021):
 * - conservative finite volumes on faces x_k = cos(theta_k), theta_k uniform on [0, pi/2]: the cells are
 *   fine near the poles, where the initial Boltzmann density (width 1/(2 Delta) in x) and the last
 *   surviving probability sit, and the stiffness stays bounded (about 1/(2 Delta dtheta^2));
 * - Scharfetter-Gummel (exponentially fitted) face fluxes, exact for a constant flux across a face with
 *   psi linear: F = D/dx [B(-d) rho_up - B(d) rho_down], B(z) = z/(e^z - 1), d = psi_up - psi_down. Every
 *   rate is positive (an M-matrix generator); the column sums vanish, so mass leaves only through the
 *   absorbing face, into an explicit "switched" sink;
 * - time: TR-BDF2 (Bank et al. 1985; gamma = 2 - sqrt 2), second order and L-stable, with steps growing
 *   geometrically from 1e-4 tau_D and capped so that each step decays W by at most a factor e^{0.12}:
 *   the late-time rate of the slowest mode, which sets W at 1e-15, is then integrated to ~1 % down to 1e-16 (96 cells: ~2 % against a 512-cell, 12x finer-step solve).
 * One solve gives W(s) for every pulse width: the step history is kept and read by log-linear
 * interpolation. The solve stops once the hazard (absorbed flux / W) is stationary to 1e-7 per step (only
 * the slowest mode is left: the Kramers regime below i = 1, the final exponential tail above), below
 * W = 1e-30, or at the horizon; beyond its last step W decays exponentially at that hazard.
 */

/** Numerical options of the solver (defaults are the validated ones; tests vary them to show convergence). */
export interface FpOptions {
  /** Finite-volume cells on 0 < x < 1 (default 96). */
  cells?: number;
  /** Largest decay of ln W per step (default 0.12). */
  maxLogDecayPerStep?: number;
  /** Time horizon in tau_D units: integrate at least this far (unless W < 1e-30 first). Default 400. */
  horizon?: number;
}

/** One Fokker-Planck solve at (Delta, i): the step history of the survival probability. */
export interface FpSolution {
  delta: number;
  normalizedCurrent: number;
  cells: number;
  /** Times of the steps, in units of tau_D (starting at 0). */
  s: Float64Array;
  /** Survival (not switched) probability W at each step: the write error rate. */
  wer: Float64Array;
  /** Probability absorbed by the switched sink at each step (accumulated from the boundary flux). */
  switched: Float64Array;
  /** Hazard (absorbed flux / W) at the last step: the decay rate used beyond it. */
  finalRate: number;
  /** Integrated up to here (tau_D units). */
  horizon: number;
  /** True when W beyond `horizon` is exactly the extrapolation (stationary hazard, or W below FP_W_FLOOR). */
  complete: boolean;
  steps: number;
}

/** Below this the solve stops and extrapolates with the last decay rate. */
export const FP_W_FLOOR = 1e-30;
const DEFAULT_CELLS = 96;
const DEFAULT_MAX_LOG_DECAY = 0.12;
const DEFAULT_HORIZON = 400;
const FIRST_STEP = 1e-4;
const STEP_GROWTH = 1.12;
const MAX_STEPS = 20000;
/** Largest step, tau_D (bounds the conditioning of the implicit solves). */
const MAX_STEP = 50;
/** Relative change of the hazard over one step below which only the slowest mode is left. */
const QS_TOLERANCE = 1e-7;

/** Bernoulli function B(z) = z / (e^z - 1), B(0) = 1, accurate near 0 and for large |z|. */
export function bernoulli(z: number): number {
  const a = Math.abs(z);
  if (a < 1e-6) return 1 - z / 2;
  if (z > 700) return z * Math.exp(-z);
  return z / Math.expm1(z);
}

/** Boltzmann initial cell masses: density proportional to exp(Delta x^2) on [0, 1], normalised to 1. */
function boltzmannMasses(xf: Float64Array, delta: number): Float64Array {
  const n = xf.length - 1;
  const m = new Float64Array(n);
  // 3-point Gauss-Legendre per cell of exp(Delta (x^2 - 1)) (scaled so the largest value is 1).
  const g = Math.sqrt(3 / 5);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const a = xf[j + 1]!;
    const b = xf[j]!;
    const c = 0.5 * (a + b);
    const h = 0.5 * (b - a);
    const f = (x: number) => Math.exp(delta * (x * x - 1));
    const v = h * ((5 / 9) * f(c - g * h) + (8 / 9) * f(c) + (5 / 9) * f(c + g * h));
    m[j] = v;
    sum += v;
  }
  for (let j = 0; j < n; j++) m[j] = m[j]! / sum;
  return m;
}

/**
 * The generator dm/ds = A m as rates: cell j (x decreasing with j, cell 0 at the pole x = 1) passes mass to
 * j + 1 at rate down[j] and receives from j + 1 at rate up[j + 1]; down[n - 1] is the absorption rate.
 */
function generator(delta: number, i: number, cells: number) {
  const n = cells;
  const xf = new Float64Array(n + 1);
  const xc = new Float64Array(n);
  for (let k = 0; k <= n; k++) xf[k] = Math.cos((k * Math.PI) / 2 / n);
  xf[0] = 1;
  xf[n] = 0;
  for (let j = 0; j < n; j++) xc[j] = Math.cos(((j + 0.5) * Math.PI) / 2 / n);
  const h = new Float64Array(n);
  for (let j = 0; j < n; j++) h[j] = xf[j]! - xf[j + 1]!;
  const psi = (x: number) => 2 * delta * (i * x - 0.5 * x * x);
  const down = new Float64Array(n);
  const up = new Float64Array(n);
  for (let j = 0; j < n - 1; j++) {
    const x = xf[j + 1]!;
    const D = (1 - x * x) / (2 * delta);
    const dx = xc[j]! - xc[j + 1]!;
    const d = psi(xc[j]!) - psi(xc[j + 1]!);
    down[j] = (D * bernoulli(-d)) / (dx * h[j]!);
    up[j + 1] = (D * bernoulli(d)) / (dx * h[j + 1]!);
  }
  // absorbing face x = 0 (rho = 0 there): flux from the last cell's centre to the face
  {
    const D = 1 / (2 * delta);
    const dx = xc[n - 1]!;
    const d = psi(xc[n - 1]!) - psi(0);
    down[n - 1] = (D * bernoulli(-d)) / (dx * h[n - 1]!);
  }
  return { xf, down, up };
}

/**
 * Solve (I - c A) y = r for the tridiagonal generator (Thomas algorithm; the matrix is a column-diagonally
 * dominant M-matrix, so no pivoting is needed). `work` is scratch of length n.
 */
function solveShifted(
  down: Float64Array,
  up: Float64Array,
  c: number,
  r: Float64Array,
  y: Float64Array,
  work: Float64Array,
): void {
  const n = r.length;
  // row j: -c down[j-1] y[j-1] + (1 + c (down[j] + up[j])) y[j] - c up[j+1] y[j+1] = r[j]
  let b = 1 + c * (down[0]! + up[0]!);
  let upper = -c * up[1 % n]!;
  work[0] = upper / b;
  y[0] = r[0]! / b;
  for (let j = 1; j < n; j++) {
    const lower = -c * down[j - 1]!;
    b = 1 + c * (down[j]! + up[j]!) - lower * work[j - 1]!;
    upper = j + 1 < n ? -c * up[j + 1]! : 0;
    work[j] = upper / b;
    y[j] = (r[j]! - lower * y[j - 1]!) / b;
  }
  for (let j = n - 2; j >= 0; j--) y[j] = y[j]! - work[j]! * y[j + 1]!;
}

/** r = m + c A m. */
function applyShifted(down: Float64Array, up: Float64Array, c: number, m: Float64Array, r: Float64Array): void {
  const n = m.length;
  for (let j = 0; j < n; j++) {
    let a = -(down[j]! + up[j]!) * m[j]!;
    if (j > 0) a += down[j - 1]! * m[j - 1]!;
    if (j + 1 < n) a += up[j + 1]! * m[j + 1]!;
    r[j] = m[j]! + c * a;
  }
}

const GAMMA = 2 - Math.SQRT2;
const W_STAGE2 = (1 - GAMMA) / (2 - GAMMA);
const C_STAR = 1 / (GAMMA * (2 - GAMMA));
const C_OLD = ((1 - GAMMA) * (1 - GAMMA)) / (GAMMA * (2 - GAMMA));

/**
 * Solve the Fokker-Planck equation at thermal stability `delta` and normalised current `i` (>= 0) from the
 * Boltzmann state in the initial well. Pure numerics in reduced units; no validation beyond finiteness.
 */
export function solveFokkerPlanck(delta: number, i: number, opts: FpOptions = {}): FpSolution {
  if (!(delta > 0) || !Number.isFinite(delta)) throw new RangeError(`delta must be positive, got ${delta}`);
  if (!(i >= 0) || !Number.isFinite(i)) throw new RangeError(`i must be >= 0, got ${i}`);
  const n = Math.max(8, Math.floor(opts.cells ?? DEFAULT_CELLS));
  const maxDecay = opts.maxLogDecayPerStep ?? DEFAULT_MAX_LOG_DECAY;
  const horizon = opts.horizon ?? DEFAULT_HORIZON;
  const { xf, down, up } = generator(delta, i, n);
  const kOut = down[n - 1]!;
  let m: Float64Array = boltzmannMasses(xf, delta);
  let star: Float64Array = new Float64Array(n);
  let next: Float64Array = new Float64Array(n);
  const r = new Float64Array(n);
  const work = new Float64Array(n);
  const sHist: number[] = [0];
  const wHist: number[] = [1];
  const swHist: number[] = [0];
  let s = 0;
  let w = 1;
  let sw = 0;
  let h = FIRST_STEP;
  let rate = 0;
  let steps = 0;
  let settledAll = false;
  while (s < horizon && w > FP_W_FLOOR && steps < MAX_STEPS) {
    // stage 1: trapezoid over GAMMA h
    const c1 = 0.5 * GAMMA * h;
    applyShifted(down, up, c1, m, r);
    solveShifted(down, up, c1, r, star, work);
    const swStar = sw + c1 * kOut * (m[n - 1]! + star[n - 1]!);
    // stage 2: BDF2
    for (let j = 0; j < n; j++) r[j] = C_STAR * star[j]! - C_OLD * m[j]!;
    const c2 = W_STAGE2 * h;
    solveShifted(down, up, c2, r, next, work);
    const swNext = C_STAR * swStar - C_OLD * sw + c2 * kOut * next[n - 1]!;
    let wNext = 0;
    for (let j = 0; j < n; j++) wNext += next[j]!;
    // instantaneous hazard: the absorbed flux over the survival (positive, free of cancellation)
    const hazard = wNext > 0 ? (kOut * next[n - 1]!) / wNext : 0;
    // The exact discrete survival is non-increasing (an M-matrix scheme); remove roundoff-level rises only
    // (near W = 1 the sum carries ~1e-16 noise), so a genuine rise would still show.
    if (wNext > w && wNext - w <= 1e-12 * w) wNext = w;
    s += h;
    steps++;
    const settled = steps > 20 && Math.abs(hazard - rate) <= QS_TOLERANCE * hazard;
    rate = hazard;
    w = wNext;
    sw = swNext;
    sHist.push(s);
    wHist.push(w);
    swHist.push(sw);
    const tmp = m;
    m = next;
    next = star;
    star = tmp;
    // quasi-stationary: only the slowest mode is left, W decays as exp(-rate s) from here on
    if (settled) {
      settledAll = true;
      break;
    }
    h = Math.min(STEP_GROWTH * h, rate > 0 ? maxDecay / rate : Infinity, MAX_STEP);
  }
  return {
    delta,
    normalizedCurrent: i,
    cells: n,
    s: Float64Array.from(sHist),
    wer: Float64Array.from(wHist),
    switched: Float64Array.from(swHist),
    finalRate: rate,
    horizon: s,
    complete: settledAll || w <= FP_W_FLOOR,
    steps,
  };
}

/** W(s) from a solution: log-linear interpolation between steps; the last decay rate beyond the last step. */
export function fpWerAt(sol: FpSolution, sTauD: number): number {
  const S = sol.s;
  const W = sol.wer;
  const last = S.length - 1;
  if (!(sTauD > 0)) return 1;
  if (sTauD >= S[last]!) {
    const wl = W[last]!;
    return wl > 0 ? wl * Math.exp(-sol.finalRate * (sTauD - S[last]!)) : 0;
  }
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (S[mid]! <= sTauD) lo = mid;
    else hi = mid;
  }
  const s0 = S[lo]!;
  const s1 = S[hi]!;
  const w0 = W[lo]!;
  const w1 = W[hi]!;
  if (!(w1 > 0) || !(w0 > 0)) return w0 + ((w1 - w0) * (sTauD - s0)) / (s1 - s0);
  const f = (sTauD - s0) / (s1 - s0);
  return Math.min(1, w0 * Math.pow(w1 / w0, f));
}

/** Memo of solves keyed by (Delta, i, options): one solve serves every pulse width at that point. */
const memo = new Map<string, FpSolution>();
const MEMO_SIZE = 512;

/** A (cached) solve reaching at least `horizonTauD` (unless W fell below FP_W_FLOOR before). */
export function cachedFokkerPlanck(delta: number, i: number, horizonTauD = DEFAULT_HORIZON, opts: FpOptions = {}) {
  const key = `${delta}|${i}|${opts.cells ?? ''}|${opts.maxLogDecayPerStep ?? ''}`;
  let sol = memo.get(key);
  const need = Math.max(DEFAULT_HORIZON, horizonTauD);
  if (sol && !sol.complete && sol.horizon < need) sol = undefined;
  if (sol) {
    memo.delete(key);
  } else {
    sol = solveFokkerPlanck(delta, i, { ...opts, horizon: Math.max(need, opts.horizon ?? 0) });
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  }
  memo.set(key, sol);
  return sol;
}

/** Fokker-Planck WER at (Delta, i) after a pulse of `pulseOverTauD` tau_D (cached solve). */
export function fokkerPlanckWer(delta: number, i: number, pulseOverTauD: number, opts: FpOptions = {}): number {
  return fpWerAt(cachedFokkerPlanck(delta, i, pulseOverTauD * 1.0001, opts), pulseOverTauD);
}

/** Empty the solve cache (benchmarks measure cold solves). */
export function clearFokkerPlanckCache(): void {
  memo.clear();
}
