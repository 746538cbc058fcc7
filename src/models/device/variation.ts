/**
 * Process variation: bit-to-bit spreads of diameter, Delta (anisotropy), RA and TMR turned into the
 * distribution of each bit's critical current, resistance and write error rate; the array-mean WER and
 * the WER of the worst bits (a chosen percentile).
 *
 * Each spread is log-normal with relative standard deviation sigma (so a factor stays positive):
 * factor = exp(sqrt(ln(1 + sigma^2)) z - ln(1 + sigma^2) / 2), z standard normal, mean 1, sd sigma.
 * A bit with diameter factor a, anisotropy factor b, RA factor r and TMR factor m has
 *   volume and area x a^2;  Delta, Ic0 x a^2 b (Ic0 is proportional to Delta);  Hk x b, so tau_D / b;
 *   R_P x r / a^2;  TMR0 x m;
 * and its write current follows from its own resistance (same access transistor, same cell voltage).
 *
 * Deterministic quadrature, no sampling:
 * - the array mean: tensor Gauss-Hermite, 8 nodes per active spread (exact for polynomials of degree 15 in
 *   each z; the WER of a bit is close to exp(c z), for which 8 nodes err by ~c^16/16! relative);
 * - the worst-bit percentile: the quantile of the per-bit WER over 8192 points of the Halton sequence
 *   (bases 2, 3, 5, 7) mapped through the inverse normal CDF: a fixed, evenly spread set of bits.
 * With the Fokker-Planck model each bit's WER is read from solves on a 3 x 9 grid over (ln Delta, i),
 * interpolated quadratically in ln WER (one solve per grid node serves every pulse width).
 */
import { fpWerAt, cachedFokkerPlanck, type FpSolution } from './fokker-planck.ts';
import { apMtjVoltage, blendedWer, resistanceApOhm, type DeviceDerived } from './closed-form.ts';
import type { DeviceParams } from './params.ts';

export interface PerDir<T> {
  pToAp: T;
  apToP: T;
}

/** Array statistics of the WER at one write point. */
export interface ArrayWerStats {
  /** Mean WER over the bits of the array. */
  mean: PerDir<number>;
  /** WER of the bit at `percentile` (worse than that share of the bits). */
  worst: PerDir<number>;
  percentile: number;
}

/** Gauss-Hermite nodes and weights for the standard normal (probabilists'), 8 points. */
const GH8 = (() => {
  // physicists' Hermite H8 nodes/weights (Abramowitz & Stegun 25.4.46), mapped to z = sqrt(2) x, w / sqrt(pi)
  const x = [0.3811869902073221, 1.1571937124467802, 1.981656756695843, 2.930637420257244];
  const w = [0.6611470125582413, 0.2078023258148919, 0.01707798300741348, 0.0001996040722113676];
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let k = 3; k >= 0; k--) {
    nodes.push(-Math.SQRT2 * x[k]!);
    weights.push(w[k]! / Math.sqrt(Math.PI));
  }
  for (let k = 0; k < 4; k++) {
    nodes.push(Math.SQRT2 * x[k]!);
    weights.push(w[k]! / Math.sqrt(Math.PI));
  }
  return { nodes, weights };
})();

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normInv(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - pl) return -normInv(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

function halton(index: number, base: number): number {
  let f = 1;
  let r = 0;
  let i = index;
  while (i > 0) {
    f /= base;
    r += f * (i % base);
    i = Math.floor(i / base);
  }
  return r;
}

/** Number of Halton points behind the worst-bit percentile. */
export const WORST_BIT_POINTS = 8192;

function lognormalFactor(sigma: number, z: number): number {
  if (sigma === 0) return 1;
  const s2 = Math.log1p(sigma * sigma);
  return Math.exp(Math.sqrt(s2) * z - s2 / 2);
}

/** One bit's write: its Delta, normalised currents per direction and its tau_D relative to the nominal. */
interface BitWrite {
  delta: number;
  i: PerDir<number>;
  /** Anisotropy factor b: the bit's tau_D is tau_D / b, so a pulse t is (t / tau_D) b of its own tau_D. */
  hkFactor: number;
}

function bitWrite(p: DeviceParams, d: DeviceDerived, V: number, z: readonly number[]): BitWrite {
  const a = lognormalFactor(p.sigmaDiameter, z[0]!);
  const b = lognormalFactor(p.sigmaDelta, z[1]!);
  const r = lognormalFactor(p.sigmaRa, z[2]!);
  const m = lognormalFactor(p.sigmaTmr, z[3]!);
  const scale = a * a * b;
  const rP = (d.resistanceOhm.p * r) / (a * a);
  const pb: DeviceParams = { ...p, tmr0: p.tmr0 * m };
  const iP = V / (rP + p.accessResistanceOhm);
  const vAp = apMtjVoltage(pb, rP, V);
  const iAp = vAp / resistanceApOhm(pb, rP, vAp);
  return {
    delta: d.thermalStability * scale,
    i: { pToAp: iP / (d.criticalCurrentA.pToAp * scale), apToP: iAp / (d.criticalCurrentA.apToP * scale) },
    hkFactor: b,
  };
}

/** Quadratic Lagrange interpolation of y at x through three nodes. */
function lagrange3(x: number, x0: number, x1: number, x2: number, y0: number, y1: number, y2: number): number {
  const l0 = ((x - x1) * (x - x2)) / ((x0 - x1) * (x0 - x2));
  const l1 = ((x - x0) * (x - x2)) / ((x1 - x0) * (x1 - x2));
  const l2 = ((x - x0) * (x - x1)) / ((x2 - x0) * (x2 - x1));
  return l0 * y0 + l1 * y1 + l2 * y2;
}

const LOG_FLOOR = -745;

/** ln WER over a (ln Delta, i) grid of Fokker-Planck solves, interpolated quadratically. */
class FpTable {
  private readonly lnD: number[];
  private readonly iNodes: number[];
  private readonly sols: FpSolution[][];
  constructor(deltas: [number, number], is: [number, number], horizon: number) {
    const [d0, d1] = deltas;
    this.lnD =
      d1 > d0 * (1 + 1e-12)
        ? [0, 1, 2].map((k) => Math.log(d0) + ((Math.log(d1) - Math.log(d0)) * k) / 2)
        : [Math.log(d0)];
    const [i0, i1] = is;
    const ni = i1 > i0 * (1 + 1e-12) ? 9 : 1;
    this.iNodes = Array.from({ length: ni }, (_, k) => (ni === 1 ? i0 : i0 + ((i1 - i0) * k) / (ni - 1)));
    this.sols = this.lnD.map((ld) => this.iNodes.map((i) => cachedFokkerPlanck(Math.exp(ld), i, horizon)));
  }
  private lnW(sol: FpSolution, s: number): number {
    const w = fpWerAt(sol, s);
    return w > 0 ? Math.log(w) : LOG_FLOOR;
  }
  private alongI(row: FpSolution[], i: number, s: number): number {
    const n = this.iNodes.length;
    if (n === 1) return this.lnW(row[0]!, s);
    const h = this.iNodes[1]! - this.iNodes[0]!;
    let k = Math.round((i - this.iNodes[0]!) / h);
    k = Math.min(n - 2, Math.max(1, k));
    return lagrange3(
      i,
      this.iNodes[k - 1]!,
      this.iNodes[k]!,
      this.iNodes[k + 1]!,
      this.lnW(row[k - 1]!, s),
      this.lnW(row[k]!, s),
      this.lnW(row[k + 1]!, s),
    );
  }
  wer(delta: number, i: number, s: number): number {
    let lw: number;
    if (this.lnD.length === 1) lw = this.alongI(this.sols[0]!, i, s);
    else {
      const y = this.sols.map((row) => this.alongI(row, i, s));
      lw = lagrange3(Math.log(delta), this.lnD[0]!, this.lnD[1]!, this.lnD[2]!, y[0]!, y[1]!, y[2]!);
    }
    return Math.min(1, Math.exp(Math.min(0, lw)));
  }
}

/** Every spread zero: the array is the nominal bit. */
export function hasVariation(p: DeviceParams): boolean {
  return p.sigmaDiameter > 0 || p.sigmaDelta > 0 || p.sigmaRa > 0 || p.sigmaTmr > 0;
}

/** Array-mean and worst-bit WER per pulse width (one set of bits and Fokker-Planck solves for all pulses). */
export interface ArrayWerCurve {
  arrayMean: PerDir<Float64Array>;
  worstBit: PerDir<Float64Array>;
  percentile: number;
}

/**
 * Array-mean and worst-bit WER at cell voltage V for each pulse width. `model` selects the per-bit WER law;
 * `haltonPoints` bits set the percentile. Requires some spread (hasVariation).
 */
export function arrayWerCurveCore(
  p: DeviceParams,
  d: DeviceDerived,
  V: number,
  pulsesS: readonly number[],
  model: 'fp' | 'closed-form',
  haltonPoints = WORST_BIT_POINTS,
): ArrayWerCurve {
  const percentile = p.worstPercentile;
  const sig = [p.sigmaDiameter, p.sigmaDelta, p.sigmaRa, p.sigmaTmr];
  const active = sig.map((s) => s > 0);
  let ghPts: { z: number[]; w: number }[] = [{ z: [0, 0, 0, 0], w: 1 }];
  for (let k = 0; k < 4; k++) {
    if (!active[k]) continue;
    const next: { z: number[]; w: number }[] = [];
    for (const q of ghPts)
      for (let n = 0; n < GH8.nodes.length; n++) {
        const z = q.z.slice();
        z[k] = GH8.nodes[n]!;
        next.push({ z, w: q.w * GH8.weights[n]! });
      }
    ghPts = next;
  }
  const bases = [2, 3, 5, 7];
  const ghBits = ghPts.map((q) => bitWrite(p, d, V, q.z));
  const halBits: BitWrite[] = [];
  for (let j = 1; j <= haltonPoints; j++)
    halBits.push(
      bitWrite(
        p,
        d,
        V,
        bases.map((bs, k) => (active[k] ? normInv(halton(j, bs)) : 0)),
      ),
    );
  const np = pulsesS.length;
  const out: ArrayWerCurve = {
    arrayMean: { pToAp: new Float64Array(np), apToP: new Float64Array(np) },
    worstBit: { pToAp: new Float64Array(np), apToP: new Float64Array(np) },
    percentile,
  };
  const tMax = Math.max(...pulsesS);
  const rank = Math.min(halBits.length - 1, Math.max(0, Math.ceil((percentile / 100) * halBits.length) - 1));
  const ws = new Float64Array(halBits.length);
  for (const dir of ['pToAp', 'apToP'] as const) {
    let werOf: (b: BitWrite, t: number) => number;
    if (model === 'closed-form') {
      werOf = (b, t) => blendedWer(b.delta, b.i[dir], t, d.tauDS / b.hkFactor, p.attemptTimeS, p.thermalBarrierFloorKT);
    } else {
      let dLo = Infinity,
        dHi = 0,
        iLo = Infinity,
        iHi = 0,
        bHi = 0;
      for (const b of ghBits.concat(halBits)) {
        dLo = Math.min(dLo, b.delta);
        dHi = Math.max(dHi, b.delta);
        iLo = Math.min(iLo, b.i[dir]);
        iHi = Math.max(iHi, b.i[dir]);
        bHi = Math.max(bHi, b.hkFactor);
      }
      const table = new FpTable([dLo, dHi], [iLo, iHi], (tMax / d.tauDS) * bHi * 1.0001);
      werOf = (b, t) => table.wer(b.delta, b.i[dir], (t / d.tauDS) * b.hkFactor);
    }
    for (let k = 0; k < np; k++) {
      const t = pulsesS[k]!;
      let mean = 0;
      for (let j = 0; j < ghBits.length; j++) mean += ghPts[j]!.w * werOf(ghBits[j]!, t);
      for (let j = 0; j < halBits.length; j++) ws[j] = werOf(halBits[j]!, t);
      ws.sort();
      out.arrayMean[dir][k] = Math.min(1, mean);
      out.worstBit[dir][k] = ws[rank]!;
    }
  }
  return out;
}

/**
 * Array-mean and worst-bit WER at cell voltage V and pulse t. `nominal` is the nominal bit's WER (returned
 * for both when there is no variation). `model` selects the per-bit WER law.
 */
export function arrayWerStats(
  p: DeviceParams,
  d: DeviceDerived,
  V: number,
  t: number,
  model: 'fp' | 'closed-form',
  nominal: PerDir<number>,
): ArrayWerStats {
  const percentile = p.worstPercentile;
  if (!hasVariation(p)) return { mean: { ...nominal }, worst: { ...nominal }, percentile };
  const c = arrayWerCurveCore(p, d, V, [t], model);
  return {
    mean: { pToAp: c.arrayMean.pToAp[0]!, apToP: c.arrayMean.apToP[0]! },
    worst: { pToAp: c.worstBit.pToAp[0]!, apToP: c.worstBit.apToP[0]! },
    percentile,
  };
}
