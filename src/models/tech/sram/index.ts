/** SRAM: the 6T cell of NVSim; a write flips a latch through the bit lines (no write error, no write knob). */
import type { MemoryTechnology } from '../types.ts';
import { SRAM_CELL } from './params.ts';

export const SRAM: MemoryTechnology = {
  id: 'sram',
  label: 'SRAM',
  aliases: [],
  nonVolatile: false,
  writePath: 'latch',
  cell: SRAM_CELL,
  nominalWrite: null,
  writeModel: (point) => ({
    ...point,
    wer: { pToAp: 0, apToP: 0 },
    // The SRAM write energy is the bit lines' (array layer); the cell itself adds none.
    energyJ: { pToAp: 0, apToP: 0, average: 0 },
    currentA: 0,
  }),
  readModel: () => ({ resistancePOhm: 0, resistanceApOhm: 0, readVoltageV: 0 }),
  notes: ['cell: NVSim SRAM.cell (146 F^2, Dong et al. 2012)'],
};
export { SRAM_CELL };
