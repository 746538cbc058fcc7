/** SRAM cell parameters. Source: [NVSim] Dong et al., IEEE TCAD 31(7), 2012, its public SRAM.cell. */
import type { CellSpec } from '../types.ts';

/** NVSim's public SRAM.cell (6T, 146 F^2) [NVSim]. */
export const SRAM_CELL: CellSpec = {
  memCellType: 'SRAM',
  areaF2: 146,
  aspectRatio: 1.46,
  readMode: 'voltage',
  accessType: 'CMOS',
  accessCmosWidthF: 1.31,
  sramNmosWidthF: 2.08,
  sramPmosWidthF: 1.23,
  fileName: 'SRAM.cell',
};
