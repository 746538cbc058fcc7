/**
 * SOT-MRAM write and read models (SI). Formulas and their sources: params.ts.
 *
 * Critical current [Lee2013], perpendicular free layer, in-plane field H_x along the current:
 *   J_c0 = (2 e / hbar) (Ms t_F / theta_SH) mu0 (H_K / 2 - H_x / sqrt 2),   I_c0 = J_c0 w_HM t_HM
 * with Ms, H_K the free layer's at the operating temperature (the device layer's Bloch / Callen-Callen
 * scaling). Drive: I = V / (R_HM + R_write), R_HM = rho L / (w t). Energy per bit driven: V I t (the drive,
 * comparable with the device layer's STT V I t); of which I^2 R_HM t is dissipated in the line.
 * WER versus pulse: the device layer's blended law at i = I / I_c0 -- thermally activated with the barrier
 * lowered linearly in i below threshold [Liu2012], precessional above it with the SOT characteristic time
 * tau_D = 1 / (gamma mu0 H_K) (no 1/alpha factor: the SOT threshold does not depend on damping [Lee2013]);
 * a modelling choice, not a fit to a published WER curve. Both directions are symmetric (the current is
 * reversed); no write current crosses the barrier, so a write neither disturbs nor wears the MTJ.
 */
import { blendedWer, deriveDevice } from '../../device/index.ts';
import { checkRange } from '../../errors.ts';
import { PHYS } from '../../units.ts';
import type { TechRead, TechWrite, WritePoint } from '../types.ts';
import { SOT_PARAMS } from './params.ts';

/** Free-layer quantities at temperature T: Ms, H_K (A/m), Delta. */
export function sotFreeLayer(temperatureK: number = SOT_PARAMS.referenceTemperatureK): {
  msAPerM: number;
  hkAPerM: number;
  delta: number;
} {
  const d = deriveDevice({ ...SOT_PARAMS.freeLayer, temperatureK });
  return { msAPerM: d.msAPerM, hkAPerM: d.hkAPerM, delta: d.thermalStability };
}

/** Critical current density J_c0 of [Lee2013], A/m^2. */
export function sotCriticalCurrentDensity(temperatureK?: number): number {
  const { msAPerM, hkAPerM } = sotFreeLayer(temperatureK);
  const p = SOT_PARAMS;
  const field = PHYS.mu0 * (hkAPerM / 2 - p.inPlaneFieldAPerM / Math.SQRT2);
  return ((2 * PHYS.e) / PHYS.hbar) * ((msAPerM * p.freeLayer.freeLayerThicknessM) / p.spinHallAngle) * field;
}

/** Critical current I_c0 = J_c0 w_HM t_HM, A. */
export function sotCriticalCurrentA(temperatureK?: number): number {
  return sotCriticalCurrentDensity(temperatureK) * SOT_PARAMS.hmWidthM * SOT_PARAMS.hmThicknessM;
}

/** Resistance of the heavy-metal line between the write terminals, rho L / (w t), Ohm. */
export function sotLineResistanceOhm(): number {
  const p = SOT_PARAMS;
  return (p.hmResistivityOhmM * p.hmLengthM) / (p.hmWidthM * p.hmThicknessM);
}

/** One SOT write at drive voltage V (HM line + write transistor) and pulse t; throws FieldError on bad input. */
export function sotWrite(
  point: WritePoint,
  temperatureK: number = SOT_PARAMS.referenceTemperatureK,
): TechWrite & {
  /** Energy dissipated in the HM line, I^2 R_HM t, J. */
  lineEnergyJ: number;
  /** Normalised current I / I_c0. */
  normalizedCurrent: number;
  criticalCurrentA: number;
} {
  checkRange('sot.voltageV', point.voltageV, 0, 5, 'V', { minExclusive: true });
  checkRange('sot.pulseWidthS', point.pulseWidthS, 0, 1e-6, 's', { minExclusive: true });
  const rLine = sotLineResistanceOhm();
  const currentA = point.voltageV / (rLine + SOT_PARAMS.writeAccessOhm);
  const ic0 = sotCriticalCurrentA(temperatureK);
  const i = currentA / ic0;
  const { hkAPerM, delta } = sotFreeLayer(temperatureK);
  const tauD = 1 / (PHYS.gamma * PHYS.mu0 * hkAPerM);
  const fl = SOT_PARAMS.freeLayer;
  const wer = blendedWer(delta, i, point.pulseWidthS, tauD, fl.attemptTimeS, fl.thermalBarrierFloorKT);
  const e = point.voltageV * currentA * point.pulseWidthS;
  return {
    voltageV: point.voltageV,
    pulseWidthS: point.pulseWidthS,
    wer: { pToAp: wer, apToP: wer },
    energyJ: { pToAp: e, apToP: e, average: e },
    currentA,
    lineEnergyJ: currentA * currentA * rLine * point.pulseWidthS,
    normalizedCurrent: i,
    criticalCurrentA: ic0,
  };
}

/** The read path: the same MTJ stack as the device layer's default (RA / area, TMR0), read on its own transistor. */
export function sotRead(): TechRead {
  const p = SOT_PARAMS.freeLayer;
  const rP = p.raOhmM2 / ((Math.PI * p.diameterM * p.diameterM) / 4);
  return { resistancePOhm: rP, resistanceApOhm: rP * (1 + p.tmr0), readVoltageV: p.readVoltageV };
}
