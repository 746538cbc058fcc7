/**
 * Fokker-Planck WER solver: against the sLLG Monte Carlo (an independent stochastic method), against Brown's
 * mean-first-passage integral (an independent quadrature), against Butler's closed form in the precessional
 * limit, its conservation of probability, and its convergence under grid and step refinement.
 */
import { describe, expect, it } from 'vitest';
import {
  defaultDeviceParams,
  deriveDevice,
  evaluateWrite,
  fpWerAt,
  normalizedWriteCurrent,
  precessionalWer,
  runSllg,
  solveFokkerPlanck,
  werCurve,
  type DeviceParams,
} from '../../src/models/device/index.ts';

/** Cell voltage giving normalised AP->P current i (bisection on the validated model; i rises with V). */
function voltageFor(p: DeviceParams, i: number): number {
  let lo = 0;
  let hi = deriveDevice(p).maxWriteVoltageV;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (normalizedWriteCurrent(p, mid).apToP < i) lo = mid;
    else hi = mid;
  }
  return hi;
}

describe('Fokker-Planck vs the sLLG Monte Carlo (six currents, i = 1.0 .. 3.0)', () => {
  // Each point: i, pulse (in tau_D) and trajectories, chosen so the Monte Carlo sees WER from ~1 down to a few
  // 1e-3 along its WER(t) table. Criterion (per table point where the Monte Carlo resolves WER >= 1e-3 with at
  // least 5 failures): the Fokker-Planck WER lies in the Monte Carlo's 95 % Wilson interval or within x1.5.
  const p = defaultDeviceParams;
  const d = deriveDevice(p);
  const cases: [number, number, number][] = [
    [1.0, 30, 300],
    [1.2, 15, 400],
    [1.5, 7, 500],
    [2.0, 4, 600],
    [2.5, 2.8, 700],
    [3.0, 2.1, 800],
  ];
  for (const [i, sEnd, n] of cases) {
    it(`i = ${i}`, () => {
      const V = voltageFor(p, i);
      const r = runSllg(p, V, sEnd * d.tauDS, 'apToP', { trajectories: n, seed: 20261201, tablePoints: 6 });
      expect(Math.abs(r.normalizedCurrent - i)).toBeLessThan(1e-6);
      const sol = solveFokkerPlanck(d.thermalStability, r.normalizedCurrent);
      let compared = 0;
      for (const q of r.werTable) {
        const failures = Math.round(q.wer * r.trajectories);
        if (q.wer < 1e-3 || failures < 5 || q.wer > 0.99) continue;
        const fp = fpWerAt(sol, q.tS / d.tauDS);
        const inCi = fp >= q.ci95[0] && fp <= q.ci95[1];
        const ratio = Math.max(fp / q.wer, q.wer / fp);
        expect(inCi || ratio <= 1.5, `t = ${q.tS}: MC ${q.wer} [${q.ci95}] vs FP ${fp}`).toBe(true);
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(2);
    });
  }
});

describe('Fokker-Planck solver properties', () => {
  it('conserves probability: W + switched = 1 to 1e-12 at every step', () => {
    for (const [delta, i] of [
      [60, 0.8],
      [60, 1.0],
      [40, 2.0],
      [80, 3.5],
    ] as const) {
      const sol = solveFokkerPlanck(delta, i);
      let worst = 0;
      for (let k = 0; k < sol.s.length; k++) worst = Math.max(worst, Math.abs(sol.wer[k]! + sol.switched[k]! - 1));
      expect(worst).toBeLessThan(1e-12);
      // and the switched sink really filled (the test would pass trivially if nothing moved)
      if (i >= 1) expect(sol.switched[sol.s.length - 1]!).toBeGreaterThan(0.99);
    }
  });

  it('below i = 1: the decay rate is Brown/Kramers 1/MFPT, computed by an independent quadrature', () => {
    // Mean first-passage time to the equator (absorbing at x = 0, reflecting at x = 1) from the pole, for
    // dx = (1 - x^2)(x - i) ds + noise with D(x) = (1 - x^2)/(2 Delta), psi(x) = 2 Delta (i x - x^2/2):
    //   T = integral_0^1 dy e^{psi(y)} / D(y) integral_y^1 e^{-psi(z)} dz   (Gardiner, Handbook 5.2.7).
    // In the high-barrier regime the survival decays as exp(-s / T).
    for (const [delta, i] of [
      [30, 0],
      [40, 0.3],
      [60, 0.6],
    ] as const) {
      const N = 200000;
      const psi = (x: number) => 2 * delta * (i * x - (x * x) / 2);
      const psiMin = psi(1); // scale: e^{-psi(z) + psi(1)} <= ... keeps numbers finite
      // inner(y) = integral_y^1 e^{-(psi(z) - psi(1))} dz, trapezoid from 1 downwards
      const inner = new Float64Array(N + 1);
      const h = 1 / N;
      for (let k = N - 1; k >= 0; k--) {
        const a = Math.exp(-(psi(k * h) - psiMin));
        const b = Math.exp(-(psi((k + 1) * h) - psiMin));
        inner[k] = inner[k + 1]! + 0.5 * h * (a + b);
      }
      // outer integrand e^{psi(y) - psi(1)} ... times e^{psi(1)} e^{-psi(1)}: the scales cancel
      let T = 0;
      for (let k = 0; k < N; k++) {
        const y = (k + 0.5) * h;
        const inn = 0.5 * (inner[k]! + inner[k + 1]!);
        T += (h * Math.exp(psi(y) - psiMin) * inn) / ((1 - y * y) / (2 * delta));
      }
      const sol = solveFokkerPlanck(delta, i);
      expect(Math.abs(sol.finalRate * T - 1)).toBeLessThan(0.03);
    }
  });

  it('approaches Butler closed form in the precessional limit (i >= 2.5, within x2 for WER 1e-2 .. 1e-15)', () => {
    for (const i of [2.5, 3, 4]) {
      const sol = solveFokkerPlanck(60, i);
      let checked = 0;
      for (let s = 0.5; s < 60; s *= 1.15) {
        const butler = precessionalWer(60, i, s);
        if (butler > 1e-2 || butler < 1e-15) continue;
        const fp = fpWerAt(sol, s);
        expect(Math.max(fp / butler, butler / fp), `i ${i}, s ${s}`).toBeLessThan(2);
        checked++;
      }
      expect(checked).toBeGreaterThan(5);
    }
  });

  it('converges: 4x finer grid and 8x smaller steps change WER near 1e-15 by < 3 %', () => {
    for (const i of [1.2, 2, 3]) {
      const a = solveFokkerPlanck(60, i);
      const b = solveFokkerPlanck(60, i, { cells: 512, maxLogDecayPerStep: 0.01 });
      // the time where WER ~ 1e-15 on the fine solve
      let s = 1;
      while (fpWerAt(b, s) > 1e-15) s *= 1.01;
      expect(fpWerAt(b, s)).toBeGreaterThan(1e-16);
      expect(Math.abs(fpWerAt(a, s) / fpWerAt(b, s) - 1)).toBeLessThan(0.03);
    }
  });

  it('WER(t) is non-increasing along the step history and in i at fixed t (raw solver output)', () => {
    let prev: ReturnType<typeof solveFokkerPlanck> | null = null;
    for (const i of [0.5, 0.9, 1.0, 1.1, 1.5, 2, 3]) {
      const sol = solveFokkerPlanck(60, i);
      for (let k = 1; k < sol.wer.length; k++) expect(sol.wer[k]!).toBeLessThanOrEqual(sol.wer[k - 1]!);
      // in i: up to roundoff (W near 1 carries ~1e-15 of summation noise)
      if (prev)
        for (const s of [0.3, 1, 3, 10, 30, 100])
          expect(fpWerAt(sol, s)).toBeLessThanOrEqual(fpWerAt(prev, s) * (1 + 1e-12));
      prev = sol;
    }
  });

  it('is the default model; the closed form stays available and is reported beside it', () => {
    const fp = evaluateWrite(defaultDeviceParams, 0.8, 5e-9);
    const cf = evaluateWrite({ ...defaultDeviceParams, werModel: 'closed-form' }, 0.8, 5e-9);
    expect(fp.werModel).toBe('fp');
    expect(cf.werModel).toBe('closed-form');
    expect(cf.wer).toEqual(cf.werClosedForm);
    expect(fp.werClosedForm).toEqual(cf.wer);
    // both directions differ from the closed form (the FP is not the closed form under another name)
    expect(fp.wer.pToAp).not.toBe(cf.wer.pToAp);
    expect(fp.wer.apToP).not.toBe(cf.wer.apToP);
    // one solve per voltage serves the whole curve, and agrees with the point evaluation
    const curve = werCurve(defaultDeviceParams, 0.8, [1e-9, 5e-9, 20e-9]);
    expect(curve[1]!.pToAp).toBeCloseTo(fp.wer.pToAp, 12);
  });
});
