/**
 * Closed-form counts of one GEMM [M x K] x [K x N] on an R x C systolic array, reproducing
 * SCALE-Sim v2's compute model (scalesim/compute/systolic_compute_{os,ws,is}.py and
 * memory/double_buffered_scratchpad_mem.py) without building its demand matrices.
 *
 * Derivation (read from SCALE-Sim v2's source; checked on the recorded runs in
 * src/reference/scalesim):
 * - Spatial/temporal mapping: os: Sr = M, Sc = N, T = K; ws: Sr = K, Sc = N, T = M;
 *   is: Sr = K, Sc = M, T = N. Folds: ceil(Sr / R) x ceil(Sc / C), each run to completion
 *   (fill, stream, drain) before the next starts.
 * - Demand-matrix rows per fold (one row = one cycle): os: (T - 1 + R) output rows, skewed by
 *   C - 1: T + R + C - 2. ws and is: R prefix (weights/inputs loaded) + T + (R + C - 2) suffix:
 *   2R + C + T - 2.
 * - total_cycles: the memory system services one demand row per cycle, starting at cycle 0,
 *   and reports the cycle of the last ofmap row: folds x rowsPerFold - 1 (no stalls with
 *   InterfaceBandwidth CALC, which is stall-free by construction).
 * - compute utilisation: mean over folds of usedRows x usedCols x T / (R C cyclesThisFold) with
 *   cyclesThisFold = os: T + R + C - 2; ws/is: 2R + 2C + T - 3 (SCALE-Sim adds C - 1 to the
 *   filter (ws) / ifmap (is) demand rows). The sum of usedRows x usedCols over folds is Sr x Sc,
 *   so the mean is Sr Sc T / (R C cyclesThisFold folds).
 * - SRAM counts (the compute module's request counters, which the report prints):
 *   os: ifmap M K x colFolds, filter K N x rowFolds, ofmap writes M N + folds x (R + C);
 *   ws: ifmap M K x colFolds, filter K N, ofmap M N x rowFolds;
 *   is: ifmap M K, filter K N x colFolds, ofmap M N x rowFolds.
 *   The OS term folds x (R + C) is SCALE-Sim's second `ofmap_writes +=` of the padded fold's
 *   shape[0] + shape[1] (issue #166, double increment). We reproduce it in `ofmapSramWrites`
 *   (so SCALE-Sim users can cross-check), but do NOT use it for energy: `ofmapSramWritesActual`
 *   = M N (os) is what the array writes.
 * - Partial sums: ws/is write every output once per row fold (K split across folds); SCALE-Sim
 *   counts only the writes. Accumulating a partial sum also needs a read, M N (rowFolds - 1),
 *   which we count in `ofmapSramReads` (not a SCALE-Sim column).
 */
import type { Dataflow } from './types.ts';

export interface SystolicCounts {
  sr: number;
  sc: number;
  t: number;
  rowFolds: number;
  colFolds: number;
  folds: number;
  /** SCALE-Sim total_cycles of one GEMM instance. */
  cycles: number;
  overallUtil: number;
  mappingEff: number;
  computeUtil: number;
  ifmapSramReads: number;
  filterSramReads: number;
  ofmapSramWrites: number;
  ofmapSramWritesActual: number;
  ofmapSramReads: number;
}

/** Counts of one GEMM instance (M x K times K x N) on an R x C array; all integers but the ratios. */
export function systolicGemm(M: number, N: number, K: number, R: number, C: number, df: Dataflow): SystolicCounts {
  let sr: number, sc: number, t: number;
  if (df === 'os') {
    sr = M;
    sc = N;
    t = K;
  } else if (df === 'ws') {
    sr = K;
    sc = N;
    t = M;
  } else {
    sr = K;
    sc = M;
    t = N;
  }
  const rowFolds = Math.ceil(sr / R);
  const colFolds = Math.ceil(sc / C);
  const folds = rowFolds * colFolds;
  const rowsPerFold = df === 'os' ? t + R + C - 2 : 2 * R + C + t - 2;
  const cycles = folds * rowsPerFold - 1;
  const cyclesThisFold = df === 'os' ? t + R + C - 2 : 2 * R + 2 * C + t - 3;
  const macs = M * N * K;
  const pes = R * C;
  const mn = M * N;
  let ifmap: number, filter: number, ofmapScaleSim: number, ofmapActual: number, psumReads: number;
  if (df === 'os') {
    ifmap = M * K * colFolds;
    filter = K * N * rowFolds;
    ofmapActual = mn;
    ofmapScaleSim = mn + folds * (R + C);
    psumReads = 0;
  } else if (df === 'ws') {
    ifmap = M * K * colFolds;
    filter = K * N;
    ofmapActual = mn * rowFolds;
    ofmapScaleSim = ofmapActual;
    psumReads = mn * (rowFolds - 1);
  } else {
    ifmap = M * K;
    filter = K * N * colFolds;
    ofmapActual = mn * rowFolds;
    ofmapScaleSim = ofmapActual;
    psumReads = mn * (rowFolds - 1);
  }
  return {
    sr,
    sc,
    t,
    rowFolds,
    colFolds,
    folds,
    cycles,
    overallUtil: macs / (pes * cycles),
    mappingEff: (sr * sc) / (pes * folds),
    computeUtil: (sr * sc * t) / (pes * cyclesThisFold * folds),
    ifmapSramReads: ifmap,
    filterSramReads: filter,
    ofmapSramWrites: ofmapScaleSim,
    ofmapSramWritesActual: ofmapActual,
    ofmapSramReads: psumReads,
  };
}
