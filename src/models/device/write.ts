/**
 * A write at cell voltage V and pulse width t, per direction: current, i = I / Ic0, WER, write energy;
 * plus read disturb and retention, and the inverse problems (minimum pulse / voltage for a target WER).
 */
import { checkRange, FieldError } from '../errors.ts';
import { infeasible, type ModelResult } from '../result.ts';
import {
  apMtjVoltage,
  blendedWer,
  deriveDevice,
  precessionalWer,
  readDisturbProbability,
  resistanceApOhm,
  retentionFailureProbability,
  thermalWer,
  writeRegime,
  type DeviceDerived,
  type WriteRegime,
} from './closed-form.ts';
import { validateDeviceParams, type DeviceParams, type WerModel } from './params.ts';
import { cachedFokkerPlanck, fokkerPlanckWer, fpWerAt } from './fokker-planck.ts';
import { arrayWerCurveCore, arrayWerStats, type ArrayWerCurve } from './variation.ts';

/** Write direction: P -> AP (writing the high-resistance state) or AP -> P. */
export type WriteDirection = 'pToAp' | 'apToP';
/** Direction selector for the inverse problems: one direction, or 'both' (the worse of the two). */
export type DirectionChoice = WriteDirection | 'both';

export interface PerDirection<T> {
  pToAp: T;
  apToP: T;
}

/** Result of one write evaluation (all SI). */
export interface DeviceWriteResult extends DeviceDerived {
  /** Applied cell voltage (MTJ + access transistor), V. */
  voltageV: number;
  /** Write pulse width, s. */
  pulseWidthS: number;
  /**
   * Write error rate per direction (probability that the nominal bit does not switch) of the chosen model
   * (`werModel`: the Fokker-Planck solver by default, or the blended closed form).
   */
  wer: PerDirection<number>;
  /** The model behind `wer`. */
  werModel: WerModel;
  /** The blended closed form's WER (the fast comparison), whatever the chosen model. */
  werClosedForm: PerDirection<number>;
  /** Mean WER over the bits of an array with the parameter spreads (sigma*); equals `wer` without spreads. */
  werArrayMean: PerDirection<number>;
  /** WER of the bit at the `worstPercentile` of the array; equals `wer` without spreads. */
  werWorstBit: PerDirection<number>;
  /** Percentile of `werWorstBit`. */
  worstPercentile: number;
  /** Operating temperature, K (the derived quantities are at this temperature). */
  temperatureK: number;
  /** The two laws the blend combines, per direction (for display): precessional and plain thermal WER. */
  werLaws: PerDirection<{ precessional: number; thermal: number }>;
  /** Which law governs each direction. */
  regime: PerDirection<WriteRegime>;
  /** Write energy per bit driven, V I t, J; average = random data with no read-before-write. */
  writeEnergyJ: { pToAp: number; apToP: number; average: number };
  /** Write current at the start of the pulse (initial-state resistance), A. */
  writeCurrentA: PerDirection<number>;
  /** Normalised write current i = I / Ic0. */
  normalizedCurrent: PerDirection<number>;
  /** Voltage across the MTJ barrier at the start of the pulse, V. */
  mtjVoltageV: PerDirection<number>;
  /** Read current, worst case of the two states, A. */
  readCurrentA: number;
  /** Probability that one read flips the bit (worst case of the two states and polarities). */
  readDisturbProbability: number;
  /** Probability that a bit flips within retentionWindowS. */
  retentionFailureProbability: number;
  /** Window of the retention figure, s. */
  retentionWindowS: number;
}

/** Throws FieldError unless |V| keeps the MTJ barrier voltage at or below breakdown. */
export function checkWriteVoltage(p: DeviceParams, d: DeviceDerived, voltageV: number, field = 'voltageV'): void {
  if (typeof voltageV !== 'number' || !Number.isFinite(voltageV)) {
    throw new FieldError(
      field,
      voltageV,
      `a finite voltage in [-${fmt(d.maxWriteVoltageV)}, ${fmt(d.maxWriteVoltageV)}] V`,
    );
  }
  if (Math.abs(voltageV) > d.maxWriteVoltageV * (1 + 1e-12)) {
    throw new FieldError(
      field,
      voltageV,
      `|V| <= ${fmt(d.maxWriteVoltageV)} V`,
      `the MTJ barrier would exceed the MgO breakdown limit of ${p.breakdownVoltageV} V (device.breakdownVoltageV)`,
    );
  }
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

/** Throws FieldError unless 0 < t <= 1 s. */
export function checkPulse(pulseWidthS: number, field = 'pulseWidthS'): void {
  checkRange(field, pulseWidthS, 0, 1, 's', { minExclusive: true });
}

/** Cell currents (A) and MTJ voltages (V) at the start of a write at |V|, per initial state. */
function writeCurrents(p: DeviceParams, d: DeviceDerived, voltageV: number) {
  const V = Math.abs(voltageV);
  const rP = d.resistanceOhm.p;
  const iP = V / (rP + p.accessResistanceOhm); // P state: TMR bias dependence does not change R_P
  const vAp = apMtjVoltage(p, rP, V);
  const iAp = vAp / resistanceApOhm(p, rP, vAp);
  return { iP, iAp, vP: iP * rP, vAp };
}

/** The model a parameter set asks for (Fokker-Planck unless the closed form is chosen). */
export function werModelOf(p: DeviceParams): WerModel {
  return p.werModel === 'closed-form' ? 'closed-form' : 'fp';
}

/** Blended closed-form WER for one direction at given i (no validation). */
function closedFormAt(p: DeviceParams, d: DeviceDerived, i: number, pulseWidthS: number): number {
  return blendedWer(d.thermalStability, i, pulseWidthS, d.tauDS, p.attemptTimeS, p.thermalBarrierFloorKT);
}

/** WER of the chosen model for one direction at given i (no validation). */
function werAt(p: DeviceParams, d: DeviceDerived, i: number, pulseWidthS: number): number {
  if (werModelOf(p) === 'closed-form') return closedFormAt(p, d, i, pulseWidthS);
  return fokkerPlanckWer(d.thermalStability, i, pulseWidthS / d.tauDS);
}

/** The two laws the blend combines, at i (for display). */
function lawsAt(p: DeviceParams, d: DeviceDerived, i: number, pulseWidthS: number) {
  return {
    precessional: precessionalWer(d.thermalStability, i, pulseWidthS / d.tauDS),
    thermal: thermalWer(d.thermalStability, i, pulseWidthS, p.attemptTimeS),
  };
}

/**
 * The nominal bit's WER per direction at cell voltage V and pulse t, without the breakdown check: the
 * switching physics alone, for sizing a transistor by the current it drives (src/models/system/access-sizing.ts).
 * A write that is used goes through evaluateWrite, which checks breakdown. Throws FieldError for bad parameters.
 */
export function switchingWer(p: DeviceParams, voltageV: number, pulseWidthS: number): { pToAp: number; apToP: number } {
  validateDeviceParams(p);
  checkPulse(pulseWidthS);
  const d = deriveDevice(p);
  const c = writeCurrents(p, d, Math.abs(voltageV));
  return {
    pToAp: werAt(p, d, c.iP / d.criticalCurrentA.pToAp, pulseWidthS),
    apToP: werAt(p, d, c.iAp / d.criticalCurrentA.apToP, pulseWidthS),
  };
}

/**
 * Evaluate a write at cell voltage V and pulse t (docs/models.md section 1). Current I = V / (R + R_access) with the
 * initial state's resistance (R_AP at its own bias); energy V I t per bit driven; the average assumes random old
 * and new data without read-before-write (every bit driven; half the bits see R_P, half R_AP).
 * Read disturb: read current in the worse of the two states against that state's Ic0 (polarity unknown).
 * Throws FieldError for bad parameters, pulse <= 0 or > 1 s, or |V| beyond the MgO breakdown limit.
 */
export function evaluateWrite(p: DeviceParams, voltageV: number, pulseWidthS: number): DeviceWriteResult {
  validateDeviceParams(p);
  const d = deriveDevice(p);
  checkWriteVoltage(p, d, voltageV);
  checkPulse(pulseWidthS);
  const V = Math.abs(voltageV);
  const c = writeCurrents(p, d, V);
  const iPToAp = c.iP / d.criticalCurrentA.pToAp;
  const iApToP = c.iAp / d.criticalCurrentA.apToP;
  const wer = { pToAp: werAt(p, d, iPToAp, pulseWidthS), apToP: werAt(p, d, iApToP, pulseWidthS) };
  const stats = arrayWerStats(p, d, V, pulseWidthS, werModelOf(p), wer);
  const ePToAp = V * c.iP * pulseWidthS;
  const eApToP = V * c.iAp * pulseWidthS;
  // Read: worst case over the two stored states (the read polarity may destabilise either).
  const r = writeCurrents(p, d, p.readVoltageV);
  const iReadP = r.iP / d.criticalCurrentA.pToAp;
  const iReadAp = r.iAp / d.criticalCurrentA.apToP;
  const iRead = Math.max(iReadP, iReadAp);
  // Object.assign, not an object spread: V8 builds a 30-key spread literal ~50x slower.
  const out: DeviceWriteResult = Object.assign({}, d, {
    voltageV,
    pulseWidthS,
    wer,
    werModel: werModelOf(p),
    werClosedForm: {
      pToAp: closedFormAt(p, d, iPToAp, pulseWidthS),
      apToP: closedFormAt(p, d, iApToP, pulseWidthS),
    },
    werArrayMean: stats.mean,
    werWorstBit: stats.worst,
    worstPercentile: stats.percentile,
    temperatureK: p.temperatureK,
    werLaws: { pToAp: lawsAt(p, d, iPToAp, pulseWidthS), apToP: lawsAt(p, d, iApToP, pulseWidthS) },
    regime: {
      pToAp: writeRegime(d.thermalStability, iPToAp, p.thermalBarrierFloorKT),
      apToP: writeRegime(d.thermalStability, iApToP, p.thermalBarrierFloorKT),
    },
    writeEnergyJ: { pToAp: ePToAp, apToP: eApToP, average: (ePToAp + eApToP) / 2 },
    writeCurrentA: { pToAp: c.iP, apToP: c.iAp },
    normalizedCurrent: { pToAp: iPToAp, apToP: iApToP },
    mtjVoltageV: { pToAp: c.vP, apToP: c.vAp },
    readCurrentA: iReadP >= iReadAp ? r.iP : r.iAp,
    readDisturbProbability: readDisturbProbability(
      d.thermalStability,
      iRead,
      p.readPulseWidthS,
      p.attemptTimeS,
      p.thermalExponent,
    ),
    retentionFailureProbability: retentionFailureProbability(
      d.thermalStability,
      p.retentionWindowS,
      p.attemptTimeS,
      0,
      p.thermalExponent,
    ),
    retentionWindowS: p.retentionWindowS,
  });
  return out;
}

function checkTarget(targetWer: number): void {
  checkRange('targetWer', targetWer, 0, 1, '', { minExclusive: true, maxExclusive: true });
}

function checkDirection(direction: DirectionChoice): void {
  if (direction !== 'pToAp' && direction !== 'apToP' && direction !== 'both') {
    throw new FieldError('direction', direction, 'pToAp, apToP or both');
  }
}

/** WER of the chosen direction ('both' = the larger) at |V|, t; no validation. */
function werFor(p: DeviceParams, d: DeviceDerived, V: number, t: number, direction: DirectionChoice): number {
  const c = writeCurrents(p, d, V);
  const a = werAt(p, d, c.iP / d.criticalCurrentA.pToAp, t);
  const b = werAt(p, d, c.iAp / d.criticalCurrentA.apToP, t);
  return direction === 'pToAp' ? a : direction === 'apToP' ? b : Math.max(a, b);
}

/** Longest pulse the inverse search considers, s. */
export const MAX_SEARCH_PULSE_S = 1;
/** Shortest pulse the inverse search considers, s. */
export const MIN_SEARCH_PULSE_S = 1e-13;

/**
 * Minimum pulse width (s) for WER <= target at cell voltage V (WER is non-increasing in t: bisection on log t).
 * Infeasible (not an error) when even a 1 s pulse misses the target.
 */
export function minPulseForWer(
  p: DeviceParams,
  voltageV: number,
  targetWer: number,
  direction: DirectionChoice = 'both',
): ModelResult<{ pulseWidthS: number; wer: number }> {
  validateDeviceParams(p);
  const d = deriveDevice(p);
  checkWriteVoltage(p, d, voltageV);
  checkTarget(targetWer);
  checkDirection(direction);
  const V = Math.abs(voltageV);
  const werMax = werFor(p, d, V, MAX_SEARCH_PULSE_S, direction);
  if (werMax > targetWer) {
    return infeasible(
      `WER ${werMax.toExponential(2)} > target ${targetWer} even with a ${MAX_SEARCH_PULSE_S} s pulse at ${V} V`,
      {
        hint: 'raise the write voltage or relax the target WER',
        field: 'voltageV',
      },
    );
  }
  let lo = Math.log(MIN_SEARCH_PULSE_S);
  let hi = Math.log(MAX_SEARCH_PULSE_S);
  if (werFor(p, d, V, MIN_SEARCH_PULSE_S, direction) <= targetWer) hi = lo;
  for (let k = 0; k < 100 && hi - lo > 1e-12; k++) {
    const mid = 0.5 * (lo + hi);
    if (werFor(p, d, V, Math.exp(mid), direction) <= targetWer) hi = mid;
    else lo = mid;
  }
  const t = Math.exp(hi);
  return { ok: true, pulseWidthS: t, wer: werFor(p, d, V, t, direction) };
}

/**
 * Minimum cell voltage (V) for WER <= target at pulse width t (WER is non-increasing in |V|: bisection).
 * Infeasible when even the breakdown-limited voltage misses the target.
 */
export function minVoltageForWer(
  p: DeviceParams,
  pulseWidthS: number,
  targetWer: number,
  direction: DirectionChoice = 'both',
): ModelResult<{ voltageV: number; wer: number }> {
  validateDeviceParams(p);
  const d = deriveDevice(p);
  checkPulse(pulseWidthS);
  checkTarget(targetWer);
  checkDirection(direction);
  const vMax = d.maxWriteVoltageV;
  const werMax = werFor(p, d, vMax, pulseWidthS, direction);
  if (werMax > targetWer) {
    return infeasible(
      `WER ${werMax.toExponential(2)} > target ${targetWer} even at ${fmt(vMax)} V (MgO breakdown limit) with a ${pulseWidthS} s pulse`,
      { hint: 'lengthen the pulse or relax the target WER', field: 'pulseWidthS' },
    );
  }
  let lo = 0;
  let hi = vMax;
  const tol = werModelOf(p) === 'fp' ? 1e-7 : 1e-12; // each Fokker-Planck step is a new solve
  for (let k = 0; k < 100 && hi - lo > tol * vMax; k++) {
    const mid = 0.5 * (lo + hi);
    if (werFor(p, d, mid, pulseWidthS, direction) <= targetWer) hi = mid;
    else lo = mid;
  }
  return { ok: true, voltageV: hi, wer: werFor(p, d, hi, pulseWidthS, direction) };
}

/** One point of a WER-versus-pulse curve. */
export interface WerCurvePoint {
  pulseWidthS: number;
  pToAp: number;
  apToP: number;
}

/** WER per direction for each pulse width at cell voltage V (validates once; each pulse must be in (0, 1] s). */
export function werCurve(p: DeviceParams, voltageV: number, pulsesS: readonly number[]): WerCurvePoint[] {
  validateDeviceParams(p);
  const d = deriveDevice(p);
  checkWriteVoltage(p, d, voltageV);
  const c = writeCurrents(p, d, voltageV);
  const iA = c.iP / d.criticalCurrentA.pToAp;
  const iB = c.iAp / d.criticalCurrentA.apToP;
  pulsesS.forEach((t, k) => checkPulse(t, `pulsesS[${k}]`));
  if (werModelOf(p) === 'fp') {
    // one solve per direction serves every pulse width
    const horizon = Math.max(0, ...pulsesS) / d.tauDS;
    const sa = cachedFokkerPlanck(d.thermalStability, iA, horizon);
    const sb = cachedFokkerPlanck(d.thermalStability, iB, horizon);
    return pulsesS.map((t) => ({ pulseWidthS: t, pToAp: fpWerAt(sa, t / d.tauDS), apToP: fpWerAt(sb, t / d.tauDS) }));
  }
  return pulsesS.map((t) => ({ pulseWidthS: t, pToAp: werAt(p, d, iA, t), apToP: werAt(p, d, iB, t) }));
}

/** Normalised write currents i = I/Ic0 per direction at cell voltage V (validated). */
export function normalizedWriteCurrent(p: DeviceParams, voltageV: number): PerDirection<number> {
  validateDeviceParams(p);
  const d = deriveDevice(p);
  checkWriteVoltage(p, d, voltageV);
  const c = writeCurrents(p, d, voltageV);
  return { pToAp: c.iP / d.criticalCurrentA.pToAp, apToP: c.iAp / d.criticalCurrentA.apToP };
}

/** Halton points behind the worst-bit curve (fewer than a single point's, for speed: percentile step 1/2048). */
const CURVE_WORST_BIT_POINTS = 2048;

/**
 * Array-mean and worst-bit WER versus pulse width at cell voltage V (the device's parameter spreads; validated).
 * Without spreads both equal the nominal bit's curve.
 */
export function arrayWerCurve(p: DeviceParams, voltageV: number, pulsesS: readonly number[]): ArrayWerCurve {
  validateDeviceParams(p);
  const d = deriveDevice(p);
  checkWriteVoltage(p, d, voltageV);
  pulsesS.forEach((t, k) => checkPulse(t, `pulsesS[${k}]`));
  return arrayWerCurveCore(p, d, Math.abs(voltageV), pulsesS, werModelOf(p), CURVE_WORST_BIT_POINTS);
}
