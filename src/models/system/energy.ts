/**
 * System energy of a training step from counts (accelerator layer) and per-access costs (given):
 *   E = MACs x E_mac + sum over classes (reads x E_read + writes x E_write + leakage)
 *       + accumulator (accesses x its energies + its leakage) + DRAM bytes x E_dram.
 * Time: compute (cycles / clock) and DRAM transfers (bytes / bandwidth) overlap, and so does every
 * class's memory: its busy time is (word reads x read latency + word writes x write latency) / banks
 * (+ one wake-up latency per phase when gated); the step takes the longest of them and `boundBy` says
 * which (compute, dram or memory:<class>).
 * Leakage without gating: leakage power x step time. With gating: an MRAM class's banks are on only
 * during the GEMMs (and the weight update) that use the class, plus one wake-up per bank per such phase
 * (leakage x break-even time); an SRAM class leaks over the window in which it holds live data
 * (weights: whole step; activations: forward to the last weight-gradient GEMM; errors: the backward
 * pass; weight gradients: weight-gradient GEMMs and the update), as fractions of the step's cycles.
 * Pure: no array model here, so tests inject costs.
 */
import type { Pass, TensorClass, TrainingResult } from '../accelerator/index.ts';
import { PASSES, TENSOR_CLASSES, byClass } from '../accelerator/index.ts';
import { SYSTEM_KINDS, type SystemKindValue } from '../tech/registry.ts';

/**
 * Scratchpad memory kind per tensor class: the system-layer names of the registry's placements
 * (src/models/tech/registry.ts): 'sram' | 'mram-nominal' | 'mram-relaxed' | 'sot-mram'.
 */
export type MemoryKind = SystemKindValue;
export const MEMORY_KINDS: readonly MemoryKind[] = SYSTEM_KINDS;
export type Placement = Record<TensorClass, MemoryKind>;

/** Cost of one class's scratchpad memory. */
export interface MemCost {
  kind: MemoryKind;
  /** Capacity of this class's memory, bytes. */
  capacityBytes: number;
  /** Energy of reading one element, J. */
  readEnergyPerElemJ: number;
  /** Energy of writing one element, J (read-before-write and protected bits included). */
  writeEnergyPerElemJ: number;
  /** Leakage power of the whole memory, W. */
  leakageW: number;
  /** Area of the memory, mm^2. */
  areaMm2: number;
  /** Latency of one word read and one word write (read-before-write included), s. */
  readLatencyS: number;
  writeLatencyS: number;
  /** Banks (default 1). */
  banks?: number;
  /** Word accesses per element (element bits / word bits; default 1). */
  wordsPerElem?: number;
  /** Part of leakageW drawn by the cells, W (SRAM). */
  cellLeakageW?: number;
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
  /** Accumulator buffer (absent: none). */
  accumulator?: MemCost;
  /** Power gating (default false: everything leaks for the whole step). */
  gating?: { breakEvenS: number; wakeLatencyS: number };
  /** Count memory busy time in the step time (default true). */
  memoryBound?: boolean;
}

/** Energy by component, J. */
export interface ComponentEnergy {
  compute: number;
  read: number;
  write: number;
  leakage: number;
  dram: number;
  /** Accumulator buffer: accesses and leakage. */
  accumulator: number;
}
export const COMPONENTS: readonly (keyof ComponentEnergy)[] = [
  'compute',
  'read',
  'write',
  'leakage',
  'dram',
  'accumulator',
];

export interface ClassEnergy {
  read: number;
  write: number;
  /** Leakage including wake-ups, J. */
  leakage: number;
  dram: number;
  total: number;
}

export type BoundBy = 'compute' | 'dram' | `memory:${TensorClass}`;

export interface StepEnergy {
  /** Step time, s. */
  runtimeS: number;
  /** Compute-bound and DRAM-bound times, s. */
  computeTimeS: number;
  dramTimeS: number;
  /** Busy time of each class's memory, s. */
  memoryBusyS: Record<TensorClass, number>;
  /** What sets the step time. */
  boundBy: BoundBy;
  /** Banks per class. */
  banks: Record<TensorClass, number>;
  /** Scratchpad accesses per class, elements. */
  accesses: Record<TensorClass, { reads: number; writes: number }>;
  /** Fraction of the step each class's memory is powered (1 without gating). */
  poweredFraction: Record<TensorClass, number>;
  /** Total energy per training step, J. */
  energyPerStepJ: number;
  /** Energy by component, J per step. */
  breakdown: ComponentEnergy;
  /** Memory energy by tensor class, J per step (compute excluded). */
  byClass: Record<TensorClass, ClassEnergy>;
  /** Scratchpad area, mm^2, total (accumulator included) and per class. */
  areaMm2: number;
  areaByClassMm2: Record<TensorClass, number>;
}

const touches = (cls: TensorClass, g: { operandA: TensorClass; operandB: TensorClass; output: TensorClass }) =>
  g.operandA === cls || g.operandB === cls || g.output === cls;

/** Cycles of the GEMMs (and update) that use each class, and phases (GEMMs) per class. */
export function classActivity(t: TrainingResult): {
  cycles: Record<TensorClass, number>;
  phases: Record<TensorClass, number>;
} {
  const cycles = byClass(() => 0);
  const phases = byClass(() => 0);
  for (const l of t.layers) {
    for (const pass of PASSES as readonly Pass[]) {
      if (pass === 'backwardData' && !l.backwardDataCounted) continue;
      const g = l[pass];
      for (const c of TENSOR_CLASSES) {
        if (touches(c, g)) {
          cycles[c] += g.computeCycles;
          phases[c] += 1;
        }
      }
    }
  }
  if (t.params > 0) {
    cycles.weights += t.totals.updateCycles;
    cycles.weightGradients += t.totals.updateCycles;
    phases.weights += 1;
    phases.weightGradients += 1;
  }
  return { cycles, phases };
}

/** Fraction of the step's cycles in which an SRAM class holds live data (see the header). */
export function liveFraction(t: TrainingResult): Record<TensorClass, number> {
  const b = t.totals.byPass;
  const total = t.totals.cycles;
  const f = (x: number) => (total > 0 ? Math.min(1, x / total) : 0);
  return {
    weights: 1,
    activations: f(t.totals.gemmCycles),
    errors: f(b.backwardData.cycles + b.weightGradient.cycles),
    weightGradients: f(b.weightGradient.cycles + t.totals.updateCycles),
  };
}

/** Multiplies a training step's counts by the given costs. */
export function stepEnergy(t: TrainingResult, c: SystemCosts): StepEnergy {
  const computeTimeS = t.totals.cycles / c.clockHz;
  const dramTimeS = t.dramTotalBytes / c.dramBandwidthBytesPerS;
  const act = classActivity(t);
  const wakeLat = c.gating?.wakeLatencyS ?? 0;
  const memoryBusyS = byClass((cls) => {
    const m = c.memory[cls];
    const a = t.totals.accesses[cls];
    const w = m.wordsPerElem ?? 1;
    const banks = m.banks ?? 1;
    const gatedWake = c.gating && m.kind !== 'sram' ? act.phases[cls] * wakeLat : 0;
    return (a.reads * w * m.readLatencyS + a.writes * w * m.writeLatencyS) / banks + gatedWake;
  });
  let runtimeS = Math.max(computeTimeS, dramTimeS);
  let boundBy: BoundBy = dramTimeS > computeTimeS ? 'dram' : 'compute';
  if (c.memoryBound !== false) {
    for (const cls of TENSOR_CLASSES) {
      if (memoryBusyS[cls] > runtimeS) {
        runtimeS = memoryBusyS[cls];
        boundBy = `memory:${cls}`;
      }
    }
  }
  const live = liveFraction(t);
  const total = t.totals.cycles;
  const poweredFraction = byClass((cls) => {
    if (!c.gating) return 1;
    if (c.memory[cls].kind === 'sram') return live[cls];
    return total > 0 ? Math.min(1, act.cycles[cls] / total) : 0;
  });
  const breakdown: ComponentEnergy = {
    compute: t.totals.macs * c.macEnergyJ,
    read: 0,
    write: 0,
    leakage: 0,
    dram: 0,
    accumulator: 0,
  };
  const byCls = byClass<ClassEnergy>(() => ({ read: 0, write: 0, leakage: 0, dram: 0, total: 0 }));
  let area = 0;
  for (const cls of TENSOR_CLASSES) {
    const m = c.memory[cls];
    const a = t.totals.accesses[cls];
    const e = byCls[cls];
    e.read = a.reads * m.readEnergyPerElemJ;
    e.write = a.writes * m.writeEnergyPerElemJ;
    e.leakage = m.leakageW * runtimeS * poweredFraction[cls];
    if (c.gating && m.kind !== 'sram') e.leakage += act.phases[cls] * m.leakageW * c.gating.breakEvenS;
    e.dram = (t.dramReadBytes[cls] + t.dramWriteBytes[cls]) * c.dramEnergyPerByteJ;
    e.total = e.read + e.write + e.leakage + e.dram;
    breakdown.read += e.read;
    breakdown.write += e.write;
    breakdown.leakage += e.leakage;
    breakdown.dram += e.dram;
    area += m.areaMm2;
  }
  const acc = c.accumulator;
  if (acc) {
    const accLive = c.gating ? (total > 0 ? t.totals.gemmCycles / total : 0) : 1;
    breakdown.accumulator =
      t.totals.accumulator.reads * acc.readEnergyPerElemJ +
      t.totals.accumulator.writes * acc.writeEnergyPerElemJ +
      acc.leakageW * runtimeS * accLive;
    area += acc.areaMm2;
  }
  const energyPerStepJ = COMPONENTS.reduce((s, k) => s + breakdown[k], 0);
  return {
    runtimeS,
    computeTimeS,
    dramTimeS,
    memoryBusyS,
    boundBy,
    banks: byClass((cls) => c.memory[cls].banks ?? 1),
    accesses: byClass((cls) => ({ ...t.totals.accesses[cls] })),
    poweredFraction,
    energyPerStepJ,
    breakdown,
    byClass: byCls,
    areaMm2: area,
    areaByClassMm2: byClass((cls) => c.memory[cls].areaMm2),
  };
}
