/**
 * The technology registry: the one list of memory technologies (each in its own folder) and the one
 * vocabulary of where a tensor class lives (a placement: technology + write point). The array, system,
 * evaluation, placement editor, sweeps and CLI iterate over these lists.
 *
 * Adding a technology: a folder src/models/tech/<id>/ exporting a MemoryTechnology (params.ts with the cited
 * values, the write/read models, the NVSim-style cell), one entry in TECHNOLOGIES, one in PLACEMENT_OPTIONS.
 */
import { FieldError } from '../errors.ts';
import { SOT_MRAM } from './sot-mram/index.ts';
import { SRAM } from './sram/index.ts';
import { STT_MRAM } from './stt-mram/index.ts';
import type { MemoryTechnology, TechId } from './types.ts';

/** Every technology, in display order. */
export const TECHNOLOGIES: readonly MemoryTechnology[] = [SRAM, STT_MRAM, SOT_MRAM];

export const TECH_IDS: readonly TechId[] = TECHNOLOGIES.map((t) => t.id);

/** Every accepted technology name (ids, then aliases). */
export const TECH_NAMES: readonly string[] = [...TECH_IDS, ...TECHNOLOGIES.flatMap((t) => t.aliases)];

/** The technology of an id or alias; throws FieldError naming `field` otherwise. */
export function technology(name: string, field = 'tech'): MemoryTechnology {
  const t = TECHNOLOGIES.find((x) => x.id === name || x.aliases.includes(name));
  if (!t) throw new FieldError(field, name, TECH_NAMES.join(', '));
  return t;
}

/** Where a tensor class lives: a technology and which of its write points. */
export interface PlacementOption {
  /** The value in URLs, config JSON and the CLI's placement flags. */
  value: string;
  tech: TechId;
  /** The write point: none (SRAM), the configuration's nominal or relaxed write (STT), the technology's own. */
  write: 'none' | 'nominal' | 'relaxed' | 'own';
  /** The system layer's memory-kind name (a JSON and CLI contract: `system --memory`). */
  systemKind: string;
  /** Short label for the placement editor. */
  label: string;
}

/** The placement vocabulary. The first three values are the v=2 contract; `sot` is SOT-MRAM at its own write point. */
export const PLACEMENT_OPTIONS = [
  { value: 'sram', tech: 'sram', write: 'none', systemKind: 'sram', label: 'SRAM' },
  { value: 'mram', tech: 'stt-mram', write: 'nominal', systemKind: 'mram-nominal', label: 'STT-MRAM, nominal' },
  { value: 'relaxed', tech: 'stt-mram', write: 'relaxed', systemKind: 'mram-relaxed', label: 'STT-MRAM, relaxed' },
  { value: 'sot', tech: 'sot-mram', write: 'own', systemKind: 'sot-mram', label: 'SOT-MRAM' },
] as const satisfies readonly PlacementOption[];

export type PlacementValue = (typeof PLACEMENT_OPTIONS)[number]['value'];
export type SystemKindValue = (typeof PLACEMENT_OPTIONS)[number]['systemKind'];
export const PLACEMENT_VALUES = PLACEMENT_OPTIONS.map((p) => p.value) as unknown as readonly [
  PlacementValue,
  ...PlacementValue[],
];
export const SYSTEM_KINDS = PLACEMENT_OPTIONS.map((p) => p.systemKind) as unknown as readonly [
  SystemKindValue,
  ...SystemKindValue[],
];

/** The placement option of a placement value or a system kind (undefined when neither). */
export function placementOption(name: string): PlacementOption | undefined {
  return PLACEMENT_OPTIONS.find((p) => p.value === name || p.systemKind === name);
}

/** The system kind of a placement value. */
export function systemKindOf(value: PlacementValue): SystemKindValue {
  return PLACEMENT_OPTIONS.find((p) => p.value === value)!.systemKind;
}
