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
