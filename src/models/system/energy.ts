/**
 * System energy of a training step from counts (accelerator layer) and per-access costs (given):
 *   E = MACs x E_mac + sum over classes (reads x E_read + writes x E_write + leakage x runtime)
 *       + DRAM bytes x E_dram,
 * runtime = max(cycles / clock, DRAM bytes / DRAM bandwidth) (compute and DRAM transfers overlap;
 * the slower one sets the step time). Pure: no array model here, so tests inject costs.
 */
import type { TensorClass, TrainingResult } from '../accelerator/index.ts';
import { TENSOR_CLASSES, byClass } from '../accelerator/index.ts';

/** Scratchpad memory kind per tensor class. */
export type MemoryKind = 'sram' | 'mram-nominal' | 'mram-relaxed';
export const MEMORY_KINDS: readonly MemoryKind[] = ['sram', 'mram-nominal', 'mram-relaxed'];
export type Placement = Record<TensorClass, MemoryKind>;

/** Cost of one class's scratchpad memory. */
export interface MemCost {
  kind: MemoryKind;
  /** Capacity of this class's memory, bytes. */
  capacityBytes: number;
  /** Energy of reading one element, J. */
  readEnergyPerElemJ: number;
  /** Energy of writing one element, J. */
  writeEnergyPerElemJ: number;
  /** Leakage power of the whole memory, W. */
  leakageW: number;
  /** Area of the memory, mm^2. */
  areaMm2: number;
  /** Read and write latency of one access, s (reported, not used for runtime). */
  readLatencyS: number;
  writeLatencyS: number;
}

export interface SystemCosts {
  /** Energy per MAC, J. */
  macEnergyJ: number;
  /** DRAM energy per byte, J. */
  dramEnergyPerByteJ: number;
  /** DRAM bandwidth, bytes/s. */
  dramBandwidthBytesPerS: number;
  /** Array clock, Hz. */
  clockHz: number;
  memory: Record<TensorClass, MemCost>;
}

/** Energy by component, J. */
export interface ComponentEnergy {
  compute: number;
  read: number;
  write: number;
  leakage: number;
  dram: number;
}
export const COMPONENTS: readonly (keyof ComponentEnergy)[] = ['compute', 'read', 'write', 'leakage', 'dram'];

export interface ClassEnergy {
  read: number;
  write: number;
  leakage: number;
  dram: number;
  total: number;
}

export interface StepEnergy {
  /** Step time, s. */
  runtimeS: number;
  /** Compute-bound and DRAM-bound times, s. */
  computeTimeS: number;
  dramTimeS: number;
  /** Total energy per training step, J. */
  energyPerStepJ: number;
  /** Energy by component, J per step. */
  breakdown: ComponentEnergy;
  /** Memory energy by tensor class, J per step (compute excluded). */
  byClass: Record<TensorClass, ClassEnergy>;
  /** Scratchpad area, mm^2, total and per class. */
  areaMm2: number;
  areaByClassMm2: Record<TensorClass, number>;
}

/** Multiplies a training step's counts by the given costs. */
export function stepEnergy(t: TrainingResult, c: SystemCosts): StepEnergy {
  const computeTimeS = t.totals.cycles / c.clockHz;
  const dramTimeS = t.dramTotalBytes / c.dramBandwidthBytesPerS;
  const runtimeS = Math.max(computeTimeS, dramTimeS);
  const breakdown: ComponentEnergy = { compute: t.totals.macs * c.macEnergyJ, read: 0, write: 0, leakage: 0, dram: 0 };
  const byCls = byClass<ClassEnergy>(() => ({ read: 0, write: 0, leakage: 0, dram: 0, total: 0 }));
  let area = 0;
  for (const cls of TENSOR_CLASSES) {
    const m = c.memory[cls];
    const a = t.totals.accesses[cls];
    const e = byCls[cls];
    e.read = a.reads * m.readEnergyPerElemJ;
    e.write = a.writes * m.writeEnergyPerElemJ;
    e.leakage = m.leakageW * runtimeS;
    e.dram = (t.dramReadBytes[cls] + t.dramWriteBytes[cls]) * c.dramEnergyPerByteJ;
    e.total = e.read + e.write + e.leakage + e.dram;
    breakdown.read += e.read;
    breakdown.write += e.write;
    breakdown.leakage += e.leakage;
    breakdown.dram += e.dram;
    area += m.areaMm2;
  }
  const energyPerStepJ = COMPONENTS.reduce((s, k) => s + breakdown[k], 0);
  return {
    runtimeS,
    computeTimeS,
    dramTimeS,
    energyPerStepJ,
    breakdown,
    byClass: byCls,
    areaMm2: area,
    areaByClassMm2: byClass((cls) => c.memory[cls].areaMm2),
  };
}
