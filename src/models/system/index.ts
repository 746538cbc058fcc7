/**
 * System layer: energy of a training step (and epoch) for a memory placement per tensor class,
 * SRAM vs MRAM under iso-capacity and iso-area. Counts come from src/models/accelerator, per-access
 * costs from src/models/array (costs.ts), and energy.ts multiplies them.
 */
import { SOT_MRAM } from '../tech/sot-mram/index.ts';
import { mramAccess } from './access-sizing.ts';
import { defaultDeviceParams, evaluateWrite, type DeviceParams } from '../device/index.ts';
import {
  ARRAY_LIMITS,
  CELL_LEAKAGE_CLASSES,
  type CellLeakageClass,
  type OptTarget,
  type Roadmap,
} from '../array/index.ts';
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
  type Pass,
  type TrainingInput,
  type TrainingResult,
  type GemmResult,
} from '../accelerator/index.ts';
import {
  defaultArrayModel,
  isoAreaMramCapacity,
  memCostFor,
  techKeys,
  type ArrayModel,
  type MemOptions,
  type MemoryTechConfig,
} from './costs.ts';
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
  ACCUMULATOR_DEPTH,
  ACCUMULATOR_ELEMENT_BITS,
  DEFAULT_ACCUMULATOR,
  DEFAULT_BANKS,
  DEFAULT_GATING,
  DEFAULT_READ_BEFORE_WRITE,
  DEFAULT_SWITCHING_FRACTION,
  DEFAULT_TEMPERATURE_K,
  MAX_BANKS,
  NOMINAL_WER_WARNING,
  ACCESS_WIDTH_MAX_F,
  PROTECTED_BITS,
  PROTECTIONS,
  WAKE_BREAK_EVEN_CYCLES,
  WAKE_LATENCY_CYCLES,
  macEnergyJ,
  type AccumulatorKind,
  type Protection,
  type DramKind,
  type MacPrecision,
} from './params.ts';

export * from './energy.ts';
export * from './params.ts';
export { mramAccess, type AccessSizing, type AccessSizingInput } from './access-sizing.ts';
export {
  arrayInputFor,
  arraySizeFor,
  cachedEvaluateArray,
  defaultArrayModel,
  isoAreaMramCapacity,
  memCostFor,
  type ArrayModel,
  type MemOptions,
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
  /** Banks per class memory: a power of two 1..64, or 'auto' (default) = the fewest that keep it within the compute time. */
  banks?: number | 'auto';
  /** Accumulator buffer for partial sums (default 'sram'); 'none' writes partial sums to the scratchpad. */
  accumulator?: AccumulatorKind;
  /** Power gating of idle MRAM banks and of SRAM without live data (default true). */
  gating?: boolean;
  /** SRAM cell leakage class (default: the periphery roadmap). */
  sramCell?: CellLeakageClass;
  /** Read-before-write for MRAM writes (default true). */
  readBeforeWrite?: boolean;
  /** Switching fraction of written bits per class (each direction gets half), in [0, 1]. */
  switchingFraction?: Partial<Record<TensorClass, number>>;
  /**
   * Switching fractions per direction (fractions of written bits switching 0->1 = P->AP and 1->0 =
   * AP->P), e.g. from a training run's bitStats; overrides switchingFraction for that class.
   */
  switchingByDirection?: Partial<Record<TensorClass, { p2ap: number; ap2p: number }>>;
  /** Protected bit fields per class (charged at the nominal write when the class is relaxed MRAM). */
  protect?: Partial<Record<TensorClass, Protection>>;
  /** One operating temperature for device and array, K (default 300). */
  temperatureK?: number;
  /** Access-transistor resistance of the MRAM cell: ohms, or 'array' (default) = the array's transistor. */
  accessResistanceOhm?: number | 'array';
  /**
   * Width of the MRAM cell's access transistor, F, or 'auto' (default): the narrowest that lets the nominal
   * write meet ACCESS_SIZING_WER. It sets the cell's area and the 'array' resistance.
   */
  accessWidthF?: number | 'auto';
  /** Dataflow per GEMM: 'best' picks, for every GEMM, the dataflow of least energy (overrides `dataflow`). */
  dataflowChoice?: 'best';
  /** Dataflow per pass (forward, backwardData, weightGradient), overriding `dataflow` and `best` for that pass. */
  passDataflow?: Partial<Record<Pass, Dataflow>>;
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
  /** Accumulator buffer cost (absent without one). */
  accumulatorMemory?: MemCost;
  /** GEMMs per dataflow (the per-GEMM choice with dataflowChoice 'best'). */
  dataflowCount: Record<Dataflow, number>;
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
  /** Operating temperature and the MRAM access-transistor resistance used, K and ohm. */
  temperatureK: number;
  accessResistanceOhm: number;
  /** The MRAM cell's access transistor: width, F (sized for the nominal write or given), and the cell area it gives, F^2. */
  access: { widthF: number; sized: boolean; cellAreaF2: number };
  /** The MRAM write points the placement uses, on the device actually used (temperature and access transistor included). */
  writePoints: Partial<Record<'nominal' | 'relaxed' | 'sot', WritePointSummary>>;
  /** Conditions a reader of the ratio must know (e.g. a nominal write that does not write reliably). */
  warnings: string[];
}

export interface WritePointSummary {
  voltageV: number;
  pulseWidthS: number;
  werPToAp: number;
  werApToP: number;
  /** Mean switching energy per bit of the two directions, J. */
  energyPerBitJ: number;
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

/** SOT-MRAM's own write point on its own stack (src/models/tech/sot-mram) at the operating temperature. */
function sotWritePoint(temperatureK: number): WritePointSummary {
  const point = SOT_MRAM.nominalWrite!;
  const w = SOT_MRAM.writeModel(point, { temperatureK });
  return { ...point, werPToAp: w.wer.pToAp, werApToP: w.wer.apToP, energyPerBitJ: w.energyJ.average };
}

function validatePlacement(p: Placement): void {
  for (const c of TENSOR_CLASSES) {
    if (!MEMORY_KINDS.includes(p[c])) throw new FieldError(`placement.${c}`, p[c], MEMORY_KINDS.join(', '));
  }
}

interface Resolved {
  mt: MemoryTechConfig;
  base: Omit<SystemCosts, 'memory'>;
  elemBits: number;
  banks: number | 'auto';
  accumulator: AccumulatorKind;
  memOpts: (c: TensorClass) => Omit<MemOptions, 'banks'>;
}

function design(
  cfg: SystemConfig,
  net: Network,
  placement: Placement,
  capacity: CapacitySpec,
  rs: Resolved,
  model: ArrayModel,
  reuse?: TrainingResult,
): ModelResult<{ d: DesignEnergy; t: TrainingResult }> {
  const { mt, base, elemBits } = rs;
  const wb = elemBits / 8;
  const inp: TrainingInput = {
    network: net,
    batch: cfg.batch,
    array: { rows: cfg.rows, cols: cfg.cols, dataflow: cfg.dataflow },
    capacity,
    wordBytes: wb,
    ...(cfg.includeFirstBackwardData !== undefined ? { includeFirstBackwardData: cfg.includeFirstBackwardData } : {}),
    ...(rs.accumulator === 'sram' ? { accumulator: { depth: ACCUMULATOR_DEPTH } } : {}),
    ...(cfg.passDataflow ? { passDataflow: cfg.passDataflow } : {}),
  };
  // The counts depend on the capacities, not on the memory kinds: a design at the same capacities reuses them.
  let t: ModelResult<TrainingResult> = reuse ? { ok: true, ...reuse } : simulateTraining(inp);
  if (!t.ok) return t;
  const costsAt = (
    tr: TrainingResult,
    banksOf: (c: TensorClass) => number,
  ): ModelResult<Record<TensorClass, MemCost>> => {
    const memory = {} as Record<TensorClass, MemCost>;
    for (const c of TENSOR_CLASSES) {
      const m = memCostFor(placement[c], tr.capacityBytes[c], elemBits, mt, model, {
        ...rs.memOpts(c),
        banks: banksOf(c),
      });
      if (!m.ok)
        return infeasible(`${c} memory: ${m.reason}`, { ...(m.hint ? { hint: m.hint } : {}), field: `capacity.${c}` });
      const { ok: _ok, ...cost } = m;
      memory[c] = cost;
    }
    return { ok: true, ...memory };
  };
  // Accumulator: depth x array columns partial sums of ACCUMULATOR_ELEMENT_BITS (SRAM in every design).
  let accumulatorMemory: MemCost | undefined;
  if (rs.accumulator === 'sram') {
    const accBytes = (ACCUMULATOR_DEPTH * cfg.cols * ACCUMULATOR_ELEMENT_BITS) / 8;
    const a = memCostFor('sram', accBytes, ACCUMULATOR_ELEMENT_BITS, mt, model, { ...rs.memOpts('activations') });
    if (!a.ok) return infeasible(`accumulator: ${a.reason}`, { field: 'accumulator' });
    const { ok: _ok, ...cost } = a;
    accumulatorMemory = cost;
  }
  const fixedBanks = rs.banks === 'auto' ? 1 : rs.banks;
  if (cfg.dataflowChoice === 'best') {
    // Per GEMM: the dataflow of least energy (accesses x per-access energies, accumulator accesses, and
    // leakage of every memory over the GEMM's compute time) at these capacities.
    const m0 = costsAt(t, () => fixedBanks);
    if (!m0.ok) return m0;
    const leakW = TENSOR_CLASSES.reduce((s, c) => s + m0[c].leakageW, 0) + (accumulatorMemory?.leakageW ?? 0);
    const energyOf = (g: GemmResult) => {
      let e = 0;
      for (const c of TENSOR_CLASSES) {
        e += g.accesses[c].reads * m0[c].readEnergyPerElemJ + g.accesses[c].writes * m0[c].writeEnergyPerElemJ;
      }
      if (accumulatorMemory) {
        e += g.accumulatorReads * accumulatorMemory.readEnergyPerElemJ;
        e += g.accumulatorWrites * accumulatorMemory.writeEnergyPerElemJ;
      }
      return e + (g.computeCycles / base.clockHz) * leakW;
    };
    const t2 = simulateTraining({
      ...inp,
      chooseDataflow: (cands) => {
        let bi = 0;
        for (let i = 1; i < cands.length; i++) if (energyOf(cands[i]!) < energyOf(cands[bi]!)) bi = i;
        return bi;
      },
    });
    if (!t2.ok) return t2;
    t = t2;
  }
  const tr = t;
  // Banks: fixed, or per class the fewest (powers of two up to MAX_BANKS) whose busy time fits the compute time.
  const chosen = byClass(() => fixedBanks);
  if (rs.banks === 'auto') {
    const computeS = tr.totals.cycles / base.clockHz;
    for (const c of TENSOR_CLASSES) {
      const a = tr.totals.accesses[c];
      let pick = 1;
      for (let b = 1; b <= MAX_BANKS; b *= 2) {
        const m = memCostFor(placement[c], tr.capacityBytes[c], elemBits, mt, model, { ...rs.memOpts(c), banks: b });
        if (!m.ok) break;
        pick = b;
        const w = m.wordsPerElem ?? 1;
        const busy = (a.reads * w * m.readLatencyS + a.writes * w * m.writeLatencyS) / b;
        if (busy <= computeS) break;
      }
      chosen[c] = pick;
    }
  }
  const memory = costsAt(tr, (c) => chosen[c]);
  if (!memory.ok) return memory;
  const { ok: _ok, ...mem } = memory;
  const e = stepEnergy(tr, { ...base, memory: mem, ...(accumulatorMemory ? { accumulator: accumulatorMemory } : {}) });
  const samples = cfg.samplesPerEpoch ?? SAMPLES_PER_EPOCH[net.id] ?? DEFAULT_SAMPLES_PER_EPOCH;
  const stepsPerEpoch = Math.ceil(samples / cfg.batch);
  return {
    ok: true,
    t: tr,
    d: {
      ...e,
      placement: { ...placement },
      capacityBytes: tr.capacityBytes,
      memory: mem,
      energyPerEpochJ: e.energyPerStepJ * stepsPerEpoch,
      stepsPerEpoch,
      cycles: tr.totals.cycles,
      dramTotalBytes: tr.dramTotalBytes,
      dramBytesByClass: byClass((c) => tr.dramReadBytes[c] + tr.dramWriteBytes[c]),
      peakOnChipBytes: tr.peakOnChipBytes,
      ...(accumulatorMemory ? { accumulatorMemory } : {}),
      dataflowCount: tr.totals.dataflowCount,
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
  // New fields (named errors; see SystemConfig).
  const banks = cfg.banks ?? DEFAULT_BANKS;
  if (banks !== 'auto') {
    if (!Number.isInteger(banks) || banks < 1 || banks > MAX_BANKS || (banks & (banks - 1)) !== 0)
      throw new FieldError('banks', banks, `auto or a power of two in [1, ${MAX_BANKS}]`);
  }
  const accumulator = cfg.accumulator ?? DEFAULT_ACCUMULATOR;
  if (accumulator !== 'sram' && accumulator !== 'none')
    throw new FieldError('accumulator', accumulator, 'sram or none');
  const sramCell = cfg.sramCell ?? cfg.roadmap;
  if (!CELL_LEAKAGE_CLASSES.includes(sramCell))
    throw new FieldError('sramCell', sramCell, CELL_LEAKAGE_CLASSES.join(', '));
  const temperatureK = checkRange(
    'temperatureK',
    cfg.temperatureK ?? DEFAULT_TEMPERATURE_K,
    ARRAY_LIMITS.minTemperatureK,
    ARRAY_LIMITS.maxTemperatureK,
    'K',
  );
  const switching = byClass((c) => {
    const d = cfg.switchingByDirection?.[c];
    if (d) {
      const p2ap = checkRange(`switchingByDirection.${c}.p2ap`, d.p2ap, 0, 1);
      const ap2p = checkRange(`switchingByDirection.${c}.ap2p`, d.ap2p, 0, 1);
      checkRange(`switchingByDirection.${c} (p2ap + ap2p)`, p2ap + ap2p, 0, 1);
      return { p2ap, ap2p };
    }
    const v = checkRange(`switchingFraction.${c}`, cfg.switchingFraction?.[c] ?? DEFAULT_SWITCHING_FRACTION[c], 0, 1);
    return { p2ap: v / 2, ap2p: v / 2 };
  });
  for (const c of TENSOR_CLASSES) {
    const pr = cfg.protect?.[c];
    if (pr !== undefined && !PROTECTIONS.includes(pr)) throw new FieldError(`protect.${c}`, pr, PROTECTIONS.join(', '));
  }
  if (cfg.dataflowChoice !== undefined && cfg.dataflowChoice !== 'best')
    throw new FieldError('dataflowChoice', cfg.dataflowChoice, 'best (or absent)');
  const nominalWrite = cfg.nominalWrite ?? DEFAULT_NOMINAL_WRITE;
  // One access transistor: its width sets the MRAM cell's footprint and, unless overridden, the resistance
  // the device sees (sized for the nominal write when 'auto'; src/models/system/access-sizing.ts).
  const access = mramAccess({
    device: cfg.device ?? defaultDeviceParams,
    nominalWrite,
    nodeNm: cfg.nodeNm,
    roadmap: cfg.roadmap,
    temperatureK,
    widthF: cfg.accessWidthF ?? 'auto',
  });
  const rAccess =
    cfg.accessResistanceOhm === undefined || cfg.accessResistanceOhm === 'array'
      ? access.resistanceOhm
      : checkRange('accessResistanceOhm', cfg.accessResistanceOhm, 0, 1e6, 'ohm');
  const device: DeviceParams = {
    ...(cfg.device ?? defaultDeviceParams),
    temperatureK,
    accessResistanceOhm: rAccess,
  };
  const mt: MemoryTechConfig = {
    nodeNm: cfg.nodeNm,
    roadmap: cfg.roadmap,
    target: cfg.target ?? 'read-edp',
    wordBits: cfg.arrayWordBits ?? DEFAULT_ARRAY_WORD_BITS,
    nominalWrite,
    relaxedWrite: cfg.relaxedWrite ?? DEFAULT_RELAXED_WRITE,
    device,
    mramCell: access.cell,
    temperatureK,
  };
  mt.keys = techKeys(mt);
  const wp = (w: { voltageV: number; pulseWidthS: number }): WritePointSummary => {
    const e = evaluateWrite(device, w.voltageV, w.pulseWidthS);
    return { ...w, werPToAp: e.wer.pToAp, werApToP: e.wer.apToP, energyPerBitJ: e.writeEnergyJ.average };
  };
  const uses = (k: MemoryKind) => TENSOR_CLASSES.some((c) => cfg.placement[c] === k);
  const writePoints: SystemResult['writePoints'] = {
    ...(uses('mram-nominal') ? { nominal: wp(mt.nominalWrite) } : {}),
    ...(uses('mram-relaxed') ? { relaxed: wp(mt.relaxedWrite) } : {}),
    ...(uses('sot-mram') ? { sot: sotWritePoint(temperatureK) } : {}),
  };
  const warnings: string[] = [];
  const nomWer = writePoints.nominal ? Math.max(writePoints.nominal.werPToAp, writePoints.nominal.werApToP) : 0;
  if (nomWer > NOMINAL_WER_WARNING) {
    warnings.push(
      `the nominal write (${mt.nominalWrite.voltageV} V, ${mt.nominalWrite.pulseWidthS * 1e9} ns) fails with probability ${nomWer.toPrecision(2)} through a ${Math.round(rAccess)} ohm access transistor${access.sized && !access.met ? ` (the widest, ${ACCESS_WIDTH_MAX_F} F, is not enough)` : ''} at ${temperatureK} K: its energy is that of unreliable writes (raise the nominal voltage or pulse, widen the access transistor, or set the access resistance)`,
    );
  }
  const sotWer = writePoints.sot ? Math.max(writePoints.sot.werPToAp, writePoints.sot.werApToP) : 0;
  if (writePoints.sot && sotWer > NOMINAL_WER_WARNING) {
    warnings.push(
      `the SOT-MRAM write (${writePoints.sot.voltageV} V, ${writePoints.sot.pulseWidthS * 1e9} ns) fails with probability ${sotWer.toPrecision(2)} at ${temperatureK} K: its energy is that of unreliable writes (its write point is in src/models/tech/sot-mram/params.ts)`,
    );
  }
  const mac = macEnergyJ(precision, cfg.nodeNm);
  const gating = cfg.gating ?? DEFAULT_GATING;
  const base: Omit<SystemCosts, 'memory'> = {
    macEnergyJ: mac,
    dramEnergyPerByteJ: dramE,
    dramBandwidthBytesPerS: bw,
    clockHz,
    ...(gating
      ? { gating: { breakEvenS: WAKE_BREAK_EVEN_CYCLES / clockHz, wakeLatencyS: WAKE_LATENCY_CYCLES / clockHz } }
      : {}),
  };
  const rbw = cfg.readBeforeWrite ?? DEFAULT_READ_BEFORE_WRITE;
  const rs: Resolved = {
    mt,
    base,
    elemBits: ELEMENT_BYTES[precision] * 8,
    banks,
    accumulator,
    memOpts: (c) => ({
      sramCell,
      readBeforeWrite: rbw,
      switching: switching[c],
      protectedBits: PROTECTED_BITS[precision][cfg.protect?.[c] ?? 'none'],
    }),
  };

  const s = design(cfg, net, ALL_SRAM, cfg.capacity, rs, model);
  if (!s.ok) return s;
  const fixedCaps: CapacitySpec = { perClassBytes: { ...s.t.capacityBytes } };
  const ic = design(cfg, net, cfg.placement, fixedCaps, rs, model, cfg.dataflowChoice === 'best' ? undefined : s.t);
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
  const ia = design(cfg, net, cfg.placement, { perClassBytes: areaCaps }, rs, model);
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
    temperatureK,
    accessResistanceOhm: rAccess,
    access: { widthF: access.widthF, sized: access.sized, cellAreaF2: access.cell.areaF2 },
    writePoints,
    warnings,
  };
}

export type { MemoryKind, MacPrecision, DramKind, CellLeakageClass };
export {
  explainSystem,
  systemFlagsFor,
  sensitivityChanges,
  LADDER,
  REFERENCE_BAND,
  type Explanation,
  type LadderStep,
  type SensitivityItem,
} from './explain.ts';
