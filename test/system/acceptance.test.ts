/**
 * Acceptance tests of the system model's banks, accumulator, gating, read-before-write and protected
 * bits, each against an independent derivation written in the test (hand counts, or an inequality the
 * physics imposes), and the `system` CLI contract (keys, flags, named errors, --explain reproduction).
 */
import { describe, expect, it } from 'vitest';
import { TENSOR_CLASSES, getNetwork, simulateTraining, type Network } from '../../src/models/accelerator/index.ts';
import { accessTransistorOhm, type ArrayInput, type ArrayResult } from '../../src/models/array/index.ts';
import type { ModelResult } from '../../src/models/result.ts';
import {
  ALL_MRAM_NOMINAL,
  DEFAULT_SYSTEM_CONFIG,
  evaluateSystem,
  memCostFor,
  type ArrayModel,
  type MemoryTechConfig,
  type SystemConfig,
} from '../../src/models/system/index.ts';
import { switchingFromBitStats, systemCommand } from '../../src/cli/commands/system.ts';
import { defaultDeviceParams, evaluateWrite } from '../../src/models/device/index.ts';
import type { CliIO } from '../../src/cli/command.ts';
import { decodeConfig } from '../../src/schema/url.ts';

function fakeIO() {
  const out: string[] = [];
  const io: CliIO = {
    out: (t) => out.push(t),
    err: () => {},
    readFile: () => '',
    writeFile: () => {},
  };
  return { io, out };
}

/** One conv layer: 4 x 4 input, 3 x 3 filter, 8 -> 4 channels, padding 1 (output 4 x 4). */
const SMALL: Network = {
  id: 'small',
  name: 'small',
  citation: 'test',
  layers: [
    {
      kind: 'conv',
      name: 'c0',
      inH: 4,
      inW: 4,
      kH: 3,
      kW: 3,
      cin: 3,
      cout: 8,
      strideH: 1,
      strideW: 1,
      padH: 1,
      padW: 1,
      groups: 1,
    },
    {
      kind: 'conv',
      name: 'c1',
      inH: 4,
      inW: 4,
      kH: 3,
      kW: 3,
      cin: 8,
      cout: 4,
      strideH: 1,
      strideW: 1,
      padH: 1,
      padW: 1,
      groups: 1,
    },
  ],
};

describe('accumulator: only final outputs reach the scratchpad (hand count)', () => {
  // Layer c1, batch 2, 4 x 4 ws array. Forward: M = 2*4*4 = 32, K = 3*3*8 = 72, N = 4 -> 128 outputs,
  // rowFolds = ceil(72/4) = 18. BackwardData: M = 32, K = 3*3*4 = 36, N = 8 -> 256 outputs (dX), 9 folds.
  // WeightGradient: M = 72, K = 32, N = 4 -> 288 outputs (dW = 3*3*8*4), 8 folds.
  const run = (accumulator: boolean) => {
    const r = simulateTraining({
      network: SMALL,
      batch: 2,
      array: { rows: 4, cols: 4, dataflow: 'ws' },
      capacity: { totalBytes: 1 << 20 },
      ...(accumulator ? { accumulator: { depth: 4096 } } : {}),
    });
    if (!r.ok) throw new Error(r.reason);
    return r.layers[1]!;
  };
  it('with the accumulator, each GEMM writes its output elements once', () => {
    const l = run(true);
    expect(l.forward.accesses.activations.writes).toBe(128);
    expect(l.backwardData.accesses.errors.writes).toBe(256);
    expect(l.weightGradient.accesses.weightGradients.writes).toBe(288);
    expect(l.forward.accesses.activations.reads).toBe(l.forward.ifmapSramReads); // no partial-sum reads
    // Every partial sum goes to the accumulator: outputs x rowFolds = 128*18 = 256*9 = 288*8 = 2304.
    for (const g of [l.forward, l.backwardData, l.weightGradient]) {
      expect(g.accumulatorWrites).toBe(2304);
      expect(g.accumulatorReads).toBe(2304); // (folds - 1) accumulations + 1 read-out per output
    }
  });
  it('without it, every partial sum is written to the scratchpad (outputs x row folds)', () => {
    const l = run(false);
    expect(l.forward.accesses.activations.writes).toBe(128 * 18);
    expect(l.weightGradient.accesses.weightGradients.writes).toBe(288 * 8);
    expect(l.forward.accumulatorWrites).toBe(0);
  });
  it('a shallow accumulator tiles the streamed rows: ws reloads the weights once per tile', () => {
    const r = simulateTraining({
      network: SMALL,
      batch: 2,
      array: { rows: 4, cols: 4, dataflow: 'ws' },
      capacity: { totalBytes: 1 << 20 },
      accumulator: { depth: 8 },
    });
    if (!r.ok) throw new Error(r.reason);
    // Forward of c1: M = 32 in 4 tiles of 8: filter reads K*N per tile = 72*4*4 = 1152 (288 untiled).
    expect(r.layers[1]!.forward.filterSramReads).toBe(1152);
    expect(r.layers[1]!.forward.accesses.activations.writes).toBe(128);
  });
});

describe('banks and memory busy time (real array model)', () => {
  const cfg: SystemConfig = { ...DEFAULT_SYSTEM_CONFIG, network: 'resnet18', banks: 1 };
  const one = evaluateSystem(cfg);
  if (!one.ok) throw new Error(one.reason);
  it('with one bank, MRAM runtime >= the busiest class writes x write latency (one write at a time)', () => {
    const d = one.isoCapacity;
    for (const c of TENSOR_CLASSES) {
      const m = d.memory[c];
      const wordWrites = d.accesses[c].writes * (m.wordsPerElem ?? 1);
      expect(d.runtimeS).toBeGreaterThanOrEqual(wordWrites * m.writeLatencyS * (1 - 1e-12));
    }
    expect(d.boundBy.startsWith('memory:')).toBe(true);
  });
  it('adding banks never increases runtime', () => {
    let prev = { sram: Infinity, isoCapacity: Infinity, isoArea: Infinity };
    for (const banks of [1, 2, 4, 8, 16, 32, 64]) {
      const r = evaluateSystem({ ...cfg, banks });
      if (!r.ok) throw new Error(r.reason);
      for (const k of ['sram', 'isoCapacity', 'isoArea'] as const) {
        expect(r[k].runtimeS).toBeLessThanOrEqual(prev[k] * (1 + 1e-12));
      }
      prev = { sram: r.sram.runtimeS, isoCapacity: r.isoCapacity.runtimeS, isoArea: r.isoArea.runtimeS };
    }
  });
  it('auto banks keep every class within the compute time, or use the most banks', () => {
    const r = evaluateSystem({ ...cfg, banks: 'auto' });
    if (!r.ok) throw new Error(r.reason);
    for (const k of ['sram', 'isoCapacity'] as const) {
      for (const c of TENSOR_CLASSES) {
        if (r[k].banks[c] < 64) expect(r[k].memoryBusyS[c]).toBeLessThanOrEqual(r[k].computeTimeS);
      }
    }
  });
});

// Fake array: MRAM periphery leaks 1 mW per 64 KiB; per-access write energy split into parts so the
// driven-bit counts below can be done by hand. Nominal MRAM cells take 1 pJ/bit, relaxed 0.5 pJ/bit.
const fake: ArrayModel = {
  evaluateArray(input: ArrayInput): ModelResult<ArrayResult> {
    const units = input.capacityBytes / 65536;
    const sram = input.tech === 'sram';
    const relaxed = !sram && input.mramWrite!.voltageV < 0.85;
    const cellPerBit = sram ? 0.1e-12 : relaxed ? 0.5e-12 : 1e-12;
    const wb = {
      htree: 1e-12,
      decoder: 2e-12,
      bitline: 6.4e-12,
      senseOrCell: cellPerBit * input.wordBits,
      other: 0.6e-12,
    };
    return {
      ok: true,
      areaMm2: units * (sram ? 0.3 : 0.1),
      readLatencyS: 1e-9,
      writeLatencyS: sram ? 1e-9 : 10e-9,
      readEnergyJ: 3e-12,
      writeEnergyJ: wb.htree + wb.decoder + wb.bitline + wb.senseOrCell + wb.other,
      writeEnergyBreakdownJ: wb,
      leakageW: units * 1e-3,
      cellLeakageW: sram ? units * 0.5e-3 : 0,
      capacityBytes: input.capacityBytes,
      wordBits: input.wordBits,
      tech: input.tech,
    } as unknown as ArrayResult & { ok: true };
  },
};

const MT: MemoryTechConfig = {
  nodeNm: 22,
  roadmap: 'lop',
  target: 'read-edp',
  wordBits: 64,
  nominalWrite: { voltageV: 0.9, pulseWidthS: 10e-9 },
  relaxedWrite: { voltageV: 0.7, pulseWidthS: 5e-9 },
};

describe('writes that follow the data (hand counts of driven bits)', () => {
  it('read-before-write: one read + periphery + drivers and cells of the switching bits only', () => {
    // bf16 element (16 bits) in a 64-bit word: a quarter of each word-level part. Switching 25 % of the
    // bits (12.5 % each way): 4 driven bits x 1 pJ (the two directions' energies average to the mean).
    // (1 + 2 + 0.6)/4 periphery + 6.4/4 x 0.25 drivers + 4 x 1 cells + 3/4 read = 6.05 pJ.
    const m = memCostFor('mram-nominal', 1 << 20, 16, MT, fake, {
      readBeforeWrite: true,
      switching: { p2ap: 0.125, ap2p: 0.125 },
    });
    if (!m.ok) throw new Error(m.reason);
    expect(m.writeEnergyPerElemJ).toBeCloseTo(6.05e-12, 20);
    // and the write occupies the bank for a read and a write
    expect(m.writeLatencyS).toBeCloseTo(11e-9, 20);
  });
  it('on a small layer, the class write energy is its writes x the per-element hand count', () => {
    const r = evaluateSystem(
      {
        ...DEFAULT_SYSTEM_CONFIG,
        network: SMALL,
        rows: 4,
        cols: 4,
        batch: 2,
        capacity: { totalBytes: 1 << 20 },
        switchingFraction: { activations: 0.25 },
        readBeforeWrite: true,
      },
      fake,
    );
    if (!r.ok) throw new Error(r.reason);
    const d = r.isoCapacity;
    expect(d.byClass.activations.write).toBeCloseTo(d.accesses.activations.writes * 6.05e-12, 18);
  });
  it('per direction: P->AP and AP->P switching bits are charged at their own device energies', () => {
    // 16-bit element, 30 % of the bits switch 0->1, 10 % 1->0: 4.8 + 1.6 driven bits. The array's per-bit
    // cell energy (1 pJ, the mean of the two directions) splits as the device layer's two energies do.
    const e = evaluateWrite(defaultDeviceParams, 0.9, 10e-9).writeEnergyJ;
    const cells = 16 * 1e-12 * (0.3 * (e.pToAp / e.average) + 0.1 * (e.apToP / e.average));
    const expected = ((1 + 2 + 0.6) / 4) * 1e-12 + (6.4 / 4) * 0.4 * 1e-12 + cells + 0.75e-12;
    const m = memCostFor('mram-nominal', 1 << 20, 16, MT, fake, {
      readBeforeWrite: true,
      switching: { p2ap: 0.3, ap2p: 0.1 },
    });
    if (!m.ok) throw new Error(m.reason);
    expect(m.writeEnergyPerElemJ).toBeCloseTo(expected, 20);
    expect(e.pToAp).not.toBeCloseTo(e.apToP, 15); // the directions do differ
  });
  it('bitStats of a training run give the per-direction fractions', () => {
    const doc = JSON.stringify({ bitStats: { activations: { switch01: 30, switch10: 10, written: 100 } } });
    expect(switchingFromBitStats(doc)).toEqual({ activations: { p2ap: 0.3, ap2p: 0.1 } });
    expect(() => switchingFromBitStats('{"bitStats":{"errors":{"switch01":80,"switch10":30,"written":100}}}')).toThrow(
      /--bitstats/,
    );
  });
  it('a protected exponent costs the nominal energy', () => {
    // Relaxed class, bf16 with sign + exponent protected (9 bits), every bit driven (no rbw):
    // (1 + 2 + 6.4 + 0.6)/4 = 2.5 pJ periphery and drivers + 7 x 0.5 pJ relaxed + 9 x 1 pJ nominal = 15 pJ,
    // against 2.5 + 16 x 0.5 = 10.5 pJ unprotected: the 9 protected bits cost 9 x (1 - 0.5) pJ more.
    const prot = memCostFor('mram-relaxed', 1 << 20, 16, MT, fake, { protectedBits: 9 });
    const none = memCostFor('mram-relaxed', 1 << 20, 16, MT, fake, {});
    if (!prot.ok || !none.ok) throw new Error('infeasible');
    expect(prot.writeEnergyPerElemJ).toBeCloseTo(15e-12, 20);
    expect(none.writeEnergyPerElemJ).toBeCloseTo(10.5e-12, 20);
  });
});

describe('leakage that follows use', () => {
  // Attention only (no weights): the weight-gradient memory is never used by any GEMM.
  const attn: Network = {
    id: 'attn',
    name: 'attn',
    citation: 'test',
    layers: [{ kind: 'matmul', name: 'qk', M: 16, N: 16, K: 8, heads: 2, secondOperand: 'activations' }],
  };
  const cfg = (gating: boolean): SystemConfig => ({
    ...DEFAULT_SYSTEM_CONFIG,
    network: attn,
    rows: 4,
    cols: 4,
    batch: 2,
    placement: ALL_MRAM_NOMINAL,
    capacity: {
      perClassBytes: { weights: 1 << 16, activations: 1 << 20, errors: 1 << 20, weightGradients: 1 << 20 },
    },
    gating,
  });
  it('a gated idle MRAM class adds no leakage; ungated it leaks 16 mW x step time', () => {
    const on = evaluateSystem(cfg(true), fake);
    const off = evaluateSystem(cfg(false), fake);
    if (!on.ok || !off.ok) throw new Error('infeasible');
    expect(on.isoCapacity.accesses.weightGradients).toEqual({ reads: 0, writes: 0 });
    expect(on.isoCapacity.byClass.weightGradients.leakage).toBe(0);
    // 1 MiB = 16 units x 1 mW
    expect(off.isoCapacity.byClass.weightGradients.leakage).toBeCloseTo(16e-3 * off.isoCapacity.runtimeS, 15);
  });
});

describe('SRAM leaks over the window its class holds live data', () => {
  it('errors: the backward pass; weight gradients: their GEMMs and the update; weights: the whole step', () => {
    const r = evaluateSystem(
      {
        ...DEFAULT_SYSTEM_CONFIG,
        network: SMALL,
        rows: 4,
        cols: 4,
        batch: 2,
        capacity: { totalBytes: 1 << 20 },
        gating: true,
      },
      fake,
    );
    if (!r.ok) throw new Error(r.reason);
    const d = r.sram;
    const b = r.training.totals.byPass;
    const cyc = r.training.totals.cycles;
    const upd = r.training.totals.updateCycles;
    const leak = (c: 'weights' | 'errors' | 'weightGradients') => d.memory[c].leakageW * d.runtimeS;
    expect(d.byClass.weights.leakage).toBeCloseTo(leak('weights'), 18);
    expect(d.byClass.errors.leakage).toBeCloseTo(
      leak('errors') * ((b.backwardData.cycles + b.weightGradient.cycles) / cyc),
      18,
    );
    expect(d.byClass.weightGradients.leakage).toBeCloseTo(
      leak('weightGradients') * ((b.weightGradient.cycles + upd) / cyc),
      18,
    );
  });
});

describe('system CLI contract', () => {
  it('--json: runtimeS, boundBy, memoryBusyS, banks, accesses and breakdown.accumulator per design', async () => {
    const { io, out } = fakeIO();
    expect(await systemCommand.run(['--net', 'lenet', '--capacity', '256KiB', '--json'], io)).toBe(0);
    const doc = JSON.parse(out[0]!);
    for (const k of ['sram', 'isoCapacity', 'isoArea']) {
      const d = doc[k];
      expect(d.runtimeS).toBeGreaterThan(0);
      expect(d.boundBy).toMatch(/^(compute|dram|memory:(weights|activations|errors|weightGradients))$/);
      for (const c of TENSOR_CLASSES) {
        expect(typeof d.memoryBusyS[c]).toBe('number');
        expect(Number.isInteger(d.banks[c])).toBe(true);
        expect(typeof d.accesses[c].reads).toBe('number');
        expect(typeof d.accesses[c].writes).toBe('number');
      }
      expect(d.breakdown.accumulator).toBeGreaterThan(0);
    }
  });
  it('bad input: banks 0, an unknown cell class, a switching fraction outside [0, 1] name the flag', async () => {
    const { io } = fakeIO();
    await expect(systemCommand.run(['--banks', '0'], io)).rejects.toMatchObject({ field: '--banks' });
    await expect(systemCommand.run(['--banks', '3'], io)).rejects.toMatchObject({ field: '--banks' });
    await expect(systemCommand.run(['--sram-cell', 'ulp'], io)).rejects.toMatchObject({ field: '--sram-cell' });
    await expect(systemCommand.run(['--switch-activations', '1.5'], io)).rejects.toMatchObject({
      field: '--switch-activations',
    });
    await expect(systemCommand.run(['--temperature', '250K'], io)).rejects.toMatchObject({ field: '--temperature' });
    expect(() => evaluateSystem({ ...DEFAULT_SYSTEM_CONFIG, switchingFraction: { errors: -0.1 } })).toThrow(
      /switchingFraction\.errors/,
    );
  });
  it('defaults come from the schema: relaxed write 0.7 V as the explorer', async () => {
    const { io, out } = fakeIO();
    await systemCommand.run(['--help'], io);
    expect(out[0]).toMatch(/relaxed MRAM write voltage \[V\] \(default 0\.7 V\)/);
  });
  it('--preset roy2023 --explain --json: every rung reproduces its ratios through `system <flags> --json`', async () => {
    const { io, out } = fakeIO();
    expect(await systemCommand.run(['--preset', 'roy2023', '--explain', '--json'], io)).toBe(0);
    const ex = JSON.parse(out[0]!);
    expect(ex.steps.length).toBeGreaterThan(2);
    expect(ex.sensitivity.length).toBeGreaterThan(5);
    expect(ex.verdict).toMatch(/15-22x/);
    for (const s of ex.steps) {
      for (const k of ['name', 'reason', 'citation', 'flags']) expect(typeof s[k]).toBe('string');
      const o = fakeIO();
      expect(await systemCommand.run([...s.flags.split(' '), '--json'], o.io)).toBe(0);
      const doc = JSON.parse(o.out[0]!);
      expect(doc.ratioIsoCapacity).toBe(s.ratioIsoCapacity);
      expect(doc.ratioIsoArea).toBe(s.ratioIsoArea);
    }
  }, 60_000);
});

describe('URL schema', () => {
  it('a v=2 link without the new system fields loads with their defaults', () => {
    const r = decodeConfig('v=2&seed=3');
    expect(r.issues).toEqual([]);
    expect(r.config.system).toMatchObject({
      banks: 'auto',
      accumulator: 'sram',
      gating: 'on',
      sramCell: 'lop',
      rbw: 'on',
    });
  });
});

describe('one operating point: temperature and access transistor', () => {
  it("the access transistor is the array's: k Vdd / (Ion W) at 22 nm LOP, 300 K = 1.73 x 0.5 / (716.1 x 8 x 22e-9)", () => {
    // NVSim's 22 nm LOP table: resMultiplier 1.73, Vdd 0.5 V, Ion 716.1 A/m at 300 K; the sample cell's 8 F.
    const hand = (1.73 * 0.5) / (716.1 * 8 * 22e-9);
    expect(accessTransistorOhm(22, 'lop', 300)).toBeCloseTo(hand, 6);
    const r = evaluateSystem({
      ...DEFAULT_SYSTEM_CONFIG,
      network: 'lenet',
      capacity: { totalBytes: 1 << 20 },
      accessWidthF: 8,
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.accessResistanceOhm).toBeCloseTo(hand, 6);
    // the cell is the NVSim sample's: 8 F transistor, (8 + 2) F x 5.4 F = 54 F^2
    expect(r.access.cellAreaF2).toBeCloseTo(54, 9);
    // ...and the device sees it: the nominal write's WER is the device layer's at that resistance.
    const w = evaluateWrite({ ...defaultDeviceParams, accessResistanceOhm: hand, temperatureK: 300 }, 0.9, 10e-9);
    expect(r.writePoints.nominal?.werPToAp).toBeCloseTo(w.wer.pToAp, 12);
    expect(r.writePoints.relaxed).toBeUndefined(); // no class at the relaxed write
    // 0.9 V through ~6.9 kOhm does not switch reliably: the result says so.
    expect(r.warnings.join(' ')).toMatch(/nominal write .* fails/);
    // The default width (auto) is the narrowest, to 0.1 F, that writes reliably: no warning, and 0.1 F less
    // fails the 1e-6 bound (the device layer's WER through the transistor formula at each width).
    const auto = evaluateSystem({ ...DEFAULT_SYSTEM_CONFIG, network: 'lenet', capacity: { totalBytes: 1 << 20 } });
    if (!auto.ok) throw new Error(auto.reason);
    expect(auto.warnings).toEqual([]);
    const wer = (w: number) => {
      const e = evaluateWrite(
        { ...defaultDeviceParams, accessResistanceOhm: accessTransistorOhm(22, 'lop', 300, w), temperatureK: 300 },
        0.9,
        10e-9,
      ).wer;
      return Math.max(e.pToAp, e.apToP);
    };
    expect(wer(auto.access.widthF)).toBeLessThanOrEqual(1e-6);
    expect(wer(auto.access.widthF - 0.1)).toBeGreaterThan(1e-6);
    expect(auto.accessResistanceOhm).toBe(accessTransistorOhm(22, 'lop', 300, auto.access.widthF));
    // its cell: (W + 2) F x 5.4 F
    expect(auto.access.cellAreaF2).toBeCloseTo((auto.access.widthF + 2) * 5.4, 9);
    const ok = evaluateSystem({
      ...DEFAULT_SYSTEM_CONFIG,
      network: 'lenet',
      capacity: { totalBytes: 1 << 20 },
      accessResistanceOhm: 1500,
    });
    if (!ok.ok) throw new Error(ok.reason);
    expect(ok.warnings).toEqual([]);
  });
  it('one temperature reaches every array evaluation and the device', () => {
    const seen: ArrayInput[] = [];
    const spy: ArrayModel = {
      evaluateArray(i) {
        seen.push(i);
        return fake.evaluateArray(i);
      },
    };
    const r = evaluateSystem(
      { ...DEFAULT_SYSTEM_CONFIG, network: SMALL, rows: 4, cols: 4, batch: 2, temperatureK: 350 },
      spy,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(seen.length).toBeGreaterThan(4);
    for (const i of seen) {
      expect(i.temperatureK).toBe(350);
      if (i.tech === 'mram') expect(i.mramWrite?.device?.temperatureK).toBe(350);
    }
    expect(r.temperatureK).toBe(350);
  });
});

describe('per-GEMM dataflow', () => {
  it('each pass can run its own dataflow; best never costs more energy than any single dataflow', async () => {
    const { io, out } = fakeIO();
    await systemCommand.run(
      ['--net', 'lenet', '--capacity', '256KiB', '--dataflow', 'ws', '--dataflow-weight-gradient', 'os', '--json'],
      io,
    );
    const doc = JSON.parse(out[0]!);
    // lenet: every layer's forward and backwardData in ws, weightGradient in os (the first layer's
    // backwardData is not counted).
    const n = simulateTraining({
      network: getNetwork('lenet')!,
      batch: 32,
      array: { rows: 32, cols: 32, dataflow: 'ws' },
    });
    if (!n.ok) throw new Error(n.reason);
    const layers = n.layers.length;
    expect(doc.sram.dataflowCount).toEqual({ os: layers, ws: 2 * layers - 1, is: 0 });
    // With leakage-free memories and one bank, 'best' minimises each GEMM's access energy at the same
    // per-access costs, so the step's access energy (reads + writes + accumulator) is at most that of
    // any single dataflow: a sum of per-GEMM minima.
    const noLeak: ArrayModel = {
      evaluateArray(i) {
        const r = fake.evaluateArray(i);
        return r.ok ? { ...r, leakageW: 0, cellLeakageW: 0 } : r;
      },
    };
    const cfg: SystemConfig = {
      ...DEFAULT_SYSTEM_CONFIG,
      network: 'lenet',
      capacity: { totalBytes: 1 << 18 },
      banks: 1,
    };
    const dyn = (d: { breakdown: { read: number; write: number; accumulator: number } }) =>
      d.breakdown.read + d.breakdown.write + d.breakdown.accumulator;
    const best = evaluateSystem({ ...cfg, dataflowChoice: 'best' }, noLeak);
    if (!best.ok) throw new Error(best.reason);
    for (const dataflow of ['os', 'ws', 'is'] as const) {
      const r = evaluateSystem({ ...cfg, dataflow }, noLeak);
      if (!r.ok) throw new Error(r.reason);
      for (const k of ['sram', 'isoCapacity'] as const)
        expect(dyn(best[k])).toBeLessThanOrEqual(dyn(r[k]) * (1 + 1e-12));
    }
  });
});
