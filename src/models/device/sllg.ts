/**
 * Stochastic Landau-Lifshitz-Gilbert (sLLG) Monte Carlo of one MTJ write, macrospin, CPU engine.
 * The WGSL kernel in sllg-wgsl.ts implements the same equations, step for step, with the same random draws.
 *
 * Equations (reduced units; docs/models.md section 1). m is the free-layer unit vector; the initial state is +z and
 * the target state -z for both write directions (the macrospin is symmetric: the direction enters only through
 * its critical current, i = I / Ic0(direction)). Time unit t0 = (1 + alpha^2) / (gamma mu0 Hk), so
 * tau_D = t0 / alpha. Fields in units of Hk. The Landau-Lifshitz form of the LLG-Slonczewski equation:
 *   dm/dtau = -m x h - alpha m x (m x h) - beta m x (m x p) + alpha beta m x p,
 *   h = m_z z + h_th,  p = -z (spin-polarisation direction that favours the target),  beta = a_J / Hk = alpha i,
 * where a_J = hbar eta I / (2 e mu0 Ms V), so that the linearised growth rate alpha (i - 1) vanishes at i = 1
 * (Sun 2000: Ic0 = 4 e alpha kB T Delta / (hbar eta) with Delta = mu0 Ms Hk V / (2 kB T)).
 * Thermal field (Brown 1963): independent Gaussian components, held constant over a step, with variance
 *   sigma^2 = alpha / (Delta (1 + alpha^2) dtau)   (from <h_i(t) h_j(t')> = (alpha / Delta) delta_ij delta(t - t')
 * in Gilbert time gamma mu0 Hk t), entering both the precession and damping terms (Garcia-Palacios & Lazaro 1998).
 * Integration: Heun predictor-corrector with the same thermal sample in both stages (converges to the
 * Stratonovich solution), then renormalisation |m| = 1.
 * Initial state: exact Boltzmann sample in the +z well, p(cos theta) ~ exp(Delta cos^2 theta) on [0, 1], by rejection
 * (s = 1 - cos theta proposed from Exp(Delta) on [0, 1], accepted with probability exp(-Delta s (1 - s))); phi uniform.
 * Switching: the first step after which m_z <= 0 (the equator, the pi/2 criterion of the closed form); the write
 * current is on for the whole pulse, and WER(t) is the fraction of trajectories not switched by time t.
 * Random draws: counter-based (counter-rng.ts): step k uses counters 4k..4k+3 (two Box-Muller pairs, three normals
 * used); the initial state uses counters INIT_COUNTER_BASE + 3 attempt + {0, 1} (rejection) and INIT_COUNTER_BASE + 2 (phi).
 */
import { checkRange, FieldError } from '../errors.ts';
import { PHYS } from '../units.ts';
import { deriveDevice } from './closed-form.ts';
import { counterUniform, trajectoryKey, type TrajectoryKey } from './counter-rng.ts';
import { validateDeviceParams, type DeviceParams } from './params.ts';
import { checkPulse, checkWriteVoltage, evaluateWrite, type WriteDirection } from './write.ts';

/** Counter offset of the initial-state draws (step draws use counters below it). */
export const INIT_COUNTER_BASE = 0xfff00000;
/** Maximum rejection attempts for the initial state (failure probability ~2^-64). */
export const INIT_MAX_ATTEMPTS = 64;
/** Default step in reduced time units t0 (t0 = alpha tau_D). */
export const DEFAULT_DTAU = 0.05;
/** Most steps one trajectory may take (counter space: 4 per step below INIT_COUNTER_BASE). */
export const MAX_STEPS = Math.floor(INIT_COUNTER_BASE / 4) - 1;

/** Options of a Monte Carlo run. */
export interface SllgOptions {
  /** Number of trajectories (1 .. 10,000,000). */
  trajectories: number;
  /** Seed (32-bit unsigned integer semantics). */
  seed: number;
  /** Time step, s; default DEFAULT_DTAU t0. */
  dtS?: number;
  /** Random stream; default 0 for pToAp and 1 for apToP, so the two directions draw independent noise. */
  stream?: number;
  /** Number of points of the WER(t) table (default 40). */
  tablePoints?: number;
}

/** One row of the WER(t) table. */
export interface SllgWerPoint {
  /** Time from the pulse start, s. */
  tS: number;
  /** Monte Carlo WER at t: fraction of trajectories not switched by t. */
  wer: number;
  /** Wilson 95 % score interval [low, high] of that fraction. */
  ci95: [number, number];
}

/** Monte Carlo result (plain data: structured-clone safe for workers). */
export interface SllgResult {
  engine: 'cpu' | 'webgpu';
  direction: WriteDirection;
  voltageV: number;
  pulseWidthS: number;
  /** Normalised write current i = I / Ic0 used. */
  normalizedCurrent: number;
  thermalStability: number;
  damping: number;
  /** Integration time step, s. */
  dtS: number;
  /** Steps per trajectory for the full pulse. */
  stepsPerTrajectory: number;
  seed: number;
  stream: number;
  /** Trajectories simulated (may be fewer than requested if stopped early). */
  trajectories: number;
  /** Switching time of each trajectory, s (Infinity: not switched within the pulse). */
  switchingTimesS: Float64Array;
  /** Trajectories not switched at the end of the pulse. */
  failures: number;
  /** Monte Carlo WER at the end of the pulse. */
  wer: number;
  /** Wilson 95 % interval of `wer`. */
  werCi95: [number, number];
  /** WER(t) table over (0, pulse]. */
  werTable: SllgWerPoint[];
  /** Integration steps actually taken (trajectories stop at switching). */
  stepsSimulated: number;
}

/** Wilson score interval for k failures in n trials at z (default 1.96, 95 %). */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n <= 0) return [0, 1];
  const ph = k / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (ph + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((ph * (1 - ph)) / n + z2 / (4 * n * n))) / den;
  return [k <= 0 ? 0 : Math.max(0, centre - half), k >= n ? 1 : Math.min(1, centre + half)];
}

/** Inputs of the kernel in reduced units (shared by the CPU engine and the WebGPU runner). */
export interface SllgKernelSetup {
  direction: WriteDirection;
  voltageV: number;
  pulseWidthS: number;
  normalizedCurrent: number;
  delta: number;
  alpha: number;
  /** beta = alpha i. */
  beta: number;
  /** Reduced step. */
  dtau: number;
  /** Thermal-field standard deviation per component per step (units of Hk). */
  sigma: number;
  /** Time unit t0, s. */
  t0S: number;
  dtS: number;
  totalSteps: number;
  seed: number;
  stream: number;
  trajectories: number;
  tablePoints: number;
}

/** Validate inputs and compute the reduced-unit kernel setup. Throws FieldError on bad input. */
export function sllgSetup(
  p: DeviceParams,
  voltageV: number,
  pulseWidthS: number,
  direction: WriteDirection,
  opts: SllgOptions,
): SllgKernelSetup {
  validateDeviceParams(p);
  const d = deriveDevice(p);
  checkWriteVoltage(p, d, voltageV);
  checkPulse(pulseWidthS);
  if (direction !== 'pToAp' && direction !== 'apToP') throw new FieldError('direction', direction, 'pToAp or apToP');
  if (!Number.isInteger(opts.trajectories))
    throw new FieldError('trajectories', opts.trajectories, 'an integer in [1, 10000000]');
  checkRange('trajectories', opts.trajectories, 1, 1e7);
  if (!Number.isInteger(opts.seed)) throw new FieldError('seed', opts.seed, 'an integer in [0, 4294967295]');
  checkRange('seed', opts.seed, 0, 4294967295);
  const stream = opts.stream ?? (direction === 'pToAp' ? 0 : 1);
  if (!Number.isInteger(stream)) throw new FieldError('stream', stream, 'an integer in [0, 4294967295]');
  checkRange('stream', stream, 0, 4294967295);
  const tablePoints = opts.tablePoints ?? 40;
  checkRange('tablePoints', tablePoints, 1, 10000);
  const alpha = p.damping;
  const t0S = (1 + alpha * alpha) / (PHYS.gamma * PHYS.mu0 * d.hkAPerM);
  const dtS = opts.dtS ?? DEFAULT_DTAU * t0S;
  checkRange('dtS', dtS, 0, 0.2 * t0S, 's', { minExclusive: true });
  const totalSteps = Math.max(1, Math.round(pulseWidthS / dtS));
  if (totalSteps > MAX_STEPS) {
    throw new FieldError(
      'pulseWidthS',
      pulseWidthS,
      `at most ${MAX_STEPS} steps of ${dtS} s`,
      'pulse too long for the Monte Carlo',
    );
  }
  const w = evaluateWrite(p, voltageV, pulseWidthS);
  const i = w.normalizedCurrent[direction];
  const dtau = dtS / t0S;
  return {
    direction,
    voltageV,
    pulseWidthS,
    normalizedCurrent: i,
    delta: d.thermalStability,
    alpha,
    beta: alpha * i,
    dtau,
    sigma: Math.sqrt(alpha / (d.thermalStability * (1 + alpha * alpha) * dtau)),
    t0S,
    dtS,
    totalSteps,
    seed: opts.seed >>> 0,
    stream: stream >>> 0,
    trajectories: opts.trajectories,
    tablePoints,
  };
}

/** counterUniform with the key words unpacked (hot loop; identical values). */
function uniform01(ka: number, kb: number, counter: number): number {
  let x = (counter ^ ka) >>> 0;
  let st = (Math.imul(x, 747796405) + 2891336453) >>> 0;
  let w = Math.imul(((st >>> ((st >>> 28) + 4)) ^ st) >>> 0, 277803737) >>> 0;
  x = ((((w >>> 22) ^ w) >>> 0) + kb) >>> 0;
  st = (Math.imul(x, 747796405) + 2891336453) >>> 0;
  w = Math.imul(((st >>> ((st >>> 28) + 4)) ^ st) >>> 0, 277803737) >>> 0;
  return (((((w >>> 22) ^ w) >>> 0) >>> 9) + 0.5) / 8388608;
}

/** Draw the Boltzmann initial state of one trajectory (see header). Returns [mx, my, mz]. */
export function initialState(key: TrajectoryKey, delta: number): [number, number, number] {
  let s = 0;
  const norm = -Math.expm1(-delta);
  for (let a = 0; a < INIT_MAX_ATTEMPTS; a++) {
    const c = INIT_COUNTER_BASE + 3 * a;
    const u1 = counterUniform(key, c);
    const u2 = counterUniform(key, c + 1);
    s = -Math.log1p(-u1 * norm) / delta; // Exp(delta) truncated to [0, 1]
    if (u2 <= Math.exp(-delta * s * (1 - s))) break;
  }
  const phi = 2 * Math.PI * counterUniform(key, INIT_COUNTER_BASE + 2);
  const cz = 1 - s;
  const st = Math.sqrt(Math.max(0, s * (2 - s)));
  return [st * Math.cos(phi), st * Math.sin(phi), cz];
}

/**
 * Simulate one trajectory; returns the step count at switching (1-based: switched after that many steps) or -1.
 * `steps` receives the number of steps taken.
 */
export function simulateTrajectory(s: SllgKernelSetup, traj: number): number {
  const key = trajectoryKey(s.seed, s.stream, traj);
  const ka = key.a;
  const kb = key.b;
  let [mx, my, mz] = initialState(key, s.delta);
  const { alpha, beta, dtau, sigma } = s;
  const ab = alpha * beta;
  const twoPi = 2 * Math.PI;
  for (let k = 0; k < s.totalSteps; k++) {
    const c = 4 * k;
    const u1 = uniform01(ka, kb, c);
    const u2 = uniform01(ka, kb, c + 1);
    const u3 = uniform01(ka, kb, c + 2);
    const u4 = uniform01(ka, kb, c + 3);
    const r1 = sigma * Math.sqrt(-2 * Math.log(u1));
    const r2 = sigma * Math.sqrt(-2 * Math.log(u3));
    const hx = r1 * Math.cos(twoPi * u2);
    const hy = r1 * Math.sin(twoPi * u2);
    const hz = r2 * Math.cos(twoPi * u4);
    // drift f(m) at the current state
    let Hx = hx,
      Hy = hy,
      Hz = mz + hz;
    let mm = mx * mx + my * my + mz * mz;
    let mh = mx * Hx + my * Hy + mz * Hz;
    // m x H
    let cx = my * Hz - mz * Hy,
      cy = mz * Hx - mx * Hz,
      cz = mx * Hy - my * Hx;
    // p = -z: m.p = -mz; m x (m x p) = m (m.p) - p (m.m); m x p = (-my, mx, 0)
    const f1x = -cx - alpha * (mx * mh - Hx * mm) - beta * (-mx * mz) + ab * -my;
    const f1y = -cy - alpha * (my * mh - Hy * mm) - beta * (-my * mz) + ab * mx;
    const f1z = -cz - alpha * (mz * mh - Hz * mm) - beta * (-mz * mz + mm);
    // predictor
    const px = mx + f1x * dtau,
      py = my + f1y * dtau,
      pz = mz + f1z * dtau;
    Hx = hx;
    Hy = hy;
    Hz = pz + hz;
    mm = px * px + py * py + pz * pz;
    mh = px * Hx + py * Hy + pz * Hz;
    cx = py * Hz - pz * Hy;
    cy = pz * Hx - px * Hz;
    cz = px * Hy - py * Hx;
    const f2x = -cx - alpha * (px * mh - Hx * mm) - beta * (-px * pz) + ab * -py;
    const f2y = -cy - alpha * (py * mh - Hy * mm) - beta * (-py * pz) + ab * px;
    const f2z = -cz - alpha * (pz * mh - Hz * mm) - beta * (-pz * pz + mm);
    // corrector and renormalisation
    mx += 0.5 * (f1x + f2x) * dtau;
    my += 0.5 * (f1y + f2y) * dtau;
    mz += 0.5 * (f1z + f2z) * dtau;
    const inv = 1 / Math.sqrt(mx * mx + my * my + mz * mz);
    mx *= inv;
    my *= inv;
    mz *= inv;
    if (mz <= 0) return k + 1;
  }
  return -1;
}

/**
 * Simulate trajectories [from, to) of a setup: switching steps (-1: not switched) and integration steps taken.
 * Each trajectory draws from its own counter-based stream (seed, stream, index), so any split of the index
 * range over workers reproduces the single-threaded result exactly.
 */
export function simulateRange(
  s: SllgKernelSetup,
  from: number,
  to: number,
): { steps: Int32Array; stepsSimulated: number } {
  const steps = new Int32Array(Math.max(0, to - from));
  let stepsSimulated = 0;
  for (let j = from; j < to; j++) {
    const k = simulateTrajectory(s, j);
    steps[j - from] = k;
    stepsSimulated += k < 0 ? s.totalSteps : k;
  }
  return { steps, stepsSimulated };
}

/** Progress report of a running Monte Carlo. */
export interface SllgProgress {
  done: number;
  total: number;
  failures: number;
  stepsSimulated: number;
}

/** A chunkable CPU run: advance() simulates the next trajectories; result() summarises those done so far. */
export interface SllgRun {
  readonly setup: SllgKernelSetup;
  readonly done: number;
  readonly finished: boolean;
  /** Simulate up to `maxTrajectories` more trajectories; returns the progress. */
  advance(maxTrajectories: number): SllgProgress;
  result(): SllgResult;
}

/** Build the result from per-trajectory switching steps (-1: not switched). Shared with the WebGPU runner. */
export function summarizeSllg(
  s: SllgKernelSetup,
  switchSteps: ArrayLike<number>,
  count: number,
  stepsSimulated: number,
  engine: 'cpu' | 'webgpu',
): SllgResult {
  const times = new Float64Array(count);
  let failures = 0;
  for (let j = 0; j < count; j++) {
    const k = switchSteps[j]!;
    if (k < 0) {
      times[j] = Infinity;
      failures++;
    } else times[j] = k * s.dtS;
  }
  const sorted = Float64Array.from(times).sort();
  const werTable: SllgWerPoint[] = [];
  let idx = 0;
  for (let q = 1; q <= s.tablePoints; q++) {
    const t = (s.pulseWidthS * q) / s.tablePoints;
    while (idx < count && sorted[idx]! <= t) idx++;
    const notSwitched = count - idx;
    werTable.push({ tS: t, wer: count ? notSwitched / count : NaN, ci95: wilsonInterval(notSwitched, count) });
  }
  return {
    engine,
    direction: s.direction,
    voltageV: s.voltageV,
    pulseWidthS: s.pulseWidthS,
    normalizedCurrent: s.normalizedCurrent,
    thermalStability: s.delta,
    damping: s.alpha,
    dtS: s.dtS,
    stepsPerTrajectory: s.totalSteps,
    seed: s.seed,
    stream: s.stream,
    trajectories: count,
    switchingTimesS: times,
    failures,
    wer: count ? failures / count : NaN,
    werCi95: wilsonInterval(failures, count),
    werTable,
    stepsSimulated,
  };
}

/** Start a chunkable CPU Monte Carlo run (validates; throws FieldError on bad input). */
export function createSllgRun(
  p: DeviceParams,
  voltageV: number,
  pulseWidthS: number,
  direction: WriteDirection,
  opts: SllgOptions,
): SllgRun {
  const setup = sllgSetup(p, voltageV, pulseWidthS, direction, opts);
  const steps = new Int32Array(setup.trajectories);
  let done = 0;
  let failures = 0;
  let stepsSimulated = 0;
  const progress = (): SllgProgress => ({ done, total: setup.trajectories, failures, stepsSimulated });
  return {
    setup,
    get done() {
      return done;
    },
    get finished() {
      return done >= setup.trajectories;
    },
    advance(maxTrajectories: number) {
      const end = Math.min(setup.trajectories, done + Math.max(1, Math.floor(maxTrajectories)));
      for (; done < end; done++) {
        const k = simulateTrajectory(setup, done);
        steps[done] = k;
        if (k < 0) {
          failures++;
          stepsSimulated += setup.totalSteps;
        } else stepsSimulated += k;
      }
      return progress();
    },
    result() {
      return summarizeSllg(setup, steps, done, stepsSimulated, 'cpu');
    },
  };
}

/**
 * Run the CPU Monte Carlo to completion (or until onProgress returns false), reporting progress every
 * `progressEvery` trajectories (default ~1/20 of the run). Deterministic for a given seed and stream.
 */
export function runSllg(
  p: DeviceParams,
  voltageV: number,
  pulseWidthS: number,
  direction: WriteDirection,
  opts: SllgOptions,
  onProgress?: (progress: SllgProgress) => boolean | void,
  progressEvery?: number,
): SllgResult {
  const run = createSllgRun(p, voltageV, pulseWidthS, direction, opts);
  const chunk = progressEvery ?? Math.max(1, Math.ceil(opts.trajectories / 20));
  while (!run.finished) {
    const pr = run.advance(chunk);
    if (onProgress && onProgress(pr) === false) break;
  }
  return run.result();
}

/** Monte Carlo WER at time t (s) from a result's switching times (fraction not switched by t). */
export function sllgWerAt(r: SllgResult, tS: number): number {
  let n = 0;
  for (const x of r.switchingTimesS) if (!(x <= tS)) n++;
  return r.trajectories ? n / r.trajectories : NaN;
}

/** One bin of the switching-time distribution. */
export interface SwitchingTimeBin {
  /** Bin start and end, s. */
  fromS: number;
  toS: number;
  /** Trajectories that switched within the bin. */
  count: number;
}

/** Histogram of switching times over (0, pulse] in `bins` equal bins (unswitched trajectories are not binned). */
export function switchingTimeHistogram(r: SllgResult, bins = 40): SwitchingTimeBin[] {
  const nb = Math.max(1, Math.floor(bins));
  const w = r.pulseWidthS / nb;
  const out: SwitchingTimeBin[] = Array.from({ length: nb }, (_, k) => ({ fromS: k * w, toS: (k + 1) * w, count: 0 }));
  for (const t of r.switchingTimesS) {
    if (!Number.isFinite(t)) continue;
    const k = Math.min(nb - 1, Math.max(0, Math.ceil(t / w) - 1));
    out[k]!.count++;
  }
  return out;
}

/**
 * The factor within which the closed form (Butler's precessional WER, blended) and this Monte Carlo are stated to
 * agree at default parameters where WER >= 1e-4, as a function of i = I / Ic0; null where no agreement is claimed.
 * Measured (CPU engine, 1500-10000 trajectories, default device; closed form / Monte Carlo point estimates):
 *   i >= 1.8: 1.0-1.6 where WER >= 1e-2; 2.5-2.6 at WER 3e-3-9e-3 (i = 1.83, 1.93)  -> factor 3
 *   1.4 <= i < 1.8: 1.6-4.4 (i = 1.45-1.69, WER 2e-3-0.3)                           -> factor 5
 *   1 < i < 1.4 (dynamic-reversal zone): 9-30, the closed form is pessimistic: Butler's formula is the linearised
 *   (Ornstein-Uhlenbeck) solution, and near i = 1 the nonlinear torque sin(theta)(i - cos(theta)) speeds switching
 *   once thermal diffusion has tilted the moment                       -> no claim (null)
 */
export function mcAgreementFactor(normalizedCurrent: number): number | null {
  if (normalizedCurrent >= 1.8) return 3;
  if (normalizedCurrent >= 1.4) return 5;
  return null;
}
