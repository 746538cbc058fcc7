/**
 * Closed-form MTJ physics (macrospin): derived quantities, write error rate (WER) in the precessional and
 * thermally activated regimes and their blend, read disturb and retention failure.
 * Formulas: docs/models.md section 1. All probabilities use expm1/log1p so that values down to
 * 1e-300 (far below the 1e-18 requirement) are computed without cancellation.
 */
import { PHYS } from '../units.ts';
import type { DeviceParams } from './params.ts';

/** Quantities derived from DeviceParams (all SI). */
export interface DeviceDerived {
  /** Free-layer area pi d^2 / 4, m^2. */
  areaM2: number;
  /** Free-layer volume V = area * t_FL, m^3. */
  volumeM3: number;
  /** Effective anisotropy field Hk, A/m (from Delta, or the given Hk). */
  hkAPerM: number;
  /** Energy barrier Eb = mu0 Ms Hk V / 2, J. */
  energyBarrierJ: number;
  /** Thermal stability factor Delta = Eb / (kB T). */
  thermalStability: number;
  /** Zero-temperature critical current Ic0 = 4 e alpha kB T Delta / (hbar eta) per direction, A (Sun 2000). */
  criticalCurrentA: { pToAp: number; apToP: number };
  /** Zero-bias MTJ resistance in the P and AP states, ohm. */
  resistanceOhm: { p: number; ap: number };
  /** Precessional characteristic time tau_D = (1 + alpha^2) / (alpha gamma mu0 Hk), s. */
  tauDS: number;
  /** Mean retention time tau0 exp(Delta), s. */
  retentionTimeS: number;
  /** Highest i = I/Ic0 at which the thermal law is used unchanged, 1 - floor/Delta (blend zone up to i = 1). */
  thermalRegimeMaxI: number;
  /** Largest applied cell voltage whose MTJ voltage (AP state, the larger share) stays at breakdown, V. */
  maxWriteVoltageV: number;
  /** Saturation magnetisation at the operating temperature, A/m. */
  msAPerM: number;
}

/** TMR at MTJ bias v: TMR0 / (1 + v^2 / Vh^2) (compact-model practice). */
export function tmrAtBias(p: DeviceParams, mtjVoltageV: number): number {
  const r = mtjVoltageV / p.tmrVhV;
  return p.tmr0 / (1 + r * r);
}

/** AP-state MTJ resistance at MTJ bias v, ohm. */
export function resistanceApOhm(p: DeviceParams, rPOhm: number, mtjVoltageV: number): number {
  return rPOhm * (1 + tmrAtBias(p, mtjVoltageV));
}

/**
 * Voltage across the MTJ in the AP state when `cellVoltageV` is applied across MTJ + access resistor.
 * Solves v = V R_AP(v) / (R_AP(v) + R_acc): fixed-point iteration (a contraction for usual parameters,
 * typically converged in < 10 steps), falling back to bisection (the residual is increasing in v).
 */
export function apMtjVoltage(p: DeviceParams, rPOhm: number, cellVoltageV: number): number {
  const V = Math.abs(cellVoltageV);
  if (p.accessResistanceOhm === 0 || V === 0) return V;
  let v = apFixedPoint(p, rPOhm, V, 0);
  for (let k = 0; k < 60; k++) {
    const next = apFixedPoint(p, rPOhm, V, v);
    if (Math.abs(next - v) <= 1e-14 * V) return next;
    v = next;
  }
  let lo = 0;
  let hi = V;
  for (let k = 0; k < 80; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid - apFixedPoint(p, rPOhm, V, mid) > 0) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** V R_AP(v) / (R_AP(v) + R_acc): the MTJ share of the cell voltage at MTJ bias v. */
function apFixedPoint(p: DeviceParams, rPOhm: number, V: number, v: number): number {
  const r = resistanceApOhm(p, rPOhm, v);
  return (V * r) / (r + p.accessResistanceOhm);
}

/**
 * Temperature scaling of the free layer (applied by deriveDevice; 1 at the reference temperature):
 *   Ms(T) / Ms(Tref) = (1 - (T/Tc)^p) / (1 - (Tref/Tc)^p)          (Bloch's law, p = blochExponent)
 *   K(T) / K(Tref)   = (Ms(T) / Ms(Tref))^n                         (Callen-Callen, n = anisotropyMsExponent)
 * so Hk = 2 K / (mu0 Ms) scales as Ms^(n-1), Delta = K V / (kB T) as Ms^n Tref / T, and Ic0 (proportional
 * to alpha kB T Delta = alpha K V) as Ms^n: both Delta and Ic0 fall as the temperature rises.
 */
export function temperatureScaling(p: DeviceParams): { msRatio: number; kRatio: number } {
  const bloch = (T: number) => 1 - Math.pow(T / p.curieTemperatureK, p.blochExponent);
  const msRatio = bloch(p.temperatureK) / bloch(p.referenceTemperatureK);
  return { msRatio, kRatio: Math.pow(msRatio, p.anisotropyMsExponent) };
}

/**
 * Derive Delta, Hk, Ic0 per direction, R_P, R_AP, tau_D (docs/models.md section 1) at p.temperatureK, from the
 * material values given at p.referenceTemperatureK (temperatureScaling). Assumes validated params.
 */
export function deriveDevice(p: DeviceParams): DeviceDerived {
  const { kB, e, hbar, mu0, gamma } = PHYS;
  const areaM2 = (Math.PI * p.diameterM * p.diameterM) / 4;
  const volumeM3 = areaM2 * p.freeLayerThicknessM;
  const kT = kB * p.temperatureK;
  const kTref = kB * p.referenceTemperatureK;
  const { msRatio, kRatio } = temperatureScaling(p);
  const ms = p.msAPerM * msRatio;
  // anisotropy energy density at the reference temperature, J/m^3
  let kRef: number;
  if (p.hkAPerM !== undefined && p.hkAPerM !== null && p.hkAPerM > 0) {
    kRef = (mu0 * p.msAPerM * p.hkAPerM) / 2;
  } else {
    kRef = (p.delta * kTref) / volumeM3;
  }
  const kAniso = kRef * kRatio;
  const hkAPerM = (2 * kAniso) / (mu0 * ms);
  const delta = (kAniso * volumeM3) / kT;
  const energyBarrierJ = delta * kT;
  const ic0Times = (4 * e * p.damping * kT * delta) / hbar; // Ic0 = ic0Times / eta
  const rP = p.raOhmM2 / areaM2;
  const tauDS = (1 + p.damping * p.damping) / (p.damping * gamma * mu0 * hkAPerM);
  const rApBd = resistanceApOhm(p, rP, p.breakdownVoltageV);
  return {
    areaM2,
    volumeM3,
    hkAPerM,
    energyBarrierJ,
    thermalStability: delta,
    criticalCurrentA: { pToAp: ic0Times / p.etaPToAp, apToP: ic0Times / p.etaApToP },
    resistanceOhm: { p: rP, ap: rP * (1 + p.tmr0) },
    tauDS,
    retentionTimeS: p.attemptTimeS * Math.exp(delta),
    thermalRegimeMaxI: Math.max(0, 1 - p.thermalBarrierFloorKT / delta),
    maxWriteVoltageV: (p.breakdownVoltageV * (rApBd + p.accessResistanceOhm)) / rApBd,
    msAPerM: ms,
  };
}

/** expm1(u)/u, equal to 1 at u = 0 and accurate near it. */
function expm1OverX(u: number): number {
  if (Math.abs(u) < 1e-8) return 1 + u / 2;
  return Math.expm1(u) / u;
}

/**
 * Precessional-regime WER (Butler et al., IEEE Trans. Magn. 48, 2012; Khvalkovskiy et al. 2013):
 *   WER = 1 - exp(-(pi^2 Delta / 4) g),   g = (i - 1) / (i exp(2 (i - 1) t / tau_D) - 1).
 * Written without the removable singularity at i = 1: with x = t / tau_D, u = 2 (i - 1) x,
 *   i e^u - 1 = i expm1(u) + (i - 1)  =>  g = 1 / (1 + 2 i x expm1(u)/u),
 * which is 1/(1 + 2x) at i = 1, 1 at t = 0 (so WER -> 1 - exp(-pi^2 Delta/4) ~ 1), and decreasing in i and t.
 * Evaluated as -expm1(-A g), exact down to the smallest doubles. Dimensionless probability.
 */
export function precessionalWer(delta: number, i: number, pulseOverTauD: number): number {
  const x = pulseOverTauD;
  const u = 2 * (i - 1) * x;
  const g = 1 / (1 + 2 * i * x * expm1OverX(u));
  return -Math.expm1(((-Math.PI * Math.PI * delta) / 4) * g);
}

/**
 * Thermally activated WER, the plain law: tau = tau0 exp(Delta (1 - i)), WER = exp(-t / tau). Dimensionless.
 * Valid where the remaining barrier Delta (1 - i) >> 1; see blendedWer for its use near i = 1.
 */
export function thermalWer(delta: number, i: number, pulseWidthS: number, attemptTimeS: number): number {
  return Math.exp(-(pulseWidthS / attemptTimeS) * Math.exp(-delta * (1 - i)));
}

/**
 * The blended WER used everywhere (documented modelling choice):
 *   WER = WER_prec(i, t) * exp(-H_th),   H_th = (t / tau0) exp(-max(Delta (1 - i), b_floor)).
 * The two mechanisms are treated as independent switching channels, so their survival (non-switching)
 * probabilities multiply. The thermal channel's barrier Delta (1 - i) is floored at b_floor kB T
 * (params.thermalBarrierFloorKT, default 10): Neel-Brown activation is not valid at vanishing barrier, and
 * without the floor the thermal law (switching in ~tau0 at i = 1) would contradict the precessional law
 * (which includes thermal diffusion) by orders of magnitude at i = 1.
 * Properties: continuous in i and t everywhere (in particular at i = 1: both factors are continuous there);
 * non-increasing in i and in t (each factor is); equals the thermal law (times WER_prec ~ 1) for
 * i <= 1 - b_floor/Delta; equals the precessional law up to a factor exp(-t/(tau0 e^b_floor)) (>= 0.9995 for
 * t <= 10 ns at the default floor) for i >= 1; the zone 1 - b_floor/Delta < i < 1 is the blend.
 */
export function blendedWer(
  delta: number,
  i: number,
  pulseWidthS: number,
  tauDS: number,
  attemptTimeS: number,
  barrierFloorKT: number,
): number {
  const hazardThermal = (pulseWidthS / attemptTimeS) * Math.exp(-Math.max(delta * (1 - i), barrierFloorKT));
  return precessionalWer(delta, i, pulseWidthS / tauDS) * Math.exp(-hazardThermal);
}

/** Which law governs a write at normalised current i: 'thermal', 'blend' or 'precessional'. */
export type WriteRegime = 'thermal' | 'blend' | 'precessional';
export function writeRegime(delta: number, i: number, barrierFloorKT: number): WriteRegime {
  if (i >= 1) return 'precessional';
  return delta * (1 - i) >= barrierFloorKT ? 'thermal' : 'blend';
}

/**
 * Read-disturb probability per read of length t_r at normalised read current i_r (Cheshmikhani et al. 2022):
 * P = 1 - exp(-(t_r / tau0) exp(-Delta (1 - i_r)^b)). b = 1 is Sharrock's linear form; b = 2 is the exact
 * barrier of a uniaxial macrospin under spin torque (Koch et al., PRL 84, 5419 (2000)), the form that fits
 * perpendicular MTJs. Dimensionless. The barrier is taken as 0 for i_r >= 1.
 */
export function readDisturbProbability(
  delta: number,
  iRead: number,
  readPulseS: number,
  attemptTimeS: number,
  thermalExponent = 1,
): number {
  const barrier = delta * Math.pow(Math.max(0, 1 - iRead), thermalExponent);
  return -Math.expm1(-(readPulseS / attemptTimeS) * Math.exp(-barrier));
}

/**
 * Retention-failure probability over a window t (Cheshmikhani et al. 2022): P = 1 - exp(-(t/tau0) exp(-Delta
 * (1 - i)^b)); retention is at zero current (i = 0), where (1 - i)^b = 1 for either exponent.
 */
export function retentionFailureProbability(
  delta: number,
  windowS: number,
  attemptTimeS: number,
  standbyCurrent = 0,
  thermalExponent = 1,
): number {
  const barrier = delta * Math.pow(Math.max(0, 1 - standbyCurrent), thermalExponent);
  return -Math.expm1(-(windowS / attemptTimeS) * Math.exp(-barrier));
}
