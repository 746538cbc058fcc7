/** STT-MRAM cell parameters. Source: [NVSim] Dong et al., IEEE TCAD 31(7), 2012, its public sample_STTRAM.cell. */
import type { CellSpec } from '../types.ts';

/** NVSim's public sample_STTRAM.cell (54 F^2, 1T1MTJ) [NVSim]. */
export const STT_CELL: CellSpec = {
  memCellType: 'MRAM',
  areaF2: 54,
  aspectRatio: 0.54,
  resistanceOnOhm: 3000,
  resistanceOffOhm: 6000,
  readMode: 'current',
  readVoltageV: 0.25,
  minSenseVoltageV: 0.025,
  readPowerW: 30e-6,
  resetCurrentA: 80e-6,
  resetPulseS: 10e-9,
  resetEnergyJ: 1e-12,
  setCurrentA: 80e-6,
  setPulseS: 10e-9,
  setEnergyJ: 1e-12,
  accessType: 'CMOS',
  voltageDropAccessDeviceV: 0.15,
  accessCmosWidthF: 8,
  fileName: 'sample_STTRAM.cell',
};

/**
 * The sample cell's footprint, split by direction (NVSim draws a cell sqrt(A / aspect) F along the word line
 * and sqrt(A x aspect) F along the bit line [NVSim]): 54 F^2 at aspect 0.54 is 10 F x 5.4 F. The access
 * transistor's width runs along the word line (its gate is the word line), so the 10 F hold the 8 F
 * transistor and 2 F of isolation; the 5.4 F along the bit line (gate, contacts, MTJ) do not depend on it.
 */
export const STT_CELL_HEIGHT_F = Math.sqrt(STT_CELL.areaF2 * STT_CELL.aspectRatio); // 5.4 F
export const STT_CELL_ISOLATION_F = Math.sqrt(STT_CELL.areaF2 / STT_CELL.aspectRatio) - STT_CELL.accessCmosWidthF; // 2 F

/**
 * The STT-MRAM cell with an access transistor of `widthF` F: the sample cell widened (or narrowed) along
 * the word line by the transistor, (widthF + 2) F x 5.4 F (widthF = 8 gives the sample's 54 F^2). Geometry
 * only: its write and resistances come from the device layer (ArrayInput.mramWrite), as for the sample cell.
 */
export function sttCellForAccessWidth(widthF: number): CellSpec {
  const wordLineF = widthF + STT_CELL_ISOLATION_F;
  return {
    memCellType: 'MRAM',
    areaF2: wordLineF * STT_CELL_HEIGHT_F,
    aspectRatio: STT_CELL_HEIGHT_F / wordLineF,
    readMode: STT_CELL.readMode,
    ...(STT_CELL.minSenseVoltageV !== undefined && { minSenseVoltageV: STT_CELL.minSenseVoltageV }),
    accessType: 'CMOS',
    accessCmosWidthF: widthF,
  };
}
