/**
 * SOT-MRAM (src/models/tech/sot-mram): critical current, write energy and cell area checked by hand from the
 * cited sources (arithmetic in the comments), and the write model's properties.
 */
import { describe, expect, it } from 'vitest';
import {
  SOT_CELL,
  SOT_MRAM,
  SOT_PARAMS,
  STT_CELL,
  sotCriticalCurrentA,
  sotCriticalCurrentDensity,
  sotFreeLayer,
  sotLineResistanceOhm,
  sotWrite,
} from '../../src/models/tech/index.ts';
import { FieldError } from '../../src/models/errors.ts';

/** |a - b| <= rel * |b|. */
function near(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b));
}

describe('SOT-MRAM critical current (Lee et al., APL 102, 112410 (2013))', () => {
  it('J_c0 and I_c0 at 300 K match the hand calculation', () => {
    // Free layer (device-layer default pMTJ, Ikeda 2010): d = 40 nm, t_F = 1.3 nm, Ms = 1.0e6 A/m, Delta = 60 at 300 K.
    // V = pi (20e-9)^2 1.3e-9 = 1.633628e-24 m^3.
    // mu0 H_K = 2 Delta kB T / (Ms V) = 2 * 60 * 1.380649e-23 * 300 / (1e6 * 1.633628e-24)
    //         = 4.970336e-19 / 1.633628e-18 = 0.304251 T.
    // mu0 (H_K/2 - H_x/sqrt2) = 0.152126 - 0.020/1.414214 = 0.152126 - 0.014142 = 0.137984 T.
    // 2e/hbar = 2 * 1.602176634e-19 / 1.054571817e-34 = 3.038534e15 1/(V s).
    // J_c0 = 3.038534e15 * (1e6 * 1.3e-9 / 0.30) * 0.137984 = 1.316698e13 * 0.137984
    //      = 1.816833e12 A/m^2 (1.82e8 A/cm^2).
    // I_c0 = J_c0 * w_HM * t_HM = 1.816833e12 * 40e-9 * 4e-9 = 2.90693e-4 A (291 uA).
    const fl = sotFreeLayer(300);
    near(4e-7 * Math.PI * fl.hkAPerM, 0.304251, 1e-5);
    near(sotCriticalCurrentDensity(300), 1.816833e12, 1e-5);
    near(sotCriticalCurrentA(300), 2.90693e-4, 1e-5);
  });

  it('at 350 K follows the device-layer Bloch / Callen-Callen scaling of Ms and H_K', () => {
    // Bloch, Tc = 1000 K, p = 1.5: Ms(350)/Ms(300) = (1 - 0.35^1.5) / (1 - 0.3^1.5) = 0.792937 / 0.835683 = 0.948849.
    // K ~ Ms^2 (Callen-Callen n = 2) so H_K = 2K/(mu0 Ms) ~ Ms: mu0 H_K/2 = 0.304251 * 0.948849 / 2 = 0.144344 T.
    // J_c0 = 3.038534e15 * (948849 * 1.3e-9 / 0.30) * (0.144344 - 0.014142)
    //      = 3.038534e15 * 4.111679e-3 * 0.130202 = 1.626674e12 A/m^2.
    near(sotCriticalCurrentDensity(350), 1.626674e12, 1e-5);
    expect(sotCriticalCurrentA(350)).toBeLessThan(sotCriticalCurrentA(300));
  });
});

describe('SOT-MRAM write energy', () => {
  it('line resistance and the energy at the nominal write (1.25 V, 1 ns) match the hand calculation', () => {
    // R_HM = rho L / (w t) = 2.6e-6 Ohm m * 120e-9 m / (40e-9 m * 4e-9 m) = 3.12e-13 / 1.6e-16 = 1950 Ohm.
    expect(sotLineResistanceOhm()).toBeCloseTo(1950, 6);
    // I = V / (R_HM + R_write) = 1.25 / (1950 + 1500) = 3.623188e-4 A; i = I / I_c0 = 3.623188e-4 / 2.90692e-4 = 1.24640.
    // Drive energy V I t = 1.25 * 3.623188e-4 * 1e-9 = 4.528986e-13 J (0.453 pJ per bit).
    // Line share I^2 R_HM t = (3.623188e-4)^2 * 1950 * 1e-9 = 1.312749e-7 * 1950e-9 = 2.559861e-13 J.
    const w = sotWrite({ voltageV: 1.25, pulseWidthS: 1e-9 }, 300);
    near(w.currentA, 3.623188e-4, 1e-6);
    near(w.normalizedCurrent, 1.2464, 1e-4);
    near(w.energyJ.average, 4.528986e-13, 1e-6);
    near(w.lineEnergyJ, 2.559861e-13, 1e-6);
    expect(w.energyJ.pToAp).toBe(w.energyJ.apToP); // the current is reversed, not changed
  });

  it('WER at the nominal write: the precessional law (Butler 2012) with tau_D = 1 / (gamma mu0 H_K)', () => {
    // tau_D = 1 / (1.760859e11 * 0.304251) = 1.86656e-11 s; x = t / tau_D = 1e-9 / 1.86656e-11 = 53.575.
    // u = 2 (i - 1) x = 2 * 0.24640 * 53.575 = 26.401; expm1(u)/u = 2.9223e11 / 26.401 = 1.10689e10.
    // g = 1 / (1 + 2 i x expm1(u)/u) = 1 / (1 + 2 * 1.2464 * 53.575 * 1.10689e10) = 1 / 1.47824e12 = 6.7648e-13.
    // WER = 1 - exp(-(pi^2 * 60 / 4) g) = 148.044 * 6.7648e-13 = 1.0015e-10 (thermal factor exp(-1e-9/(1e-9 e^10)) ~ 1).
    const w = sotWrite(SOT_PARAMS.nominalWrite, 300);
    near(w.wer.pToAp, 1.0015e-10, 0.01);
    expect(w.wer.apToP).toBe(w.wer.pToAp);
  });

  it('WER falls with pulse and with voltage; below I_c0 a ns pulse does not write', () => {
    const at = (v: number, t: number) => sotWrite({ voltageV: v, pulseWidthS: t }, 300).wer.pToAp;
    for (const v of [1.1, 1.2, 1.3]) {
      expect(at(v, 2e-9)).toBeLessThan(at(v, 1e-9));
      expect(at(v, 1e-9)).toBeLessThan(at(v, 0.5e-9));
    }
    expect(at(1.3, 1e-9)).toBeLessThan(at(1.2, 1e-9));
    // 0.9 V drives 0.9 / 3450 = 261 uA = 0.897 I_c0: thermally activated with a barrier >= 10 kB T, tau >= tau0 e^10 = 22 us.
    expect(at(0.9, 10e-9)).toBeGreaterThan(0.999);
  });

  it('rejects a bad write point naming the field', () => {
    expect(() => sotWrite({ voltageV: -1, pulseWidthS: 1e-9 })).toThrow(FieldError);
    try {
      sotWrite({ voltageV: 1, pulseWidthS: 0 });
    } catch (e) {
      expect((e as FieldError).field).toBe('sot.pulseWidthS');
    }
  });
});

describe('SOT-MRAM cell (2T-1MTJ, Oboril et al. TCAD 2015, NVSim 1T-1MTJ footprint)', () => {
  it('is two NVSim 1T-1MTJ footprints side by side: 108 F^2, aspect 0.27', () => {
    // NVSim sample_STTRAM.cell: 54 F^2 at aspect 0.54 -> width sqrt(54/0.54) = 10 F, height 5.4 F.
    // Two transistors along the word line: 5.4 F x 20 F = 108 F^2, aspect 5.4 / 20 = 0.27.
    expect(STT_CELL.areaF2).toBe(54);
    expect(SOT_CELL.areaF2).toBe(108);
    expect(SOT_CELL.aspectRatio).toBeCloseTo(0.27, 12);
    expect(SOT_CELL.areaF2 * SOT_CELL.aspectRatio).toBeCloseTo(5.4 * 5.4, 9); // height^2 = area * aspect
    // In um^2: 22 nm: 108 * (0.022)^2 = 0.052272 um^2; 45 nm: 108 * (0.045)^2 = 0.2187 um^2.
    expect(SOT_CELL.areaF2 * 0.022 ** 2).toBeCloseTo(0.052272, 9);
    expect(SOT_CELL.areaF2 * 0.045 ** 2).toBeCloseTo(0.2187, 9);
  });

  it('is registered as a three-terminal technology with its own write path', () => {
    expect(SOT_MRAM.writePath).toBe('separate');
    expect(SOT_MRAM.cell).toBe(SOT_CELL);
    expect(SOT_MRAM.nominalWrite).toEqual({ voltageV: 1.25, pulseWidthS: 1e-9 });
  });
});
