/**
 * Public types of the accelerator layer: workloads, array configuration and the access counts of a
 * training step on a systolic array. Counts only (elements, cycles); no energy here.
 */

/** Systolic dataflow: output-, weight- or input-stationary (SCALE-Sim's os/ws/is). */
export type Dataflow = 'os' | 'ws' | 'is';
export const DATAFLOWS: readonly Dataflow[] = ['os', 'ws', 'is'];

/** Tensor classes counted separately in a training step. */
export type TensorClass = 'weights' | 'activations' | 'errors' | 'weightGradients';
export const TENSOR_CLASSES: readonly TensorClass[] = ['weights', 'activations', 'errors', 'weightGradients'];

/** The three GEMMs of a layer's training step. */
export type Pass = 'forward' | 'backwardData' | 'weightGradient';
export const PASSES: readonly Pass[] = ['forward', 'backwardData', 'weightGradient'];

/** A 2-D convolution (fully connected = 1 x 1 input and filter). Shapes are per sample. */
export interface ConvLayer {
  kind: 'conv';
  name: string;
  /** Input height and width, pixels (before padding). */
  inH: number;
  inW: number;
  /** Filter height and width, pixels. */
  kH: number;
  kW: number;
  /** Input and output channels (whole layer, all groups). */
  cin: number;
  cout: number;
  strideH: number;
  strideW: number;
  /** Zero padding on each side, pixels. */
  padH: number;
  padW: number;
  /** Channel groups (1 = dense, cin = depthwise). */
  groups: number;
  /**
   * Output size rounding: false = floor((H + 2p - k) / s) + 1 (PyTorch); true = SCALE-Sim's
   * ceil((H - k + s) / s) (set for layers imported from a SCALE-Sim topology).
   */
  ceilMode?: boolean;
}

/**
 * A matrix product Y[M x N] = A[M x K] B[K x N] per sample and per head. With secondOperand
 * 'weights' (a linear layer over a sequence) the batch folds into M; with 'activations' (attention
 * scores Q K^T, context P V) every sample and head is an independent GEMM.
 */
export interface MatmulLayer {
  kind: 'matmul';
  name: string;
  M: number;
  N: number;
  K: number;
  /** Independent GEMMs per sample (attention heads); 1 for a linear layer. */
  heads: number;
  secondOperand: 'weights' | 'activations';
}

export type Layer = ConvLayer | MatmulLayer;

/** A network: an ordered list of layers (pooling, normalisation and activations run off the array). */
export interface Network {
  /** Short id, e.g. 'resnet18'. */
  id: string;
  name: string;
  /** Where the shapes come from. */
  citation: string;
  /** Notes on choices made (input size, sequence length, ...). */
  notes?: string;
  layers: Layer[];
}

/** The systolic array and its scratchpad as the accelerator layer sees it. */
export interface ArrayConfig {
  /** Processing-element rows and columns. */
  rows: number;
  cols: number;
  dataflow: Dataflow;
}

/** Reads and writes of one tensor class, in elements. */
export interface ClassAccesses {
  reads: number;
  writes: number;
}
export type AccessesByClass = Record<TensorClass, ClassAccesses>;

/** One GEMM of a training step, its operands' tensor classes and its counts on the array. */
export interface GemmResult {
  pass: Pass;
  /** GEMM dimensions of one instance: [M x K] x [K x N]. */
  M: number;
  N: number;
  K: number;
  /** Independent identical instances (groups x heads x samples for attention). */
  instances: number;
  /** Tensor classes of the streamed operand A (SCALE-Sim's ifmap), B (filter) and the output. */
  operandA: TensorClass;
  operandB: TensorClass;
  output: TensorClass;
  /** Multiply-accumulates, all instances. */
  macs: number;
  /** Cycles on the array, all instances (SCALE-Sim total_cycles convention, summed over instances). */
  computeCycles: number;
  /** Row and column folds of one instance. */
  rowFolds: number;
  colFolds: number;
  /** MACs / (rows x cols x computeCycles), as SCALE-Sim's overall utilisation (fraction). */
  overallUtil: number;
  /** Mean over folds of used PEs / all PEs (SCALE-Sim mapping efficiency, fraction). */
  mappingEff: number;
  /** Mean over folds of compute cycles / fold cycles (SCALE-Sim compute utilisation, fraction). */
  computeUtil: number;
  /** SRAM reads of operand A, elements (SCALE-Sim sram_ifmap_reads). */
  ifmapSramReads: number;
  /** SRAM reads of operand B, elements (SCALE-Sim sram_filter_reads). */
  filterSramReads: number;
  /** SRAM writes of the output as SCALE-Sim v2 reports them (includes its OS per-fold artefact). */
  ofmapSramWrites: number;
  /** Output writes actually needed: outputs x partial-sum folds (no per-fold artefact). */
  ofmapSramWritesActual: number;
  /** Partial-sum reads for accumulation across folds of K (ws/is), elements; 0 for os. */
  ofmapSramReads: number;
  /** Scratchpad accesses of this GEMM by tensor class (actual counts, used for energy). */
  accesses: AccessesByClass;
  /** Dataflow this GEMM ran with (the array's, or the one chosen per GEMM). */
  dataflow: Dataflow;
  /**
   * Accumulator-buffer accesses, elements (0 without an accumulator, and for os, whose PEs accumulate
   * in place): every partial sum written, read back to accumulate, and each final output read out once.
   */
  accumulatorReads: number;
  accumulatorWrites: number;
}

/** One layer's training step. */
export interface LayerResult {
  name: string;
  kind: Layer['kind'];
  forward: GemmResult;
  backwardData: GemmResult;
  weightGradient: GemmResult;
  /** False for the first layer's backwardData, which training does not need (not in totals). */
  backwardDataCounted: boolean;
  /** Trainable parameters of the layer. */
  params: number;
  /** Input and output activation elements for the whole minibatch. */
  inputElems: number;
  outputElems: number;
}
