/**
 * Accelerator layer: a systolic array running a training step (forward, backward-data and
 * weight-gradient GEMMs per layer, plus the weight update), with scratchpad accesses per tensor
 * class, capacity, peak footprint and DRAM traffic. Counts only; costs live in src/models/system.
 */
import { FieldError, checkRange } from '../errors.ts';
import type { ModelResult } from '../result.ts';
import { infeasible } from '../result.ts';
import { autoSplit, byClass, type ByClass } from './capacity.ts';
import { systolicGemm, type SystolicCounts } from './systolic.ts';
import type {
  AccessesByClass,
  ArrayConfig,
  Dataflow,
  GemmResult,
  LayerResult,
  Network,
  Pass,
  TensorClass,
} from './types.ts';
import { DATAFLOWS, PASSES, TENSOR_CLASSES } from './types.ts';
import { layerActivationElems, layerGemms, layerParams, validateLayer, type GemmShape } from './workload.ts';

export * from './types.ts';
export { systolicGemm, type SystolicCounts } from './systolic.ts';
export { autoSplit, byClass, type ByClass } from './capacity.ts';
export {
  convOutputSize,
  layerGemms,
  layerParams,
  layerActivationElems,
  validateLayer,
  type GemmShape,
} from './workload.ts';
export { NETWORK_IDS, getNetwork } from './networks.ts';
export {
  parseTopologyCsv,
  exportTopologyCsv,
  parseScaleSimCfg,
  exportScaleSimCfg,
  topologyFormat,
  DEFAULT_SCALESIM_CONFIG,
  type ScaleSimConfig,
} from './scalesim-io.ts';

/** Scratchpad capacity: per class, or a total split automatically by peak demand. */
export interface CapacitySpec {
  /** Bytes per class; a class left out gets 0 unless totalBytes is given. */
  perClassBytes?: Partial<Record<TensorClass, number>>;
  /** Total bytes, split by autoSplit() (used when perClassBytes is absent). */
  totalBytes?: number;
}

export interface TrainingInput {
  network: Network;
  /** Minibatch size. */
  batch: number;
  array: ArrayConfig;
  /** Scratchpad capacity (default: 4 MiB total, split automatically). */
  capacity?: CapacitySpec;
  /** Bytes per element in the scratchpad and DRAM (default 2: bf16). */
  wordBytes?: number;
  /** Count the first layer's backwardData GEMM (training does not need dX of the input; default false). */
  includeFirstBackwardData?: boolean;
  /** Accumulator buffer for partial sums (absent: partial sums go to the output class's scratchpad). */
  accumulator?: AccumulatorSpec;
  /** Dataflow per pass (overrides array.dataflow for that pass's GEMMs). */
  passDataflow?: Partial<Record<Pass, Dataflow>>;
  /**
   * Picks a GEMM's dataflow among the candidates (one GemmResult per dataflow in DATAFLOWS order);
   * returns the index. Used for a per-GEMM `best` choice by the system layer's energy.
   */
  chooseDataflow?: (candidates: GemmResult[]) => number;
}

/** Totals of a training step. */
export interface TrainingTotals {
  /** Multiply-accumulates of all counted GEMMs. */
  macs: number;
  /** Array cycles of all counted GEMMs. */
  gemmCycles: number;
  /** Cycles of the elementwise weight update (params / cols, on a cols-wide vector unit). */
  updateCycles: number;
  /** gemmCycles + updateCycles. */
  cycles: number;
  /** MACs and cycles by pass. */
  byPass: Record<Pass, { macs: number; cycles: number }>;
  /** Scratchpad accesses by class, elements: GEMMs + update + DRAM fills/drains. */
  accesses: AccessesByClass;
  /** Accesses of the weight update alone (read W and dW, write W). */
  updateAccesses: AccessesByClass;
  /** Accesses caused by DRAM fills (writes) and drains (reads). */
  dramFillAccesses: AccessesByClass;
  /** Accumulator-buffer accesses of all counted GEMMs, elements. */
  accumulator: { reads: number; writes: number };
  /** GEMMs that ran each dataflow (counted GEMMs only). */
  dataflowCount: Record<Dataflow, number>;
}

export interface TrainingResult {
  network: { id: string; name: string };
  batch: number;
  array: ArrayConfig;
  wordBytes: number;
  layers: LayerResult[];
  totals: TrainingTotals;
  /** Trainable parameters of the network. */
  params: number;
  /** Capacity per class, bytes, and whether it came from the automatic split. */
  capacityBytes: ByClass<number>;
  autoSplit: boolean;
  /** Peak bytes each class would need on chip to avoid all spills. */
  peakDemandBytes: ByClass<number>;
  /** Peak bytes each class actually holds on chip (min of demand and capacity). */
  peakOnChipBytes: ByClass<number>;
  /** DRAM bytes read and written per class per step. */
  dramReadBytes: ByClass<number>;
  dramWriteBytes: ByClass<number>;
  dramTotalBytes: number;
}

const zeroAcc = (): AccessesByClass => byClass(() => ({ reads: 0, writes: 0 }));

/**
 * Accumulator buffer between the array and the scratchpad (TPU-style, Jouppi et al. ISCA 2017): ws and is
 * split K across row folds, so each output is produced as rowFolds partial sums. With an accumulator the
 * partial sums stay in it and only the final output is written to the output class's scratchpad. The
 * accumulator holds `depth` streamed rows per array column, so a GEMM's streamed dimension (ws: M,
 * is: N) is tiled into blocks of `depth`; each block is a separate pass over the folds (the stationary
 * operand is reloaded per block, and each block pays its own fill and drain cycles).
 */
export interface AccumulatorSpec {
  /** Streamed rows held per array column (partial sums of one block). */
  depth: number;
}

function addCounts(a: SystolicCounts, b: SystolicCounts): SystolicCounts {
  return {
    ...a,
    folds: a.folds + b.folds,
    cycles: a.cycles + b.cycles,
    ifmapSramReads: a.ifmapSramReads + b.ifmapSramReads,
    filterSramReads: a.filterSramReads + b.filterSramReads,
    ofmapSramWrites: a.ofmapSramWrites + b.ofmapSramWrites,
    ofmapSramWritesActual: a.ofmapSramWritesActual + b.ofmapSramWritesActual,
    ofmapSramReads: a.ofmapSramReads + b.ofmapSramReads,
  };
}

/** Counts of one GEMM instance, tiled along the streamed dimension when an accumulator holds the partial sums. */
function tiledGemm(
  s: GemmShape,
  a: { rows: number; cols: number },
  df: Dataflow,
  acc: AccumulatorSpec | undefined,
): SystolicCounts {
  const whole = systolicGemm(s.M, s.N, s.K, a.rows, a.cols, df);
  if (!acc || df === 'os') return whole;
  const streamed = df === 'ws' ? s.M : s.N;
  const d = acc.depth;
  if (streamed <= d) return whole;
  const full = Math.floor(streamed / d);
  const rest = streamed - full * d;
  const one =
    df === 'ws' ? systolicGemm(d, s.N, s.K, a.rows, a.cols, df) : systolicGemm(s.M, d, s.K, a.rows, a.cols, df);
  let sum: SystolicCounts = {
    ...one,
    folds: one.folds * full,
    cycles: one.cycles * full,
    ifmapSramReads: one.ifmapSramReads * full,
    filterSramReads: one.filterSramReads * full,
    ofmapSramWrites: one.ofmapSramWrites * full,
    ofmapSramWritesActual: one.ofmapSramWritesActual * full,
    ofmapSramReads: one.ofmapSramReads * full,
  };
  if (rest > 0) {
    const r =
      df === 'ws' ? systolicGemm(rest, s.N, s.K, a.rows, a.cols, df) : systolicGemm(s.M, rest, s.K, a.rows, a.cols, df);
    sum = addCounts(sum, r);
  }
  const macs = s.M * s.N * s.K;
  sum.overallUtil = macs / (a.rows * a.cols * sum.cycles);
  return sum;
}

function gemmResult(s: GemmShape, a: ArrayConfig, df: Dataflow = a.dataflow, acc?: AccumulatorSpec): GemmResult {
  const c = tiledGemm(s, a, df, acc);
  const n = s.instances;
  const out = s.M * s.N;
  const useAcc = acc !== undefined && df !== 'os';
  const acz = zeroAcc();
  acz[s.operandA].reads += c.ifmapSramReads * n;
  acz[s.operandB].reads += c.filterSramReads * n;
  // With an accumulator only the final outputs reach the scratchpad; without, every partial sum is
  // written there and read back to accumulate.
  acz[s.output].writes += (useAcc ? out : c.ofmapSramWritesActual) * n;
  acz[s.output].reads += (useAcc ? 0 : c.ofmapSramReads) * n;
  return {
    pass: s.pass,
    M: s.M,
    N: s.N,
    K: s.K,
    instances: n,
    operandA: s.operandA,
    operandB: s.operandB,
    output: s.output,
    macs: s.M * s.N * s.K * n,
    computeCycles: c.cycles * n,
    rowFolds: c.rowFolds,
    colFolds: c.colFolds,
    overallUtil: c.overallUtil,
    mappingEff: c.mappingEff,
    computeUtil: c.computeUtil,
    ifmapSramReads: c.ifmapSramReads * n,
    filterSramReads: c.filterSramReads * n,
    ofmapSramWrites: c.ofmapSramWrites * n,
    ofmapSramWritesActual: c.ofmapSramWritesActual * n,
    ofmapSramReads: c.ofmapSramReads * n,
    accesses: acz,
    dataflow: df,
    accumulatorWrites: useAcc ? c.ofmapSramWritesActual * n : 0,
    accumulatorReads: useAcc ? (c.ofmapSramReads + out) * n : 0,
  };
}

/** Validates the inputs; throws FieldError. */
export function validateTrainingInput(inp: TrainingInput): void {
  checkRange('batch', inp.batch, 1, 1e6);
  if (!Number.isInteger(inp.batch)) throw new FieldError('batch', inp.batch, 'a positive integer');
  for (const f of ['rows', 'cols'] as const) {
    const v = inp.array[f];
    if (!Number.isInteger(v)) throw new FieldError(`array.${f}`, v, 'an integer in [1, 4096]');
    checkRange(`array.${f}`, v, 1, 4096);
  }
  if (!DATAFLOWS.includes(inp.array.dataflow))
    throw new FieldError('array.dataflow', inp.array.dataflow, 'os, ws or is');
  if (inp.wordBytes !== undefined) checkRange('wordBytes', inp.wordBytes, 0.125, 8);
  if (inp.accumulator !== undefined) {
    const d = inp.accumulator.depth;
    if (!Number.isInteger(d)) throw new FieldError('accumulator.depth', d, 'an integer in [1, 1000000]');
    checkRange('accumulator.depth', d, 1, 1e6);
  }
  for (const [pass, df] of Object.entries(inp.passDataflow ?? {})) {
    if (df !== undefined && !DATAFLOWS.includes(df)) throw new FieldError(`passDataflow.${pass}`, df, 'os, ws or is');
  }
  if (inp.network.layers.length === 0) throw new FieldError('network.layers', 0, 'at least one layer');
  inp.network.layers.forEach((l, i) => validateLayer(l, `network.layers[${i}]`));
  const cap = inp.capacity;
  if (cap?.totalBytes !== undefined) checkRange('capacity.totalBytes', cap.totalBytes, 0, 2 ** 40);
  for (const c of TENSOR_CLASSES) {
    const v = cap?.perClassBytes?.[c];
    if (v !== undefined) checkRange(`capacity.${c}`, v, 0, 2 ** 40);
  }
}

/** Default total scratchpad when none is given. */
export const DEFAULT_TOTAL_CAPACITY_BYTES = 4 * 1024 * 1024;

/**
 * Simulates one training step of `network` on the array: per-layer GEMM counts, totals, capacity,
 * footprint and DRAM traffic. Throws FieldError on bad input; infeasible only when no layer runs.
 */
export function simulateTraining(inp: TrainingInput): ModelResult<TrainingResult> {
  validateTrainingInput(inp);
  const { network, batch, array } = inp;
  const wb = inp.wordBytes ?? 2;
  const layers: LayerResult[] = [];
  const totals: TrainingTotals = {
    macs: 0,
    gemmCycles: 0,
    updateCycles: 0,
    cycles: 0,
    byPass: {
      forward: { macs: 0, cycles: 0 },
      backwardData: { macs: 0, cycles: 0 },
      weightGradient: { macs: 0, cycles: 0 },
    },
    accesses: zeroAcc(),
    updateAccesses: zeroAcc(),
    dramFillAccesses: zeroAcc(),
    accumulator: { reads: 0, writes: 0 },
    dataflowCount: { os: 0, ws: 0, is: 0 },
  };
  const acc = inp.accumulator;
  const gemmFor = (shape: GemmShape): GemmResult => {
    const forced = inp.passDataflow?.[shape.pass];
    if (forced) return gemmResult(shape, array, forced, acc);
    if (!inp.chooseDataflow) return gemmResult(shape, array, array.dataflow, acc);
    const cands = DATAFLOWS.map((df) => gemmResult(shape, array, df, acc));
    const i = inp.chooseDataflow(cands);
    return cands[i] ?? cands[0]!;
  };
  let params = 0;
  let storedSoFar = 0;
  let actPeak = 0;
  let errPeak = 0;
  let wgPeak = 0;
  const shapes: GemmShape[] = [];
  network.layers.forEach((l, i) => {
    const g = layerGemms(l, batch);
    const p = layerParams(l);
    const { inputElems, outputElems } = layerActivationElems(l, batch);
    const counted = i > 0 || inp.includeFirstBackwardData === true;
    const lr: LayerResult = {
      name: l.name,
      kind: l.kind,
      forward: gemmFor(g.forward),
      backwardData: gemmFor(g.backwardData),
      weightGradient: gemmFor(g.weightGradient),
      backwardDataCounted: counted,
      params: p,
      inputElems,
      outputElems,
    };
    layers.push(lr);
    for (const pass of PASSES) {
      if (pass === 'backwardData' && !counted) continue;
      const r = lr[pass];
      totals.macs += r.macs;
      totals.gemmCycles += r.computeCycles;
      totals.byPass[pass].macs += r.macs;
      totals.byPass[pass].cycles += r.computeCycles;
      totals.accumulator.reads += r.accumulatorReads;
      totals.accumulator.writes += r.accumulatorWrites;
      totals.dataflowCount[r.dataflow]++;
      for (const c of TENSOR_CLASSES) {
        totals.accesses[c].reads += r.accesses[c].reads;
        totals.accesses[c].writes += r.accesses[c].writes;
      }
      shapes.push(g[pass]);
    }
    params += p;
    storedSoFar += inputElems;
    actPeak = Math.max(actPeak, storedSoFar + outputElems);
    errPeak = Math.max(errPeak, outputElems + (counted ? inputElems : 0));
    wgPeak = Math.max(wgPeak, p);
  });
  // Weight update: read W, read dW, write W (plain SGD), on a cols-wide vector unit.
  totals.updateAccesses.weights.reads = params;
  totals.updateAccesses.weightGradients.reads = params;
  totals.updateAccesses.weights.writes = params;
  totals.updateCycles = Math.ceil(params / array.cols);
  totals.cycles = totals.gemmCycles + totals.updateCycles;

  const peakDemandBytes: ByClass<number> = {
    weights: params * wb,
    activations: actPeak * wb,
    errors: errPeak * wb,
    weightGradients: wgPeak * wb,
  };
  const spec = inp.capacity ?? { totalBytes: DEFAULT_TOTAL_CAPACITY_BYTES };
  const useAuto = spec.perClassBytes === undefined;
  const capacityBytes = useAuto
    ? autoSplit(spec.totalBytes ?? DEFAULT_TOTAL_CAPACITY_BYTES, peakDemandBytes)
    : byClass((c) => spec.perClassBytes?.[c] ?? 0);

  const rd = byClass(() => 0);
  const wr = byClass(() => 0);
  const excessW = Math.max(0, peakDemandBytes.weights - capacityBytes.weights);
  rd.weights += 3 * excessW;
  wr.weights += excessW;
  const first = layers[0]!;
  rd.activations += first.inputElems * wb;
  for (const c of ['activations', 'errors', 'weightGradients'] as const) {
    const spill = Math.max(0, peakDemandBytes[c] - capacityBytes[c]);
    rd[c] += spill;
    wr[c] += spill;
  }
  for (const s of shapes) {
    const bBytes = s.K * s.N * wb;
    const capB = capacityBytes[s.operandB];
    if (bBytes <= capB) continue;
    const nB = capB > 0 ? Math.ceil(bBytes / capB) : s.N;
    const aBytes = s.aElems * wb;
    if (aBytes > capacityBytes[s.operandA]) rd[s.operandA] += (nB - 1) * aBytes;
  }
  let dramTotal = 0;
  for (const c of TENSOR_CLASSES) {
    totals.dramFillAccesses[c].writes = rd[c] / wb;
    totals.dramFillAccesses[c].reads = wr[c] / wb;
    totals.accesses[c].reads += totals.updateAccesses[c].reads + totals.dramFillAccesses[c].reads;
    totals.accesses[c].writes += totals.updateAccesses[c].writes + totals.dramFillAccesses[c].writes;
    dramTotal += rd[c] + wr[c];
  }
  if (totals.macs === 0) return infeasible('the network has no GEMM work', { field: 'network' });
  return {
    ok: true,
    network: { id: network.id, name: network.name },
    batch,
    array: { ...array },
    wordBytes: wb,
    layers,
    totals,
    params,
    capacityBytes,
    autoSplit: useAuto,
    peakDemandBytes,
    peakOnChipBytes: byClass((c) => Math.min(peakDemandBytes[c], capacityBytes[c])),
    dramReadBytes: rd,
    dramWriteBytes: wr,
    dramTotalBytes: dramTotal,
  };
}
