/**
 * The MRAM cell's access transistor: one width that sets both the cell's footprint (the array) and the
 * transistor's on-resistance in series with the MTJ (the device), at the node, roadmap and temperature.
 *
 * - R_on(W) = k Vdd / (I_on W) (CACTI's effective resistance, src/models/array/access.ts) falls as 1/W, so the
 *   nominal write's current, and with it its switching probability, rises with W.
 * - The cell widens along the word line with W: (W + 2) F x 5.4 F, the NVSim sample cell's split
 *   (src/models/tech/stt-mram/params.ts).
 * - 'auto' picks the narrowest W (to ACCESS_WIDTH_STEP_F) for which the nominal write's WER is at most
 *   ACCESS_SIZING_WER in both directions (bisection: the WER falls monotonically with W). When even
 *   ACCESS_WIDTH_MAX_F does not reach it, the widest transistor is used and `met` is false.
 */
import { ARRAY_LIMITS, accessTransistorOhm, type Roadmap } from '../array/index.ts';
import type { CellSpec } from '../tech/types.ts';
import { switchingWer, validateDeviceParams, type DeviceParams } from '../device/index.ts';
import { FieldError, checkRange } from '../errors.ts';
import { sttCellForAccessWidth } from '../tech/index.ts';
import { ACCESS_SIZING_WER, ACCESS_WIDTH_MAX_F, ACCESS_WIDTH_MIN_F, ACCESS_WIDTH_STEP_F } from './params.ts';

export interface AccessSizingInput {
  /** The MTJ (its accessResistanceOhm is ignored: the transistor's is used). */
  device: DeviceParams;
  nominalWrite: { voltageV: number; pulseWidthS: number };
  nodeNm: number;
  roadmap: Roadmap;
  temperatureK: number;
  /** Access-transistor width, F, or 'auto' (sized for the nominal write). */
  widthF: number | 'auto';
}

export interface AccessSizing {
  /** Width used, F. */
  widthF: number;
  /** Whether the width was sized ('auto') or given. */
  sized: boolean;
  /** The transistor's on-resistance at that width, ohm. */
  resistanceOhm: number;
  /** The MRAM cell of that width (geometry; its write comes from the device layer). */
  cell: CellSpec;
  /** Larger of the two directions' WER of the nominal write through this transistor. */
  nominalWer: number;
  /** Whether the nominal write meets ACCESS_SIZING_WER. */
  met: boolean;
}

const memo = new Map<string, AccessSizing>();

/** The access transistor of a configuration (memoised: the sizing runs ~12 switching solves). */
export function mramAccess(input: AccessSizingInput): AccessSizing {
  const key = JSON.stringify(input);
  const hit = memo.get(key);
  if (hit) return hit;
  if (input.widthF !== 'auto') checkRange('accessWidthF', input.widthF, ACCESS_WIDTH_MIN_F, ACCESS_WIDTH_MAX_F, 'F');
  // The device first (a temperature past its Curie point is the device's error, not the transistor's).
  validateDeviceParams({ ...input.device, temperatureK: input.temperatureK });
  // The transistor's temperature model is the array's (CACTI's tables, 300-400 K).
  if (input.temperatureK < ARRAY_LIMITS.minTemperatureK || input.temperatureK > ARRAY_LIMITS.maxTemperatureK) {
    throw new FieldError(
      'device.temperatureK',
      input.temperatureK,
      `[${ARRAY_LIMITS.minTemperatureK} K, ${ARRAY_LIMITS.maxTemperatureK} K] with the array's access transistor`,
      "the array's transistor is modelled from 300 to 400 K; give the device its own access resistance (system.accessR = device, e.g. --access-resistance 1500) for other temperatures",
    );
  }
  const ohm = (w: number) => accessTransistorOhm(input.nodeNm, input.roadmap, input.temperatureK, w);
  // The switching physics alone: MgO breakdown is checked where the write is used (device, array, system).
  // Each width is solved once (the bisection's last passing width is the result's).
  const solved = new Map<number, number>();
  const wer = (w: number) => {
    let v = solved.get(w);
    if (v === undefined) {
      const e = switchingWer(
        { ...input.device, temperatureK: input.temperatureK, accessResistanceOhm: ohm(w) },
        input.nominalWrite.voltageV,
        input.nominalWrite.pulseWidthS,
      );
      v = Math.max(e.pToAp, e.apToP);
      solved.set(w, v);
    }
    return v;
  };
  let widthF: number;
  if (input.widthF !== 'auto') widthF = input.widthF;
  else if (wer(ACCESS_WIDTH_MIN_F) <= ACCESS_SIZING_WER) widthF = ACCESS_WIDTH_MIN_F;
  else if (wer(ACCESS_WIDTH_MAX_F) > ACCESS_SIZING_WER) widthF = ACCESS_WIDTH_MAX_F;
  else {
    // Bisection on the grid of ACCESS_WIDTH_STEP_F (width = k x step); invariant: lo fails, hi passes.
    const step = ACCESS_WIDTH_STEP_F;
    let lo = Math.round(ACCESS_WIDTH_MIN_F / step);
    let hi = Math.round(ACCESS_WIDTH_MAX_F / step);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (wer(Number((mid * step).toFixed(6))) <= ACCESS_SIZING_WER) hi = mid;
      else lo = mid;
    }
    widthF = Number((hi * step).toFixed(6));
  }
  const nominalWer = wer(widthF);
  const r: AccessSizing = {
    widthF,
    sized: input.widthF === 'auto',
    resistanceOhm: ohm(widthF),
    cell: sttCellForAccessWidth(widthF),
    nominalWer,
    met: nominalWer <= ACCESS_SIZING_WER,
  };
  if (memo.size > 500) memo.clear();
  memo.set(key, r);
  return r;
}
