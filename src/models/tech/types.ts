/**
 * What a memory technology is, for every layer above the device: one interface that each technology
 * (src/models/tech/<id>/) implements and the registry (registry.ts) lists. SI units throughout.
 */
import type { DeviceParams } from '../device/index.ts';

/** Registry identifiers of the technologies. */
export type TechId = 'sram' | 'stt-mram' | 'sot-mram';

/** How the cell is written. */
export type WritePath =
  /** No write current through a storage element (SRAM: the bit lines flip a latch). */
  | 'latch'
  /** The write current flows through the read path (STT-MRAM: through the MTJ's tunnel barrier). */
  | 'shared'
  /** A write path of its own (SOT-MRAM: through the heavy-metal line, not the barrier). */
  | 'separate';

/** Per write direction (P -> AP writes the high-resistance state, a stored 1). */
export interface PerDirection<T> {
  pToAp: T;
  apToP: T;
}

/** One write of one bit at a write point (SI). */
export interface TechWrite {
  /** Drive voltage across the write path (cell + access transistor), V. */
  voltageV: number;
  /** Write pulse width, s. */
  pulseWidthS: number;
  /** Write error rate per direction (probability the bit does not switch). */
  wer: PerDirection<number>;
  /** Energy per bit driven, per direction and the mean of the two, J. */
  energyJ: PerDirection<number> & { average: number };
  /** Largest write current of the two directions, A. */
  currentA: number;
}

/** The read path of a cell (SI). */
export interface TechRead {
  /** Storage-element resistance in the low (P) and high (AP) states, ohm (0 for SRAM). */
  resistancePOhm: number;
  resistanceApOhm: number;
  /** Read voltage across the cell, V (0 for SRAM: voltage sensing of the bit lines). */
  readVoltageV: number;
}

/** What a technology's models may take from the configuration. */
export interface TechModelOptions {
  /** Operating temperature, K (default: the technology's reference temperature). */
  temperatureK?: number;
  /** The MTJ description of the device layer (STT-MRAM; SOT-MRAM ignores it and uses its own stack). */
  device?: DeviceParams;
}

/** A write point: the drive voltage and the pulse. */
export interface WritePoint {
  voltageV: number;
  pulseWidthS: number;
}

/** A memory cell as NVSim's `.cell` file describes it (SI units). */
export interface CellSpec {
  /** Cell technology. */
  memCellType: 'SRAM' | 'MRAM';
  /** Cell area in F^2. */
  areaF2: number;
  /** Cell height / width. */
  aspectRatio: number;
  /** Low (parallel) resistance, Ohm (MRAM only). */
  resistanceOnOhm?: number;
  /** High (antiparallel) resistance, Ohm (MRAM only). */
  resistanceOffOhm?: number;
  /** Read mode: current sensing or voltage sensing. */
  readMode: 'current' | 'voltage';
  /** Read voltage across the cell, V (current-mode MRAM read). */
  readVoltageV?: number;
  /** Minimum sense voltage, V. */
  minSenseVoltageV?: number;
  /** Read power per cell, W. */
  readPowerW?: number;
  /** Reset (AP->P or P->AP: NVSim does not say) current, A. */
  resetCurrentA?: number;
  /** Reset pulse width, s. */
  resetPulseS?: number;
  /** Reset energy per bit, J (when absent, supply voltage x current x pulse). */
  resetEnergyJ?: number;
  /** Set current, A. */
  setCurrentA?: number;
  /** Set pulse width, s. */
  setPulseS?: number;
  /** Set energy per bit, J (when absent, supply voltage x current x pulse). */
  setEnergyJ?: number;
  /** Access device type. */
  accessType: 'CMOS';
  /** Voltage drop over the access device, V. */
  voltageDropAccessDeviceV?: number;
  /** Access transistor width in F. */
  accessCmosWidthF: number;
  /** SRAM cell NMOS width in F. */
  sramNmosWidthF?: number;
  /** SRAM cell PMOS width in F. */
  sramPmosWidthF?: number;
  /** Name of the file it came from (for messages), if any. */
  fileName?: string;
}

/** One memory technology: its cell, its write and read models, and how the array builds it. */
export interface MemoryTechnology {
  id: TechId;
  /** Display name. */
  label: string;
  /** Other names accepted on input (CLI, JSON); e.g. 'mram' for STT-MRAM. */
  aliases: readonly string[];
  /** Keeps its data without power (no cell leakage, no refresh). */
  nonVolatile: boolean;
  writePath: WritePath;
  /** The NVSim-style cell the array is built from (geometry; MRAM cells also a sample write). */
  cell: CellSpec;
  /**
   * The technology's default write point (the "nominal" write), or null where a write has no knob (SRAM).
   * STT-MRAM's nominal and relaxed points come from the configuration instead.
   */
  nominalWrite: WritePoint | null;
  /** One write at a write point (SRAM: error-free, the bit-line energy is the array's). */
  writeModel(point: WritePoint, opts?: TechModelOptions): TechWrite;
  /** The read path (resistances and read voltage). */
  readModel(opts?: TechModelOptions): TechRead;
  /** Validation and provenance notes shown in docs and CLI help (one line each). */
  notes: readonly string[];
}
