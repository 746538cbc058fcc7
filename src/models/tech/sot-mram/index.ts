/** SOT-MRAM: a 2T-1MTJ cell written through a heavy-metal line (separate read and write paths). */
import type { MemoryTechnology } from '../types.ts';
import { sotRead, sotWrite } from './model.ts';
import { SOT_CELL, SOT_PARAMS } from './params.ts';

export const SOT_MRAM: MemoryTechnology = {
  id: 'sot-mram',
  label: 'SOT-MRAM',
  aliases: [],
  nonVolatile: true,
  writePath: 'separate',
  cell: SOT_CELL,
  nominalWrite: { ...SOT_PARAMS.nominalWrite },
  writeModel: (point, opts = {}) => sotWrite(point, opts.temperatureK),
  readModel: () => sotRead(),
  notes: [
    'critical current: Lee et al., APL 102, 112410 (2013), perpendicular free layer, 20 mT in-plane field',
    'beta-W line: theta_SH 0.30 and 260 uOhm cm (Pai et al., APL 101, 122404 (2012))',
    'cell: 2T-1MTJ (Oboril et al., TCAD 2015) with NVSim 1T-1MTJ footprints: 108 F^2',
    'WER: thermal (Liu et al., Science 2012) / precessional blend of the device layer; not fitted to data',
  ],
};
export { SOT_CELL, SOT_PARAMS };
export {
  sotCriticalCurrentA,
  sotCriticalCurrentDensity,
  sotFreeLayer,
  sotLineResistanceOhm,
  sotRead,
  sotWrite,
} from './model.ts';
