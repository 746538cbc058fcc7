/**
 * Scratchpad capacity by tensor class, peak on-chip footprint across a training step, and a
 * first-order tiling model of the DRAM traffic when a class does not fit.
 *
 * Conventions (all per training step, steady state, word = `wordBytes` bytes):
 * - weights: the whole model stays on chip when it fits (no DRAM traffic: loading it once is
 *   amortised over training). The part that does not fit, excess = sum(W) - capacity, is streamed
 *   from DRAM at each use: read for the forward GEMM, read for backwardData, read and written at
 *   the update: 3 x excess read, 1 x excess written.
 * - activations: every layer's input is stored from its forward GEMM until its weightGradient
 *   GEMM reads it. Demand = max over layers l of (inputs of layers 1..l + output of l). What does
 *   not fit is written to DRAM in the forward pass and read back in the backward pass. The
 *   minibatch input is always read from DRAM once (compulsory).
 * - errors: live errors are the layer's dY and dX: demand = max over layers (dY + dX); excess is
 *   written out and read back once.
 * - weightGradients: the update runs right after each layer's weightGradient GEMM (fused,
 *   per layer), so demand = max over layers of the layer's dW; excess written and read back once.
 * - Re-streaming: when one instance's B operand (K x N) exceeds its class's capacity, it is split
 *   into nB = ceil(K N / capacity) column blocks and the A operand is streamed nB times; if A does
 *   not fit in its own class either, the (nB - 1) extra passes come from DRAM.
 * - Every DRAM read fills the scratchpad (one SRAM write per element) and every DRAM write drains
 *   it (one SRAM read per element); these fills/drains are added to the class's SRAM accesses.
 * This is not SCALE-Sim's double-buffer trace model (whose DRAM counts depend on a set-based
 * prefetch window, read_buffer_estimate_bw.py); see src/models/accelerator/README.md.
 */
import type { TensorClass } from './types.ts';
import { TENSOR_CLASSES } from './types.ts';

export type ByClass<T> = Record<TensorClass, T>;

export function byClass<T>(f: (c: TensorClass) => T): ByClass<T> {
  return {
    weights: f('weights'),
    activations: f('activations'),
    errors: f('errors'),
    weightGradients: f('weightGradients'),
  };
}

/**
 * Automatic split of a total capacity across classes by max-min fair water-filling on the peak
 * demands (the smallest demands are met in full first); capacity left after every demand is met
 * is shared in proportion to the demands.
 */
export function autoSplit(totalBytes: number, demandBytes: ByClass<number>): ByClass<number> {
  const out = byClass(() => 0);
  const order = [...TENSOR_CLASSES].sort((a, b) => demandBytes[a] - demandBytes[b]);
  let left = totalBytes;
  let n = order.length;
  for (const c of order) {
    const share = left / n;
    const give = Math.min(demandBytes[c], share);
    out[c] = give;
    left -= give;
    n--;
  }
  const sumDemand = TENSOR_CLASSES.reduce((s, c) => s + demandBytes[c], 0);
  if (left > 0) {
    for (const c of TENSOR_CLASSES)
      out[c] += sumDemand > 0 ? (left * demandBytes[c]) / sumDemand : left / TENSOR_CLASSES.length;
  }
  for (const c of TENSOR_CLASSES) out[c] = Math.floor(out[c]);
  return out;
}
