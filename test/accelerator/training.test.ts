/**
 * Hand-derived tests of the training GEMMs: shapes, counts, tensor classes, update and DRAM model.
 * Every expected number is derived in the comments from the layer shape, not from running the code.
 */
import { describe, expect, it } from 'vitest';
import {
  autoSplit,
  getNetwork,
  layerGemms,
  simulateTraining,
  systolicGemm,
  type ConvLayer,
  type Network,
} from '../../src/models/accelerator/index.ts';

// Conv 4 x 4 input, 3 x 3 filter, 2 -> 3 channels, stride 1, pad 1 ('same'): output 4 x 4.
const small: ConvLayer = {
  kind: 'conv',
  name: 'c',
  inH: 4,
  inW: 4,
  kH: 3,
  kW: 3,
  cin: 2,
  cout: 3,
  strideH: 1,
  strideW: 1,
  padH: 1,
  padW: 1,
  groups: 1,
};

describe('training GEMM shapes (batch 2, small conv)', () => {
  const g = layerGemms(small, 2);
  it('forward: M = 2 x 16, K = 9 x 2, N = 3', () => {
    expect([g.forward.M, g.forward.K, g.forward.N]).toEqual([32, 18, 3]);
    expect([g.forward.operandA, g.forward.operandB, g.forward.output]).toEqual([
      'activations',
      'weights',
      'activations',
    ]);
  });
  it('backwardData: M = 2 x 16 input pixels, K = 9 x 3, N = 2', () => {
    expect([g.backwardData.M, g.backwardData.K, g.backwardData.N]).toEqual([32, 27, 2]);
    expect([g.backwardData.operandA, g.backwardData.operandB, g.backwardData.output]).toEqual([
      'errors',
      'weights',
      'errors',
    ]);
  });
  it('weightGradient: M = 18, K = 32, N = 3', () => {
    expect([g.weightGradient.M, g.weightGradient.K, g.weightGradient.N]).toEqual([18, 32, 3]);
    expect([g.weightGradient.operandA, g.weightGradient.operandB, g.weightGradient.output]).toEqual([
      'activations',
      'errors',
      'weightGradients',
    ]);
  });
  it('all three GEMMs do the same 1728 MACs (32 x 18 x 3)', () => {
    for (const p of ['forward', 'backwardData', 'weightGradient'] as const) {
      expect(g[p].M * g[p].N * g[p].K * g[p].instances).toBe(1728);
    }
  });
  it('stride 2: backwardData has ceil(3/2)^2 = 4 taps per output channel', () => {
    const s2: ConvLayer = { ...small, inH: 5, inW: 5, strideH: 2, strideW: 2, padH: 0, padW: 0 };
    const b = layerGemms(s2, 1).backwardData;
    expect([b.M, b.K, b.N]).toEqual([25, 4 * 3, 2]);
  });
  it('depthwise: groups = channels gives one 9 x 1 GEMM per channel', () => {
    const dw: ConvLayer = { ...small, cin: 4, cout: 4, groups: 4 };
    const f = layerGemms(dw, 1).forward;
    expect([f.M, f.K, f.N, f.instances]).toEqual([16, 9, 1, 4]);
  });
  it('attention scores: dB slot is an error, one GEMM per sample and head', () => {
    const net = getNetwork('bert-base')!;
    const s = layerGemms(
      net.layers.find((l) => l.name === 'scores_qk')!,
      2,
    );
    expect([s.forward.M, s.forward.K, s.forward.N, s.forward.instances]).toEqual([128, 64, 128, 24]);
    expect(s.weightGradient.output).toBe('errors');
    expect(s.forward.operandB).toBe('activations');
  });
});

describe('counts on a 4 x 4 output-stationary array', () => {
  const net: Network = {
    id: 't',
    name: 't',
    citation: 'test',
    layers: [
      { ...small, name: 'l1' },
      { ...small, name: 'l2', cin: 3 },
    ],
  };
  const r = simulateTraining({
    network: net,
    batch: 2,
    array: { rows: 4, cols: 4, dataflow: 'os' },
    capacity: { totalBytes: 1 << 20 },
  });
  if (!r.ok) throw new Error(r.reason);
  const l1 = r.layers[0]!;
  it('forward: Sr = 32 -> 8 row folds, 1 col fold; 8 x (18 + 4 + 4 - 2) - 1 = 191 cycles', () => {
    expect(l1.forward.computeCycles).toBe(191);
    expect(l1.forward.ifmapSramReads).toBe(32 * 18); // M K x 1 col fold
    expect(l1.forward.filterSramReads).toBe(18 * 3 * 8); // K N x 8 row folds
    expect(l1.forward.ofmapSramWritesActual).toBe(96);
    expect(l1.forward.ofmapSramWrites).toBe(96 + 8 * (4 + 4));
    expect(l1.forward.accesses.activations).toEqual({ reads: 576, writes: 96 });
    expect(l1.forward.accesses.weights).toEqual({ reads: 432, writes: 0 });
  });
  it('backwardData: 8 folds x (27 + 6) - 1 = 263 cycles; errors read 864, written 64', () => {
    expect(l1.backwardData.computeCycles).toBe(263);
    expect(l1.backwardData.accesses.errors).toEqual({ reads: 32 * 27, writes: 64 });
    expect(l1.backwardData.accesses.weights.reads).toBe(27 * 2 * 8);
  });
  it('weightGradient: ceil(18/4) = 5 folds x (32 + 6) - 1 = 189 cycles', () => {
    expect(l1.weightGradient.computeCycles).toBe(189);
    expect(l1.weightGradient.accesses.activations.reads).toBe(18 * 32);
    expect(l1.weightGradient.accesses.errors.reads).toBe(32 * 3 * 5);
    expect(l1.weightGradient.accesses.weightGradients.writes).toBe(54);
  });
  it("the first layer's backwardData is not counted; the update reads W and dW and writes W", () => {
    expect(l1.backwardDataCounted).toBe(false);
    // params: l1 9 x 2 x 3 = 54, l2 9 x 3 x 3 = 81 -> 135
    expect(r.params).toBe(135);
    expect(r.totals.updateAccesses.weights).toEqual({ reads: 135, writes: 135 });
    expect(r.totals.updateAccesses.weightGradients.reads).toBe(135);
    // MACs: l1 fwd + wgrad = 2 x 1728; l2 (cin 3): 32 x 27 x 3 = 2592 per GEMM x 3
    expect(r.totals.macs).toBe(2 * 1728 + 3 * 2592);
    expect(r.totals.updateCycles).toBe(Math.ceil(135 / 4));
  });
});

describe('weight- and input-stationary partial sums', () => {
  it('ws: K = 18 over 4 rows = 5 row folds -> outputs written 5 times, read back 4 times', () => {
    const c = systolicGemm(32, 3, 18, 4, 4, 'ws');
    expect(c.rowFolds).toBe(5);
    expect(c.ofmapSramWritesActual).toBe(96 * 5);
    expect(c.ofmapSramReads).toBe(96 * 4);
    expect(c.filterSramReads).toBe(54); // each weight once
    expect(c.cycles).toBe(5 * 1 * (2 * 4 + 4 + 32 - 2) - 1);
  });
  it('is: each input read once; filter K N x ceil(M / C) column folds', () => {
    const c = systolicGemm(32, 3, 18, 4, 4, 'is');
    expect(c.ifmapSramReads).toBe(32 * 18);
    expect(c.filterSramReads).toBe(18 * 3 * 8);
    expect(c.cycles).toBe(5 * 8 * (2 * 4 + 4 + 3 - 2) - 1);
  });
});

describe('capacity and DRAM model (MLP 64-32-10, batch 4, 2-byte words)', () => {
  const net = getNetwork('mlp-digits')!;
  // params 64*32 + 32*10 = 2368 -> 4736 B. Activations: stored inputs 256 + 128 (+ output 40) = 424 el
  // = 848 B. Errors: max(128 + 0 (first layer dX not needed), 40 + 128) = 168 el = 336 B.
  // Weight gradients (per-layer update): max(2048, 320) = 2048 el = 4096 B.
  const r = simulateTraining({
    network: net,
    batch: 4,
    array: { rows: 8, cols: 8, dataflow: 'ws' },
    wordBytes: 2,
    capacity: { perClassBytes: { weights: 4096, activations: 1000, errors: 0, weightGradients: 4096 } },
  });
  if (!r.ok) throw new Error(r.reason);
  it('peak demand per class', () => {
    expect(r.peakDemandBytes).toEqual({ weights: 4736, activations: 848, errors: 336, weightGradients: 4096 });
    expect(r.peakOnChipBytes).toEqual({ weights: 4096, activations: 848, errors: 0, weightGradients: 4096 });
  });
  it('DRAM: weights excess 640 B read 3x, written once; input 512 B; errors spill 336 B out and back', () => {
    expect(r.dramReadBytes).toEqual({ weights: 1920, activations: 512, errors: 336, weightGradients: 0 });
    expect(r.dramWriteBytes).toEqual({ weights: 640, activations: 0, errors: 336, weightGradients: 0 });
    expect(r.dramTotalBytes).toBe(1920 + 640 + 512 + 672);
    // fills: DRAM reads become SRAM writes (elements = bytes / 2)
    expect(r.totals.dramFillAccesses.weights).toEqual({ reads: 320, writes: 960 });
  });
  it('auto split: water-filling meets the small demands first', () => {
    expect(autoSplit(1000, { weights: 100, activations: 2000, errors: 300, weightGradients: 50 })).toEqual({
      weights: 100,
      activations: 550,
      errors: 300,
      weightGradients: 50,
    });
    // more than enough: leftover 400 shared in proportion to demand (100, 200, 100, 0 of 400 total)
    expect(autoSplit(800, { weights: 100, activations: 200, errors: 100, weightGradients: 0 })).toEqual({
      weights: 200,
      activations: 400,
      errors: 200,
      weightGradients: 0,
    });
  });
});
