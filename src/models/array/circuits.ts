/**
 * Circuit formulas of the array model: gate and drain capacitance, on-resistance, transconductance,
 * Horowitz's ramp-input delay, and logical-effort buffer chains ([CACTI], [Horowitz], see params.ts).
 * All SI; widths in metres.
 */
import { LAYOUT as LAYOUT_P } from './params.ts';

// Local snapshot (module-namespace reads are getters under some loaders; this is on the hot path).
const LAYOUT = { ...LAYOUT_P };
import type { Tech } from './tech.ts';

/** Gate capacitance of a transistor of width w, F. */
export function gateCap(w: number, t: Tech): number {
  return t.capGatePerM * w;
}

/** Drain capacitance of a transistor of width w (bottom junction + side walls + gate edge), F. */
export function drainCap(w: number, t: Tech): number {
  const ld = LAYOUT.drainLengthF * t.featureM;
  return t.capJunction * ld * w + t.capSidewall * (2 * ld + w) + t.capGateEdge * w;
}

/** Effective on-resistance of an NMOS (or PMOS) of width w: k Vdd / (I_on w), Ohm. */
export function onRes(w: number, t: Tech, pmos = false): number {
  return (t.resMultiplier * t.vdd) / ((pmos ? t.ionP : t.ionN) * w);
}

/** Saturation transconductance of an NMOS of width w, S. */
export function transconductance(w: number, t: Tech, pmos = false): number {
  const mobility = pmos ? t.mobilityP : t.mobilityN;
  const vdsat = Math.min((t.gateLengthM * 1e5) / mobility, t.vdd - t.vth);
  return ((mobility * t.capOx) / 2) * (w / t.gateLengthM) * vdsat;
}

/**
 * Horowitz delay of a stage with time constant tau driven by a ramp of slope `rampIn` (1/s):
 * d = tau sqrt(ln(vs)^2 + 2 alpha beta (1 - vs)), alpha = 1/(rampIn tau), vs = 0.5.
 * Returns the delay and the output ramp (1 - vs) / d.
 */
export function horowitz(tau: number, beta: number, rampIn: number): { delayS: number; rampOut: number } {
  const vs = 0.5;
  const alpha = rampIn > 0 && Number.isFinite(rampIn) ? 1 / (rampIn * tau) : 0;
  const d = tau * Math.sqrt(Math.log(vs) ** 2 + 2 * alpha * beta * (1 - vs));
  return { delayS: d, rampOut: d > 0 ? (1 - vs) / d : Infinity };
}

/** A sized inverter chain driving a load. */
export interface BufferChain {
  /** Number of stages. */
  stages: number;
  /** NMOS width of the last stage, m (PMOS = pn ratio x). */
  lastWidthN: number;
  /** Input capacitance of the first stage, F. */
  inputCapF: number;
  /** Delay through the chain including the load wire, s. */
  delayS: number;
  /** Output ramp, 1/s. */
  rampOut: number;
  /** Energy per transition of the chain and its load, J. */
  energyJ: number;
  /** Leakage power of the chain, W. */
  leakageW: number;
  /** Layout area of the chain, m^2. */
  areaM2: number;
}

/** Inverter leakage: the off device of the larger network leaks (I_off equal for N and P), W. */
export function inverterLeakage(wN: number, t: Tech): number {
  return Math.max(wN, wN * t.pnRatio) * t.ioff * t.vdd;
}

/** Layout area of an inverter of NMOS width wN (diffusions + P/N gap + rails) x (2 contacts + gate), m^2. */
export function inverterArea(wN: number, t: Tech): number {
  const F = t.featureM;
  const height = wN * (1 + t.pnRatio) + LAYOUT.gateOverheadHeightF * F;
  const width = (2 * LAYOUT.drainLengthF + 1) * F;
  return height * width;
}

const LN_HALF_SQ = Math.log(0.5) ** 2;
const LN_STAGE = Math.log(LAYOUT.stageEffort);

/**
 * Logical-effort buffer chain ([CACTI]): N = round(ln(F)/ln 4) stages of equal effort driving
 * `loadCap` (with a distributed wire of resistance `loadRes`). The first stage has NMOS width
 * `firstWidthN` (default minimum); `minDriveCurrentA` forces the last stage wide enough to source
 * that current. Stage delays by Horowitz's ramp model.
 */
export function bufferChain(
  t: Tech,
  loadCap: number,
  loadRes: number,
  rampIn: number,
  opts?: { logicalEffort?: number; firstWidthN?: number; minDriveCurrentA?: number },
): BufferChain {
  const F = t.featureM;
  const minW = LAYOUT.minNmosF * F;
  const maxW = LAYOUT.maxNmosF * F;
  const cinPerWn = t.cinPerWn;
  const w0 = Math.max(minW, opts?.firstWidthN ?? minW);
  const effort = Math.max(1, ((opts?.logicalEffort ?? 1) * loadCap) / (cinPerWn * w0));
  const n = Math.max(1, Math.round(Math.log(effort) / LN_STAGE));
  let f = n === 1 ? effort : Math.pow(effort, 1 / n);
  const wIdeal = loadCap / f / cinPerWn;
  let wLast = Math.min(maxW, Math.max(minW, wIdeal));
  if (opts?.minDriveCurrentA) wLast = Math.max(wLast, opts.minDriveCurrentA / t.ionN);
  // A clamped (or current-forced) last stage: re-taper geometrically between the first and last stages.
  if (wLast !== wIdeal && n > 1) f = Math.max(1, Math.pow(wLast / w0, 1 / (n - 1)));
  // Stage widths grow by f from the last stage backwards, never below the minimum (nor the first width).
  let w = n === 1 ? wLast : Math.max(w0, wLast / Math.pow(f, n - 1));
  let delay = 0;
  let ramp = rampIn;
  let energy = 0;
  let widthSum = 0;
  const v2 = t.vdd * t.vdd;
  const beta = t.betaN;
  const inputCap = cinPerWn * w;
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const wNext = last ? 0 : Math.min(wLast, Math.max(minW, w * f));
    const cOut = t.coutPerWn * w + t.coutFixed;
    const cNext = last ? loadCap : cinPerWn * wNext;
    const r = t.rTimesW / w;
    const tau = r * (cOut + cNext) + (last ? (loadRes * loadCap) / 2 : 0);
    const alpha = ramp > 0 && ramp < Infinity ? 1 / (ramp * tau) : 0;
    const d = tau * Math.sqrt(LN_HALF_SQ + alpha * beta);
    delay += d;
    ramp = 0.5 / d;
    energy += (cOut + cNext) * v2;
    widthSum += w;
    if (!last) w = wNext;
  }
  const leak = widthSum * Math.max(1, t.pnRatio) * t.ioff * t.vdd;
  const area = (widthSum * (1 + t.pnRatio) + n * LAYOUT.gateOverheadHeightF * F) * (2 * LAYOUT.drainLengthF + 1) * F;
  return {
    stages: n,
    lastWidthN: wLast,
    inputCapF: inputCap,
    delayS: delay,
    rampOut: ramp,
    energyJ: energy,
    leakageW: leak,
    areaM2: area,
  };
}

/** Delay of a distributed RC wire driven by a source resistance into a load: 0.69 Rs (Cw + Cl) + Rw (0.38 Cw + 0.69 Cl), s. */
export function wireDelay(rSource: number, rWire: number, cWire: number, cLoad: number): number {
  return 0.69 * rSource * (cWire + cLoad) + rWire * (0.38 * cWire + 0.69 * cLoad);
}
