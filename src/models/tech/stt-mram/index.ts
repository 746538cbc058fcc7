/**
 * STT-MRAM: a 1T-1MTJ cell written by spin-transfer torque, the write current through the tunnel barrier.
 * The write and read models are the device layer's (src/models/device); its write points (nominal and relaxed)
 * come from the configuration.
 */
import { defaultDeviceParams, evaluateWrite } from '../../device/index.ts';
import type { MemoryTechnology } from '../types.ts';
import { STT_CELL, STT_CELL_HEIGHT_F, STT_CELL_ISOLATION_F, sttCellForAccessWidth } from './params.ts';

export const STT_MRAM: MemoryTechnology = {
  id: 'stt-mram',
  label: 'STT-MRAM',
  aliases: ['mram'],
  nonVolatile: true,
  writePath: 'shared',
  cell: STT_CELL,
  nominalWrite: null,
  writeModel(point, opts = {}) {
    const p = opts.device ?? defaultDeviceParams;
    const w = evaluateWrite(
      opts.temperatureK !== undefined ? { ...p, temperatureK: opts.temperatureK } : p,
      point.voltageV,
      point.pulseWidthS,
    );
    return {
      ...point,
      wer: { ...w.werArrayMean },
      energyJ: { ...w.writeEnergyJ },
      currentA: Math.max(w.writeCurrentA.pToAp, w.writeCurrentA.apToP),
    };
  },
  readModel(opts = {}) {
    const p = opts.device ?? defaultDeviceParams;
    const rP = p.raOhmM2 / ((Math.PI * p.diameterM * p.diameterM) / 4);
    return { resistancePOhm: rP, resistanceApOhm: rP * (1 + p.tmr0), readVoltageV: p.readVoltageV };
  },
  notes: [
    'cell geometry: NVSim sample_STTRAM.cell (54 F^2, 8 F access transistor, Dong et al. 2012)',
    'write and read: the device layer (macrospin, Fokker-Planck or closed form; docs/models.md)',
  ],
};
export { STT_CELL, STT_CELL_HEIGHT_F, STT_CELL_ISOLATION_F, sttCellForAccessWidth };
