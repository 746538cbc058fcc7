/**
 * System energy: the formula with injected costs (hand-computed), the iso-area sizing with a fake
 * array model, and one run through the real array model.
 */
import { describe, expect, it } from 'vitest';
import { getNetwork, simulateTraining } from '../../src/models/accelerator/index.ts';
import type { ArrayInput, ArrayResult } from '../../src/models/array/index.ts';
import type { ModelResult } from '../../src/models/result.ts';
import {
  ALL_MRAM_NOMINAL,
  DEFAULT_SYSTEM_CONFIG,
  evaluateSystem,
  macEnergyJ,
  stepEnergy,
  type ArrayModel,
  type MemCost,
} from '../../src/models/system/index.ts';

describe('stepEnergy multiplies counts by costs', () => {
  const t = simulateTraining({
    network: getNetwork('mlp-mnist')!,
    batch: 8,
    array: { rows: 8, cols: 8, dataflow: 'os' },
    capacity: { totalBytes: 65536 },
  });
  if (!t.ok) throw new Error(t.reason);
  const mem = (leak: number): MemCost => ({
    kind: 'sram',
    capacityBytes: 1,
    readEnergyPerElemJ: 1e-12,
    writeEnergyPerElemJ: 2e-12,
    leakageW: leak,
    areaMm2: 0.5,
    readLatencyS: 1e-9,
    writeLatencyS: 1e-9,
  });
  const costs = {
    macEnergyJ: 0.5e-12,
    dramEnergyPerByteJ: 10e-12,
    dramBandwidthBytesPerS: 1e15,
    clockHz: 1e9,
    memory: { weights: mem(1e-3), activations: mem(2e-3), errors: mem(0), weightGradients: mem(0) },
    // The plain formula: memory busy time left out of the step time (tested in acceptance.test.ts).
    memoryBound: false,
  };
  const e = stepEnergy(t, costs);
  it('E = MACs x 0.5 pJ + reads x 1 pJ + writes x 2 pJ + 3 mW x cycles / 1 GHz + DRAM bytes x 10 pJ', () => {
    const a = t.totals.accesses;
    const reads = a.weights.reads + a.activations.reads + a.errors.reads + a.weightGradients.reads;
    const writes = a.weights.writes + a.activations.writes + a.errors.writes + a.weightGradients.writes;
    const runtime = t.totals.cycles / 1e9;
    const expected =
      t.totals.macs * 0.5e-12 + reads * 1e-12 + writes * 2e-12 + 3e-3 * runtime + t.dramTotalBytes * 10e-12;
    expect(e.runtimeS).toBeCloseTo(runtime, 15);
    expect(e.energyPerStepJ).toBeCloseTo(expected, 15);
    expect(e.breakdown.leakage).toBeCloseTo(3e-3 * runtime, 15);
    expect(e.byClass.activations.leakage).toBeCloseTo(2e-3 * runtime, 15);
    expect(e.areaMm2).toBe(2);
  });
  it('a DRAM-bound step takes DRAM bytes / bandwidth', () => {
    const slow = stepEnergy(t, { ...costs, dramBandwidthBytesPerS: 1 });
    expect(slow.runtimeS).toBe(t.dramTotalBytes);
  });
});

// Fake array: SRAM and MRAM identical per access; SRAM leaks 1 mW per 64 KiB, MRAM nothing;
// MRAM area per byte is 1/3 of SRAM's.
const fake: ArrayModel = {
  evaluateArray(input: ArrayInput): ModelResult<ArrayResult> {
    const units = input.capacityBytes / 65536;
    const sram = input.tech === 'sram';
    return {
      ok: true,
      areaMm2: units * (sram ? 0.3 : 0.1),
      readLatencyS: 1e-9,
      writeLatencyS: 1e-9,
      readEnergyJ: 4e-12,
      writeEnergyJ: 4e-12,
      leakageW: sram ? units * 1e-3 : 0,
      capacityBytes: input.capacityBytes,
      wordBits: input.wordBits,
      tech: input.tech,
    } as ArrayResult & { ok: true };
  },
};

describe('evaluateSystem with an injected array model', () => {
  // One bank, no accumulator, no gating, plain writes: the formula of the header, so the only
  // difference between the designs is the SRAM leakage.
  const cfg = {
    ...DEFAULT_SYSTEM_CONFIG,
    network: 'resnet18',
    placement: ALL_MRAM_NOMINAL,
    capacity: { totalBytes: 4 * 1024 * 1024 },
    banks: 1,
    accumulator: 'none' as const,
    gating: false,
    readBeforeWrite: false,
  };
  const r = evaluateSystem(cfg, fake);
  if (!r.ok) throw new Error(r.reason);
  it('iso-capacity: the only difference is SRAM leakage (4 MiB = 64 units x 1 mW = 64 mW x runtime)', () => {
    expect(r.isoCapacity.runtimeS).toBe(r.sram.runtimeS);
    expect(r.sram.energyPerStepJ - r.isoCapacity.energyPerStepJ).toBeCloseTo(64e-3 * r.sram.runtimeS, 12);
    expect(r.ratioIsoCapacity).toBeGreaterThan(1);
  });
  it('iso-area: MRAM gets 3x the capacity of each class (area per byte 0.1 vs 0.3)', () => {
    for (const c of ['weights', 'activations', 'errors', 'weightGradients'] as const) {
      expect(r.isoArea.capacityBytes[c]).toBe(Math.floor(r.sram.capacityBytes[c] * 3));
    }
    expect(r.isoArea.dramTotalBytes).toBeLessThan(r.sram.dramTotalBytes);
    expect(r.isoArea.areaMm2).toBeCloseTo(r.sram.areaMm2, 6);
  });
  it('MAC energy: bf16 at 45 nm is 1.1 + 0.9 pJ (Horowitz 2014)', () => {
    expect(macEnergyJ('bf16', 45)).toBeCloseTo(2e-12, 18);
  });
});

describe('evaluateSystem with the real array model', () => {
  it('gives a finite ratio, MRAM denser than SRAM with the 54 F^2 sample cell, relaxed writes cheaper than nominal', () => {
    // The NVSim sample cell (8 F transistor, 54 F^2) is 2.7x smaller than the 146 F^2 SRAM cell: the MRAM array
    // of the same area holds more, periphery included.
    const cell8 = { ...DEFAULT_SYSTEM_CONFIG, network: 'lenet', capacity: { totalBytes: 1 << 20 }, accessWidthF: 8 };
    const r = evaluateSystem(cell8);
    if (!r.ok) throw new Error(r.reason);
    expect(Number.isFinite(r.ratio)).toBe(true);
    expect(r.isoArea.capacityBytes.activations).toBeGreaterThan(r.sram.capacityBytes.activations);
    // A wider transistor makes a larger cell: the sized default (about 21 F at 22 nm LOP) holds less in that area.
    const sized = evaluateSystem({ ...cell8, accessWidthF: 'auto' });
    if (!sized.ok) throw new Error(sized.reason);
    expect(sized.access.widthF).toBeGreaterThan(8);
    expect(sized.isoArea.capacityBytes.activations).toBeLessThan(r.isoArea.capacityBytes.activations);
    const relaxed = evaluateSystem({
      ...cell8,
      placement: {
        weights: 'mram-relaxed',
        activations: 'mram-relaxed',
        errors: 'mram-relaxed',
        weightGradients: 'mram-relaxed',
      },
    });
    if (!relaxed.ok) throw new Error(relaxed.reason);
    expect(relaxed.isoCapacity.breakdown.write).toBeLessThan(r.isoCapacity.breakdown.write);
  });
});
