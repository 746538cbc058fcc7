/**
 * Public types of the array layer (NVSim-style scratchpad model). SI units throughout.
 */
import type { DeviceParams } from '../device/index.ts';
import type { TechId } from '../tech/types.ts';

/**
 * Memory technology of the scratchpad: a registry id (src/models/tech) or 'mram', the original name of
 * STT-MRAM (kept: it is a JSON and CLI contract). Results echo the name given.
 */
export type MemoryTech = TechId | 'mram';
/** What the organisation search minimises (NVSim's OptimizationTarget). */
export type OptTarget = 'read-edp' | 'read-latency' | 'write-edp' | 'area' | 'leakage';
/** Transistor roadmap (NVSim's DeviceRoadmap): high performance or low operating power. */
export type Roadmap = 'hp' | 'lop';

export type { CellSpec } from '../tech/types.ts';
import type { CellSpec } from '../tech/types.ts';

/** Inputs of one array evaluation. */
export interface ArrayInput {
  tech: MemoryTech;
  /** Capacity in bytes (power of two, 64 KiB to 256 MiB). */
  capacityBytes: number;
  /** Bits per access (word width), power of two, 8 to 4096. */
  wordBits: number;
  /** Technology node in nm, 22 to 90 (interpolated between tabulated nodes). */
  nodeNm: number;
  roadmap: Roadmap;
  target: OptTarget;
  /** Number of banks (power of two, default 1). */
  banks?: number;
  /**
   * MRAM write point (ignored for SRAM or when `cell` fixes the write): STT-MRAM's from the device layer
   * (cell voltage, pulse, device); SOT-MRAM's drive voltage across the heavy-metal line and write transistor
   * and pulse (its own model; `device` is not used). SOT-MRAM without it writes at its nominal point.
   */
  mramWrite?: { voltageV: number; pulseWidthS: number; device?: DeviceParams };
  /**
   * The memory cell (a parsed NVSim `.cell`, or SRAM_CELL / STT_CELL with edits). An MRAM cell that states a
   * set/reset current or energy fixes the write, as NVSim does; one that gives only geometry (area, aspect,
   * access width) takes its write and resistances from the device layer through `mramWrite`.
   */
  cell?: CellSpec;
  /** Operating temperature, K (default 350 K, as the recorded NVSim runs). */
  temperatureK?: number;
  /** Restrict the search to sub-arrays of this many rows x columns (powers of two, 32..2048). */
  fixedSubarray?: { rows: number; cols: number };
}

/** The organisation chosen by the search. */
export interface ArrayOrganization {
  /** Banks. */
  banks: number;
  /** Mats per bank (total). */
  matsPerBank: number;
  /** Mats along the bank's rows x columns. */
  matRows: number;
  matCols: number;
  /** Sub-arrays per mat (2 x 2, all active, as NVSim's CACTI assumption). */
  subarraysPerMat: number;
  /** Rows (word lines) per sub-array. */
  subarrayRows: number;
  /** Columns (bit lines) per sub-array. */
  subarrayCols: number;
  /** Bit lines sharing one sense amplifier (column mux degree). */
  muxDegree: number;
  /** Active mats per access. */
  activeMats: number;
}

/** Breakdown of one access. */
export interface AccessBreakdown {
  /** H-tree (bank routing) part, s or J. */
  htree: number;
  /** Decoder (predecode, row decoder, word-line driver) part. */
  decoder: number;
  /** Bit line part. */
  bitline: number;
  /** Sense amplifier (read) or cell write (write) part. */
  senseOrCell: number;
  /** Column mux, precharge and other periphery. */
  other: number;
}

/** Outputs of one array evaluation (SI). */
export interface ArrayResult {
  /** Total array area, mm^2. */
  areaMm2: number;
  /** Read access latency, s. */
  readLatencyS: number;
  /** Write access latency, s. */
  writeLatencyS: number;
  /** Dynamic energy of one read of one word, J. */
  readEnergyJ: number;
  /** Dynamic energy of one write of one word, J. */
  writeEnergyJ: number;
  /** Leakage (static) power of the whole array, W. */
  leakageW: number;
  /** Part of leakageW drawn by the cells themselves, W (SRAM cells; 0 for MRAM); the rest is periphery. */
  cellLeakageW: number;
  /** Capacity in bytes. */
  capacityBytes: number;
  /** Word width in bits. */
  wordBits: number;
  tech: MemoryTech;
  nodeNm: number;
  roadmap: Roadmap;
  target: OptTarget;
  organization: ArrayOrganization;
  /** Cell write current used, A (MRAM; SOT-MRAM: through the heavy-metal line; 0 for SRAM). */
  cellWriteCurrentA?: number;
  /** Cell write energy per bit used, J (average of the two directions; MRAM only, 0 for SRAM). */
  cellWriteEnergyPerBitJ: number;
  /** Cell write pulse used, s (MRAM only, 0 for SRAM). */
  cellWritePulseS: number;
  /** Where the cell write came from. */
  writeSource: 'sram' | 'device-layer' | 'cell-file' | 'default-cell';
  /** The cell the array is built of: its area, F^2, and its access transistor's width, F. */
  cellAreaF2: number;
  accessWidthF: number;
  readLatencyBreakdownS: AccessBreakdown;
  readEnergyBreakdownJ: AccessBreakdown;
  writeEnergyBreakdownJ: AccessBreakdown;
  /** Area efficiency: cell area / total area. */
  areaEfficiency: number;
}
