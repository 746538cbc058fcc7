/**
 * Closed-form device model against independent hand values (docs/models.md section 6 worked example, and the
 * calculations written beside each expectation).
 */
import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/models/errors.ts';
import {
  blendedWer,
  defaultDeviceParams,
  deriveDevice,
  evaluateWrite,
  minPulseForWer,
  minVoltageForWer,
  precessionalWer,
  readDisturbProbability,
  retentionFailureProbability,
  thermalWer,
  validateDeviceParams,
  werCurve,
  type DeviceParams,
} from '../../src/models/device/index.ts';

/** Worked example of docs/models.md section 6: d 40 nm, t 1.3 nm, Ms 1e6, alpha 0.02, Delta 60, 300 K, RA 5 ohm um^2. */
const worked: DeviceParams = {
  ...defaultDeviceParams,
  diameterM: 40e-9,
  freeLayerThicknessM: 1.3e-9,
  msAPerM: 1.0e6,
  delta: 60,
  damping: 0.02,
  temperatureK: 300,
  etaApToP: 0.6,
  etaPToAp: 0.4,
  raOhmM2: 5e-12,
};

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('derived quantities (docs/models.md section 6, hand values)', () => {
  const d = deriveDevice(worked);
  it('volume, Hk, mu0 Hk', () => {
    expect(rel(d.volumeM3, 1.6336e-24)).toBeLessThan(1e-4); // pi (20e-9)^2 1.3e-9
    expect(rel(d.hkAPerM, 2.4212e5)).toBeLessThan(1e-4); // 2 Delta kB T / (mu0 Ms V)
    expect(rel(4e-7 * Math.PI * d.hkAPerM, 0.3043)).toBeLessThan(2e-4);
  });
  it('Ic0 per direction (Sun 2000): 50.34 uA at eta 0.6, 75.51 uA at eta 0.4', () => {
    expect(rel(d.criticalCurrentA.apToP, 50.34e-6)).toBeLessThan(2e-4);
    expect(rel(d.criticalCurrentA.pToAp, 75.51e-6)).toBeLessThan(2e-4);
  });
  it('tau_D = 0.9337 ns and R_P = 3978.9 ohm, R_AP = R_P (1 + TMR0)', () => {
    expect(rel(d.tauDS, 0.9337e-9)).toBeLessThan(1e-4);
    expect(rel(d.resistanceOhm.p, 3978.9)).toBeLessThan(1e-4);
    expect(rel(d.resistanceOhm.ap, 3978.9 * (1 + worked.tmr0))).toBeLessThan(1e-4);
  });
  it('Delta from Hk by its definition: mu0 Ms Hk V / (2 kB T)', () => {
    // (4 pi 1e-7)(1e6)(2.4212e5)(1.6336e-24) / (2 * 1.380649e-23 * 300) = 4.9704e-19 / 8.2839e-21 = 60.000
    const dd = deriveDevice({ ...worked, hkAPerM: 2.4212e5, delta: 10 });
    expect(dd.thermalStability).toBeCloseTo(60.0, 2);
  });
  it('published MTJ (Ikeda et al., Nat. Mater. 9, 721, 2010: 40 nm, Delta ~40, Ic0 ~49 uA): Sun Ic0 brackets it', () => {
    // Ic0 = 4 e kB T Delta (alpha/eta) / hbar with Delta = 40 at 300 K. With alpha/eta over the compact-model
    // ranges alpha 0.02-0.03 and eta 0.5-0.7: alpha/eta = 0.02/0.7 -> 28.8 uA, 0.03/0.5 -> 60.4 uA (hand).
    const lo = deriveDevice({ ...worked, delta: 40, damping: 0.02, etaApToP: 0.7, etaPToAp: 0.7 });
    const hi = deriveDevice({ ...worked, delta: 40, damping: 0.03, etaApToP: 0.5, etaPToAp: 0.5 });
    expect(rel(lo.criticalCurrentA.apToP, 28.77e-6)).toBeLessThan(1e-3);
    expect(rel(hi.criticalCurrentA.apToP, 60.41e-6)).toBeLessThan(1e-3);
    expect(lo.criticalCurrentA.apToP).toBeLessThan(49e-6);
    expect(hi.criticalCurrentA.apToP).toBeGreaterThan(49e-6);
  });
});

describe('precessional WER (table of docs/models.md section 6)', () => {
  const tauD = deriveDevice(worked).tauDS;
  const table: [number, number, number][] = [
    [1.5, 2e-9, 9.9814e-1],
    [1.5, 5e-9, 2.0849e-1],
    [1.5, 10e-9, 1.1002e-3],
    [2, 2e-9, 6.4207e-1],
    [2, 5e-9, 1.6499e-3],
    [2, 10e-9, 3.6835e-8],
    [3, 2e-9, 1.8579e-2],
    [3, 5e-9, 4.9113e-8],
    [3, 10e-9, 2.444e-17],
  ];
  for (const [i, t, want] of table) {
    it(`i=${i}, t=${t * 1e9} ns -> ${want}`, () => {
      // the table used tau_D rounded to 0.9337 ns; exponent 2 (i-1) t/tau_D up to 42.8 -> ~2e-3 relative
      expect(rel(precessionalWer(60, i, t / tauD), want)).toBeLessThan(3e-3);
    });
  }
  it('stable far below 1e-16: i = 2, t = 23 tau_D', () => {
    // u = 2 (i-1) x = 46; g = 1/(1 + 2 i x expm1(u)/u) = 1/(1 + 2 expm1(46)) = e^-46 / 2 (to 1e-20)
    // = 5.2653e-21; WER = 1 - exp(-A g) ~ A g with A = pi^2 60 / 4 = 148.044 -> 7.7950e-19
    const w = precessionalWer(60, 2, 23);
    expect(w).toBeGreaterThan(0);
    expect(rel(w, 7.795e-19)).toBeLessThan(1e-4);
  });
  it('zero-length pulse: WER -> 1', () => {
    // g = 1 at t = 0: WER = 1 - exp(-148.04) = 1 in double precision
    expect(precessionalWer(60, 3, 0)).toBe(1);
    const r = evaluateWrite(defaultDeviceParams, 1.2, 1e-15);
    expect(r.wer.pToAp).toBeGreaterThan(0.999999);
    expect(r.wer.apToP).toBeGreaterThan(0.999999);
  });
  it('i = 1 is a removable singularity: limit 1 - exp(-A/(1 + 2x))', () => {
    // x = 10: A/21 = 148.044/21 = 7.04972; 1 - e^-7.04972 = 0.999132
    expect(precessionalWer(60, 1, 10)).toBeCloseTo(0.999132, 6);
    expect(Math.abs(precessionalWer(60, 1 + 1e-9, 10) - precessionalWer(60, 1 - 1e-9, 10))).toBeLessThan(1e-9);
  });
});

describe('thermal law, read disturb, retention (hand values)', () => {
  it('thermal: Delta 60, i 0.7, tau0 1 ns, t 0.1 s -> 0.21806', () => {
    // tau = 1e-9 e^(60*0.3) = 1e-9 * 6.565997e7 = 0.06566 s; WER = exp(-0.1/0.06566) = exp(-1.52300) = 0.218057
    expect(thermalWer(60, 0.7, 0.1, 1e-9)).toBeCloseTo(0.218057, 5);
    // deep in the thermal regime (barrier 18 kT > floor 10 kT) the blend equals the thermal law (WER_prec = 1 here)
    expect(blendedWer(60, 0.7, 0.1, 0.9337e-9, 1e-9, 10)).toBeCloseTo(0.218057, 5);
  });
  it('read disturb: Delta 60, i_r 0.25, t_r 2 ns, tau0 1 ns -> 5.7250e-20', () => {
    // P = 1 - exp(-(2) e^(-60*0.75)) = 2 e^-45 = 2 * 2.862519e-20 = 5.725037e-20 (expm1 keeps it)
    expect(rel(readDisturbProbability(60, 0.25, 2e-9, 1e-9), 5.725037e-20)).toBeLessThan(1e-6);
  });
  it('retention: Delta 60 over 10 years (3.15576e8 s) -> 2.76334e-9', () => {
    // (3.15576e8 / 1e-9) e^-60 = 3.15576e17 * 8.756511e-27 = 2.763345e-9
    expect(rel(retentionFailureProbability(60, 3.15576e8, 1e-9), 2.763345e-9)).toBeLessThan(1e-5);
    expect(rel(evaluateWrite(defaultDeviceParams, 0.8, 5e-9).retentionFailureProbability, 2.763345e-9)).toBeLessThan(
      1e-5,
    );
  });
});

describe('write at V, t: currents, energy, limits', () => {
  it('P->AP current and energy by hand at 0.8 V, 5 ns', () => {
    // R_P = 3978.87 ohm, R_access 1500: I = 0.8 / 5478.87 = 146.015 uA; E = V I t = 0.8 * 146.015e-6 * 5e-9 = 584.06 fJ
    const r = evaluateWrite(defaultDeviceParams, 0.8, 5e-9);
    expect(rel(r.writeCurrentA.pToAp, 146.015e-6)).toBeLessThan(1e-5);
    expect(rel(r.writeEnergyJ.pToAp, 584.06e-15)).toBeLessThan(1e-5);
    expect(r.writeEnergyJ.average).toBeCloseTo((r.writeEnergyJ.pToAp + r.writeEnergyJ.apToP) / 2, 25);
  });
  it('AP->P current solves the TMR bias dependence self-consistently', () => {
    const r = evaluateWrite(defaultDeviceParams, 0.8, 5e-9);
    const v = r.mtjVoltageV.apToP;
    // v = V R_AP(v) / (R_AP(v) + R_acc), R_AP(v) = R_P (1 + 1.2 / (1 + (v/0.5)^2))
    const rAp = 3978.8736 * (1 + 1.2 / (1 + (v / 0.5) ** 2));
    expect(rel(v, (0.8 * rAp) / (rAp + 1500))).toBeLessThan(1e-6);
    expect(rel(r.writeCurrentA.apToP, v / rAp)).toBeLessThan(1e-6);
  });
  it('WER falls monotonically with V and with t (both directions)', () => {
    const p = defaultDeviceParams;
    const vMax = deriveDevice(p).maxWriteVoltageV;
    const pulses = Array.from({ length: 40 }, (_, k) => 1e-11 * Math.pow(1e9, k / 39)); // 10 ps .. 10 ms
    let prevV: number[] | null = null;
    for (let k = 0; k <= 40; k++) {
      const V = (vMax * k) / 40;
      const curve = werCurve(p, V, pulses);
      for (let j = 1; j < curve.length; j++) {
        expect(curve[j]!.pToAp).toBeLessThanOrEqual(curve[j - 1]!.pToAp);
        expect(curve[j]!.apToP).toBeLessThanOrEqual(curve[j - 1]!.apToP);
      }
      const now = curve.flatMap((c) => [c.pToAp, c.apToP]);
      if (prevV) now.forEach((w, j) => expect(w).toBeLessThanOrEqual(prevV![j]! * (1 + 1e-12)));
      prevV = now;
    }
  });
  it('the regimes meet at i = 1 without a jump (blend continuous across the thermal/precessional boundary)', () => {
    for (const t of [1e-9, 5e-9, 20e-9, 1e-6, 1e-3]) {
      const below = blendedWer(60, 1 - 1e-9, t, 0.9337e-9, 1e-9, 10);
      const above = blendedWer(60, 1 + 1e-9, t, 0.9337e-9, 1e-9, 10);
      expect(Math.abs(below - above)).toBeLessThan(1e-6);
      // and at the other edge of the blend zone, i = 1 - floor/Delta
      const e = 1 - 10 / 60;
      expect(
        Math.abs(blendedWer(60, e - 1e-9, t, 0.9337e-9, 1e-9, 10) - blendedWer(60, e + 1e-9, t, 0.9337e-9, 1e-9, 10)),
      ).toBeLessThan(1e-6);
    }
    // a fine scan of i through [0.5, 1.5] shows no step larger than the local slope allows
    let prev = blendedWer(60, 0.5, 1e-6, 0.9337e-9, 1e-9, 10);
    for (let k = 1; k <= 20000; k++) {
      const w = blendedWer(60, 0.5 + k * 5e-5, 1e-6, 0.9337e-9, 1e-9, 10);
      expect(Math.abs(w - prev)).toBeLessThan(0.02);
      prev = w;
    }
  });
  it('inverse problems: min pulse / min voltage reach the target and are minimal', () => {
    const p = defaultDeviceParams;
    const mp = minPulseForWer(p, 0.8, 1e-9);
    expect(mp.ok).toBe(true);
    if (mp.ok) {
      const at = evaluateWrite(p, 0.8, mp.pulseWidthS);
      expect(Math.max(at.wer.pToAp, at.wer.apToP)).toBeLessThanOrEqual(1e-9 * (1 + 1e-9));
      const before = evaluateWrite(p, 0.8, mp.pulseWidthS * 0.99);
      expect(Math.max(before.wer.pToAp, before.wer.apToP)).toBeGreaterThan(1e-9);
    }
    const mv = minVoltageForWer(p, 10e-9, 1e-6, 'apToP');
    expect(mv.ok).toBe(true);
    if (mv.ok) {
      expect(evaluateWrite(p, mv.voltageV, 10e-9).wer.apToP).toBeLessThanOrEqual(1e-6 * (1 + 1e-9));
      expect(evaluateWrite(p, mv.voltageV * 0.99, 10e-9).wer.apToP).toBeGreaterThan(1e-6);
    }
    const inf = minVoltageForWer(p, 1e-10, 1e-12);
    expect(inf.ok).toBe(false);
    if (!inf.ok) expect(inf.reason).toMatch(/breakdown/);
  });
});

describe('bad input gives named-field errors', () => {
  const p = defaultDeviceParams;
  const field = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(FieldError);
      return (e as FieldError).field;
    }
    return 'no error';
  };
  it('pulse <= 0, voltage beyond breakdown, thickness <= 0, NaN', () => {
    expect(field(() => evaluateWrite(p, 0.8, 0))).toBe('pulseWidthS');
    expect(field(() => evaluateWrite(p, 0.8, -1e-9))).toBe('pulseWidthS');
    expect(field(() => evaluateWrite(p, 2.5, 5e-9))).toBe('voltageV');
    expect(field(() => evaluateWrite(p, Number.NaN, 5e-9))).toBe('voltageV');
    expect(field(() => evaluateWrite({ ...p, freeLayerThicknessM: 0 }, 0.8, 5e-9))).toBe('device.freeLayerThicknessM');
    expect(field(() => validateDeviceParams({ ...p, diameterM: -1 }))).toBe('device.diameterM');
    expect(field(() => validateDeviceParams({ ...p, damping: Number.NaN }))).toBe('device.damping');
    expect(field(() => minPulseForWer(p, 0.8, 2))).toBe('targetWer');
  });
  it('breakdown limit: the MTJ voltage at the largest accepted V equals the stated limit', () => {
    const d = deriveDevice(p);
    const r = evaluateWrite(p, d.maxWriteVoltageV, 1e-9);
    expect(r.mtjVoltageV.apToP).toBeCloseTo(p.breakdownVoltageV, 6);
    expect(r.mtjVoltageV.pToAp).toBeLessThan(p.breakdownVoltageV);
  });
});
