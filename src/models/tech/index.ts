/** Memory technologies: the registry and each technology's public surface. */
export type {
  CellSpec,
  MemoryTechnology,
  PerDirection,
  TechId,
  TechModelOptions,
  TechRead,
  TechWrite,
  WritePath,
  WritePoint,
} from './types.ts';
export {
  PLACEMENT_OPTIONS,
  PLACEMENT_VALUES,
  SYSTEM_KINDS,
  TECHNOLOGIES,
  TECH_IDS,
  TECH_NAMES,
  placementOption,
  systemKindOf,
  technology,
  type PlacementOption,
  type PlacementValue,
  type SystemKindValue,
} from './registry.ts';
export { SRAM, SRAM_CELL } from './sram/index.ts';
export {
  STT_MRAM,
  STT_CELL,
  STT_CELL_HEIGHT_F,
  STT_CELL_ISOLATION_F,
  sttCellForAccessWidth,
} from './stt-mram/index.ts';
export {
  SOT_MRAM,
  SOT_CELL,
  SOT_PARAMS,
  sotCriticalCurrentA,
  sotCriticalCurrentDensity,
  sotFreeLayer,
  sotLineResistanceOhm,
  sotRead,
  sotWrite,
} from './sot-mram/index.ts';
