/**
 * Array layer public surface: NVSim-style SRAM and STT-MRAM scratchpads (area, read/write latency and
 * energy per access, leakage) with an organisation search, iso-area sizing and NVSim file exchange.
 */
export type {
  MemoryTech,
  OptTarget,
  Roadmap,
  CellSpec,
  ArrayInput,
  ArrayResult,
  ArrayOrganization,
  AccessBreakdown,
} from './types.ts';
export { evaluateArray, isoAreaCapacity, validateArrayInput } from './evaluate.ts';
export { parseCellFile, exportNvsimCfg, exportNvsimCell } from './nvsim-files.ts';
export { SRAM_CELL, STT_CELL, LIMITS as ARRAY_LIMITS, DEFAULT_TEMPERATURE_K, TABULATED_NODES_NM } from './params.ts';

/** Optimisation targets, in the order the UI and CLI list them. */
export const OPT_TARGETS = ['read-edp', 'read-latency', 'write-edp', 'area', 'leakage'] as const;
export { compareTechnologies, capacitySweep } from './compare.ts';
export type { CommonArrayInput, SweepPoint } from './compare.ts';
export { accessTransistorOhm, cellOffCurrentPerM, CELL_LEAKAGE_CLASSES, type CellLeakageClass } from './access.ts';
