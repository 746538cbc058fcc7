/**
 * System layer: energy of a training step (and epoch) for a memory placement per tensor class,
 * SRAM vs MRAM under iso-capacity and iso-area. Counts come from src/models/accelerator, per-access
 * costs from src/models/array (costs.ts), and energy.ts multiplies them.
 */
import type { DeviceParams } from '../device/index.ts';
import type { OptTarget, Roadmap } from '../array/index.ts';
import { FieldError, checkRange } from '../errors.ts';
import type { ModelResult } from '../result.ts';
import { infeasible } from '../result.ts';
import {
  NETWORK_IDS,
  TENSOR_CLASSES,
  byClass,
  getNetwork,
  simulateTraining,
  type ByClass,
  type CapacitySpec,
  type Dataflow,
  type Network,
  type TensorClass,
  type TrainingResult,
} from '../accelerator/index.ts';
import { defaultArrayModel, isoAreaMramCapacity, memCostFor, type ArrayModel, type MemoryTechConfig } from './costs.ts';
import {
  MEMORY_KINDS,
  stepEnergy,
  type MemCost,
  type MemoryKind,
  type Placement,
  type StepEnergy,
  type SystemCosts,
} from './energy.ts';
import {
  DEFAULT_ARRAY_WORD_BITS,
  DEFAULT_CLOCK_HZ,
  DEFAULT_DRAM,
  DEFAULT_DRAM_BANDWIDTH_BYTES_PER_S,
  DEFAULT_NOMINAL_WRITE,
  DEFAULT_RELAXED_WRITE,
  DEFAULT_SAMPLES_PER_EPOCH,
  DRAM_ENERGY_PER_BYTE_J,
  ELEMENT_BYTES,
  SAMPLES_PER_EPOCH,
  macEnergyJ,
  type DramKind,
  type MacPrecision,
} from './params.ts';

export * from './energy.ts';
export * from './params.ts';
export {
  arrayInputFor,
  arraySizeFor,
  cachedEvaluateArray,
  defaultArrayModel,
  isoAreaMramCapacity,
  memCostFor,
  type ArrayModel,
  type MemoryTechConfig,
} from './costs.ts';

/** Everything one system evaluation needs. */
export interface SystemConfig {
  /** Built-in network id or a network object (e.g. from a SCALE-Sim topology). */
  network: string | Network;
  rows: number;
  cols: number;
  dataflow: Dataflow;
  batch: number;
  /** SRAM reference capacity: per class, or a total split automatically. */
  capacity: CapacitySpec;
  /** Memory kind per tensor class for the design under study. */
  placement: Placement;
  nodeNm: number;
  roadmap: Roadmap;
  /** Array optimisation target (default read-edp). */
  target?: OptTarget;
  /** Array word width, bits (default 64). */
  arrayWordBits?: number;
  /** MAC precision; also sets the element size (default bf16, 2 bytes). */
  precision?: MacPrecision;
  dram?: DramKind;
  /** Overrides the DRAM kind's energy, J/byte. */
  dramEnergyPerByteJ?: number;
  dramBandwidthBytesPerS?: number;
  clockHz?: number;
  nominalWrite?: { voltageV: number; pulseWidthS: number };
  relaxedWrite?: { voltageV: number; pulseWidthS: number };
  device?: DeviceParams;
  /** Which comparison `ratio` reports. */
  isoMode: 'capacity' | 'area';
  samplesPerEpoch?: number;
  includeFirstBackwardData?: boolean;
}

/** One design (placement + capacities) evaluated. */
export interface DesignEnergy extends StepEnergy {
  placement: Placement;
  /** Capacity per class, bytes. */
  capacityBytes: ByClass<number>;
  memory: Record<TensorClass, MemCost>;
  /** Energy per epoch, J, and training steps per epoch. */
  energyPerEpochJ: number;
  stepsPerEpoch: number;
  /** Cycles and DRAM bytes per step. */
  cycles: number;
  dramTotalBytes: number;
  dramBytesByClass: ByClass<number>;
  /** Peak on-chip footprint per class, bytes. */
  peakOnChipBytes: ByClass<number>;
}

export interface SystemResult {
  network: { id: string; name: string };
  /** Counts of the SRAM baseline (per-layer table for the UI). */
  training: TrainingResult;
  /** All-SRAM baseline. */
  sram: DesignEnergy;
  /** The placement at the SRAM's capacities. */
  isoCapacity: DesignEnergy;
  /** The placement with MRAM classes enlarged to the SRAM's area. */
  isoArea: DesignEnergy;
  /** SRAM energy / design energy per step. */
  ratioIsoCapacity: number;
  ratioIsoArea: number;
  /** The ratio for cfg.isoMode. */
  ratio: number;
  isoMode: 'capacity' | 'area';
  /** MAC energy and DRAM energy used, J and J/byte. */
  macEnergyJ: number;
  dramEnergyPerByteJ: number;
}

export const ALL_SRAM: Placement = { weights: 'sram', activations: 'sram', errors: 'sram', weightGradients: 'sram' };
export const ALL_MRAM_NOMINAL: Placement = {
  weights: 'mram-nominal',
  activations: 'mram-nominal',
  errors: 'mram-nominal',
  weightGradients: 'mram-nominal',
};

/** Default system configuration (editable everywhere). */
export const DEFAULT_SYSTEM_CONFIG: SystemConfig = {
  network: 'resnet18',
  rows: 32,
  cols: 32,
  dataflow: 'ws',
  batch: 32,
  capacity: { totalBytes: 4 * 1024 * 1024 },
  placement: ALL_MRAM_NOMINAL,
  nodeNm: 22,
  roadmap: 'lop',
  isoMode: 'capacity',
};

/**
 * Reference-study preset (Roy, Wang, Raghunathan 2023, arXiv 2308.02024): what its abstract states is
 * a systolic-array training accelerator, an SRAM vs STT-MRAM scratchpad under iso-capacity and
 * iso-area, and a suite of DNN benchmarks. Everything else (array size, dataflow, capacity, node,
 * batch) is not stated and is our choice: a 32 x 32 weight-stationary array, bf16, batch 32,
 * 4 MiB scratchpad split automatically, 22 nm low-power periphery, DDR3-class DRAM, all classes in
 * nominal-write MRAM. Run it over the ImageNet networks of the suite (REFERENCE_STUDY_NETWORKS).
 */
export const REFERENCE_STUDY_PRESET: SystemConfig = { ...DEFAULT_SYSTEM_CONFIG };
export const REFERENCE_STUDY_NETWORKS: readonly string[] = [
  'alexnet',
  'vgg16',
  'resnet18',
  'resnet50',
  'mobilenetv2',
  'bert-base',
];

function resolveNetwork(n: string | Network): Network {
  if (typeof n !== 'string') return n;
  const net = getNetwork(n);
  if (!net) throw new FieldError('network', n, NETWORK_IDS.join(', '));
  return net;
}

function validatePlacement(p: Placement): void {
  for (const c of TENSOR_CLASSES) {
    if (!MEMORY_KINDS.includes(p[c])) throw new FieldError(`placement.${c}`, p[c], MEMORY_KINDS.join(', '));
  }
}

function design(
  cfg: SystemConfig,
  net: Network,
  placement: Placement,
  capacity: CapacitySpec,
  mt: MemoryTechConfig,
  base: Omit<SystemCosts, 'memory'>,
  model: ArrayModel,
): ModelResult<{ d: DesignEnergy; t: TrainingResult }> {
  const precision = cfg.precision ?? 'bf16';
  const wb = ELEMENT_BYTES[precision];
  const inp = {
    network: net,
    batch: cfg.batch,
    array: { rows: cfg.rows, cols: cfg.cols, dataflow: cfg.dataflow },
    capacity,
    wordBytes: wb,
    ...(cfg.includeFirstBackwardData !== undefined ? { includeFirstBackwardData: cfg.includeFirstBackwardData } : {}),
  };
  const t = simulateTraining(inp);
  if (!t.ok) return t;
  const memory = {} as Record<TensorClass, MemCost>;
  for (const c of TENSOR_CLASSES) {
    const m = memCostFor(placement[c], t.capacityBytes[c], wb * 8, mt, model);
    if (!m.ok)
      return infeasible(`${c} memory: ${m.reason}`, { ...(m.hint ? { hint: m.hint } : {}), field: `capacity.${c}` });
    const { ok: _ok, ...cost } = m;
    memory[c] = cost;
  }
  const e = stepEnergy(t, { ...base, memory });
  const samples = cfg.samplesPerEpoch ?? SAMPLES_PER_EPOCH[net.id] ?? DEFAULT_SAMPLES_PER_EPOCH;
  const stepsPerEpoch = Math.ceil(samples / cfg.batch);
  return {
    ok: true,
    t,
    d: {
      ...e,
      placement: { ...placement },
      capacityBytes: t.capacityBytes,
      memory,
      energyPerEpochJ: e.energyPerStepJ * stepsPerEpoch,
      stepsPerEpoch,
      cycles: t.totals.cycles,
      dramTotalBytes: t.dramTotalBytes,
      dramBytesByClass: byClass((c) => t.dramReadBytes[c] + t.dramWriteBytes[c]),
      peakOnChipBytes: t.peakOnChipBytes,
    },
  };
}

/**
 * Evaluates a system configuration: the all-SRAM baseline, the placement at iso-capacity and at
 * iso-area, and the SRAM/design energy ratios. Throws FieldError on bad input; returns infeasible
 * when the array model finds no organisation. The first call for a given memory configuration runs
 * the array model's organisation search (~0.1-1 s); later calls reuse it (a few ms).
 */
export function evaluateSystem(cfg: SystemConfig, model: ArrayModel = defaultArrayModel): ModelResult<SystemResult> {
  const net = resolveNetwork(cfg.network);
  validatePlacement(cfg.placement);
  if (cfg.isoMode !== 'capacity' && cfg.isoMode !== 'area')
    throw new FieldError('isoMode', cfg.isoMode, 'capacity or area');
  const precision = cfg.precision ?? 'bf16';
  if (!(precision in ELEMENT_BYTES))
    throw new FieldError('precision', precision, Object.keys(ELEMENT_BYTES).join(', '));
  const dramKind = cfg.dram ?? DEFAULT_DRAM;
  if (!(dramKind in DRAM_ENERGY_PER_BYTE_J))
    throw new FieldError('dram', dramKind, Object.keys(DRAM_ENERGY_PER_BYTE_J).join(', '));
  const clockHz = checkRange('clockHz', cfg.clockHz ?? DEFAULT_CLOCK_HZ, 1e6, 1e10, 'Hz');
  const bw = checkRange(
    'dramBandwidthBytesPerS',
    cfg.dramBandwidthBytesPerS ?? DEFAULT_DRAM_BANDWIDTH_BYTES_PER_S,
    1e6,
    1e13,
    'B/s',
  );
  const dramE = checkRange(
    'dramEnergyPerByteJ',
    cfg.dramEnergyPerByteJ ?? DRAM_ENERGY_PER_BYTE_J[dramKind],
    0,
    1e-8,
    'J',
  );
  checkRange('nodeNm', cfg.nodeNm, 22, 90, 'nm');
  if (cfg.samplesPerEpoch !== undefined) checkRange('samplesPerEpoch', cfg.samplesPerEpoch, 1, 1e10);
  const mt: MemoryTechConfig = {
    nodeNm: cfg.nodeNm,
    roadmap: cfg.roadmap,
    target: cfg.target ?? 'read-edp',
    wordBits: cfg.arrayWordBits ?? DEFAULT_ARRAY_WORD_BITS,
    nominalWrite: cfg.nominalWrite ?? DEFAULT_NOMINAL_WRITE,
    relaxedWrite: cfg.relaxedWrite ?? DEFAULT_RELAXED_WRITE,
    ...(cfg.device ? { device: cfg.device } : {}),
  };
  const mac = macEnergyJ(precision, cfg.nodeNm);
  const base = { macEnergyJ: mac, dramEnergyPerByteJ: dramE, dramBandwidthBytesPerS: bw, clockHz };

  const s = design(cfg, net, ALL_SRAM, cfg.capacity, mt, base, model);
  if (!s.ok) return s;
  const fixedCaps: CapacitySpec = { perClassBytes: { ...s.t.capacityBytes } };
  const ic = design(cfg, net, cfg.placement, fixedCaps, mt, base, model);
  if (!ic.ok) return ic;
  const areaCaps: Partial<Record<TensorClass, number>> = {};
  for (const c of TENSOR_CLASSES) {
    const kind = cfg.placement[c];
    const cap = s.t.capacityBytes[c];
    if (kind === 'sram') {
      areaCaps[c] = cap;
      continue;
    }
    const r = isoAreaMramCapacity(cap, kind, mt, model);
    if (!r.ok) return infeasible(`iso-area ${c}: ${r.reason}`);
    areaCaps[c] = r.capacityBytes;
  }
  const ia = design(cfg, net, cfg.placement, { perClassBytes: areaCaps }, mt, base, model);
  if (!ia.ok) return ia;
  const ratioIsoCapacity = s.d.energyPerStepJ / ic.d.energyPerStepJ;
  const ratioIsoArea = s.d.energyPerStepJ / ia.d.energyPerStepJ;
  return {
    ok: true,
    network: { id: net.id, name: net.name },
    training: s.t,
    sram: s.d,
    isoCapacity: ic.d,
    isoArea: ia.d,
    ratioIsoCapacity,
    ratioIsoArea,
    ratio: cfg.isoMode === 'capacity' ? ratioIsoCapacity : ratioIsoArea,
    isoMode: cfg.isoMode,
    macEnergyJ: mac,
    dramEnergyPerByteJ: dramE,
  };
}

export type { MemoryKind, MacPrecision, DramKind };
