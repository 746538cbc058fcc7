/**
 * Transistor figures the system layer takes from the array's technology: the on-resistance of the MRAM
 * cell's access transistor (so the device layer sees the same transistor the array draws) and the off
 * current of an SRAM cell's transistors by leakage class (HP, LOP, LSTP), separate from the periphery.
 */
import { onRes } from './circuits.ts';
import { DEFAULT_TEMPERATURE_K, LSTP_IOFF_300K_A_PER_M, STT_CELL } from './params.ts';
import { resolveTech } from './tech.ts';
import type { Roadmap } from './types.ts';

/** SRAM cell leakage classes (CACTI's cell device types). */
export type CellLeakageClass = 'hp' | 'lop' | 'lstp';
export const CELL_LEAKAGE_CLASSES: readonly CellLeakageClass[] = ['hp', 'lop', 'lstp'];

/**
 * On-resistance of the STT cell's access NMOS (width STT_CELL.accessCmosWidthF = 8 F) at a node, roadmap
 * and temperature: R_on = k Vdd / (I_on W) (CACTI's effective resistance, as the array's circuits use).
 */
export function accessTransistorOhm(
  nodeNm: number,
  roadmap: Roadmap,
  temperatureK: number = DEFAULT_TEMPERATURE_K,
  widthF: number = STT_CELL.accessCmosWidthF,
): number {
  const t = resolveTech(nodeNm, roadmap, temperatureK);
  return onRes(widthF * t.featureM, t);
}

/** Off current per metre of width of a cell transistor of the given class, A/m. */
export function cellOffCurrentPerM(nodeNm: number, cls: CellLeakageClass, temperatureK: number): number {
  if (cls !== 'lstp') return resolveTech(nodeNm, cls, temperatureK).ioff;
  const lop = resolveTech(nodeNm, 'lop', temperatureK).ioff;
  const lop300 = resolveTech(nodeNm, 'lop', 300).ioff;
  return LSTP_IOFF_300K_A_PER_M * (lop / lop300);
}
