/**
 * The technology registry and SOT-MRAM wired through every layer: array, system, URL/schema, evaluation,
 * training rates and the CLI. Expected numbers are hand calculations (test/tech/sot-mram.test.ts derives them).
 */
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.ts';
import { arrayCommand } from '../../src/cli/commands/array.ts';
import { systemCommand } from '../../src/cli/commands/system.ts';
import { systemConfigFor } from '../../src/evaluate/analytic.ts';
import { evaluateArray, type ArrayInput } from '../../src/models/array/index.ts';
import { defaultDeviceParams } from '../../src/models/device/index.ts';
import { FieldError } from '../../src/models/errors.ts';
import { arrayInputFor, techKeys, type MemoryTechConfig } from '../../src/models/system/costs.ts';
import { evaluateSystem } from '../../src/models/system/index.ts';
import {
  PLACEMENT_OPTIONS,
  PLACEMENT_VALUES,
  STT_MRAM,
  TECH_IDS,
  TECHNOLOGIES,
  sotWrite,
  technology,
} from '../../src/models/tech/index.ts';
import { defaultConfig, PLACEMENTS, setPath } from '../../src/schema/schema.ts';
import { decodeConfig, encodeConfig } from '../../src/schema/url.ts';
import { ratesFromTechnology } from '../../src/training/device-rates.ts';
import { trainRequestFor } from '../../src/training/from-config.ts';

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`infeasible: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}
function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof FieldError) return e.field;
    throw e;
  }
  return '(no error)';
}
function fakeIO() {
  const out: string[] = [];
  const io: CliIO = {
    out: (t) => out.push(t),
    err: () => {},
    readFile(field, path) {
      throw new FieldError(field, path, 'a readable file');
    },
    writeFile() {},
  };
  return { io, out };
}

describe('registry', () => {
  it('lists SRAM, STT-MRAM and SOT-MRAM; mram is an alias of stt-mram; an unknown name is a named error', () => {
    expect(TECH_IDS).toEqual(['sram', 'stt-mram', 'sot-mram']);
    expect(technology('mram')).toBe(STT_MRAM);
    expect(technology('stt-mram')).toBe(STT_MRAM);
    expect(fieldOf(() => technology('dram'))).toBe('tech');
    expect(() => technology('dram')).toThrow(/sram, stt-mram, sot-mram, mram/);
    for (const t of TECHNOLOGIES) expect(t.cell.areaF2).toBeGreaterThan(0);
  });

  it('placement values keep the v=2 contract (sram, mram, relaxed) and add sot; each names a technology', () => {
    expect(PLACEMENT_VALUES).toEqual(['sram', 'mram', 'relaxed', 'sot']);
    expect(PLACEMENTS).toBe(PLACEMENT_VALUES);
    for (const o of PLACEMENT_OPTIONS) expect(TECH_IDS).toContain(o.tech);
    expect(new Set(PLACEMENT_OPTIONS.map((o) => o.systemKind)).size).toBe(PLACEMENT_OPTIONS.length);
  });
});

describe('array layer', () => {
  const base: ArrayInput = {
    tech: 'sot-mram',
    capacityBytes: 1 << 20,
    wordBits: 512,
    nodeNm: 22,
    roadmap: 'lop',
    target: 'read-edp',
  };

  it('stt-mram and mram give the same array', () => {
    const w = { voltageV: 0.9, pulseWidthS: 5e-9 };
    const a = ok(evaluateArray({ ...base, tech: 'mram', mramWrite: w }));
    const b = ok(evaluateArray({ ...base, tech: 'stt-mram', mramWrite: w }));
    expect(b.tech).toBe('stt-mram');
    expect({ ...b, tech: 'mram' }).toEqual(a);
  });

  it('SOT-MRAM: its 108 F^2 cell, its own write (no device layer), its current and energy', () => {
    const r = ok(evaluateArray(base));
    // Cell area: 8 Mibit x 108 F^2 x (22 nm)^2 = 905969664 x 4.84e-16 m^2 = 4.384893e-7 m^2 = 0.4384893 mm^2.
    expect(r.areaMm2 * r.areaEfficiency).toBeCloseTo(0.4384893, 6);
    // Nominal write 1.25 V, 1 ns: I = 1.25 / 3450 = 3.623188e-4 A; V I t = 4.528986e-13 J per bit.
    expect(r.cellWriteCurrentA).toBeCloseTo(3.623188e-4, 9);
    expect(r.cellWriteEnergyPerBitJ).toBeCloseTo(4.528986e-13, 18);
    expect(r.cellWritePulseS).toBe(1e-9);
    expect(r.writeSource).toBe('default-cell');
    // The STT device parameters do not enter the SOT write (its own stack and line).
    const other = { ...defaultDeviceParams, diameterM: 60e-9, raOhmM2: 10e-12 };
    const d = ok(evaluateArray({ ...base, mramWrite: { voltageV: 1.25, pulseWidthS: 1e-9, device: other } }));
    expect(d.writeEnergyJ).toBe(r.writeEnergyJ);
    expect(d.writeSource).toBe('device-layer');
    // The write latency holds the 1 ns pulse; the cell-area share is twice the STT cell's (54 F^2) per bit.
    expect(r.writeLatencyS).toBeGreaterThan(1e-9);
    const stt = ok(evaluateArray({ ...base, tech: 'mram', mramWrite: { voltageV: 0.9, pulseWidthS: 5e-9 } }));
    expect((r.areaMm2 * r.areaEfficiency) / (stt.areaMm2 * stt.areaEfficiency)).toBeCloseTo(2, 9);
  });

  it('a harder SOT drive costs more array write energy', () => {
    const lo = ok(evaluateArray({ ...base, mramWrite: { voltageV: 1.2, pulseWidthS: 1e-9 } }));
    const hi = ok(evaluateArray({ ...base, mramWrite: { voltageV: 1.4, pulseWidthS: 1e-9 } }));
    expect(hi.writeEnergyJ).toBeGreaterThan(lo.writeEnergyJ);
  });

  it('an unknown technology is a named error', () => {
    expect(fieldOf(() => evaluateArray({ ...base, tech: 'dram' as never }))).toBe('tech');
  });
});

describe('system layer', () => {
  const mt: MemoryTechConfig = {
    nodeNm: 22,
    roadmap: 'lop',
    target: 'read-edp',
    wordBits: 512,
    nominalWrite: { voltageV: 0.9, pulseWidthS: 10e-9 },
    relaxedWrite: { voltageV: 0.7, pulseWidthS: 5e-9 },
    device: defaultDeviceParams,
  };

  it('a sot-mram class is built as a SOT array at its own write point; the STT device does not enter', () => {
    const i = arrayInputFor('sot-mram', 1 << 20, mt);
    expect(i.tech).toBe('sot-mram');
    expect(i.mramWrite).toEqual({ voltageV: 1.25, pulseWidthS: 1e-9 });
    const k1 = techKeys(mt)['sot-mram'];
    const k2 = techKeys({ ...mt, device: { ...defaultDeviceParams, delta: 80 } })['sot-mram'];
    expect(k2).toBe(k1);
  });

  it('evaluates a placement with SOT-MRAM classes and reports the SOT write point', () => {
    const r = ok(
      evaluateSystem({
        network: 'mlp-mnist',
        rows: 32,
        cols: 32,
        dataflow: 'os',
        batch: 32,
        capacity: { totalBytes: 256 * 1024 },
        placement: { weights: 'sot-mram', activations: 'sot-mram', errors: 'sram', weightGradients: 'mram-nominal' },
        nodeNm: 22,
        roadmap: 'lop',
        isoMode: 'capacity',
        temperatureK: 350,
      }),
    );
    expect(Number.isFinite(r.ratioIsoCapacity)).toBe(true);
    const w = sotWrite({ voltageV: 1.25, pulseWidthS: 1e-9 }, 350);
    expect(r.writePoints.sot?.werPToAp).toBe(w.wer.pToAp);
    expect(r.writePoints.sot?.energyPerBitJ).toBe(w.energyJ.average);
  });

  it('rejects an unknown memory kind naming the class', () => {
    const cfg = systemConfigFor(defaultConfig());
    expect(fieldOf(() => evaluateSystem({ ...cfg, placement: { ...cfg.placement, errors: 'dram' as never } }))).toBe(
      'placement.errors',
    );
  });
});

describe('configuration (URL, JSON) and evaluation', () => {
  it('pw=sot loads; v=2 links with mram/relaxed still load; a bad value names the accepted values', () => {
    const d = decodeConfig('?v=2&pw=sot&pa=relaxed&pe=mram&pg=sram');
    expect(d.issues).toEqual([]);
    expect(d.config.placement).toMatchObject({
      weights: 'sot',
      activations: 'relaxed',
      errors: 'mram',
      weightGradients: 'sram',
    });
    expect(decodeConfig(encodeConfig(d.config)).config.placement).toEqual(d.config.placement);
    const bad = decodeConfig('?v=2&pw=dram');
    expect(bad.issues[0]!.field).toBe('placement.weights');
    expect(bad.issues[0]!.accepted).toMatch(/sot/);
  });

  it('the system configuration of a sot placement uses the sot-mram kind', () => {
    const c = defaultConfig();
    c.placement.activations = 'sot';
    const s = systemConfigFor(c);
    expect(s.placement.activations).toBe('sot-mram');
    expect(s.placement.weights).toBe('mram-nominal');
  });
});

describe('training rates', () => {
  it('a class on sot gets the SOT write error rates; SRAM none', () => {
    const c = defaultConfig();
    c.placement.errors = 'sot';
    const req = trainRequestFor(c);
    const w = sotWrite({ voltageV: 1.25, pulseWidthS: 1e-9 }, c.deviceParams.temperatureK);
    expect(req.classes.errors.rate01).toBe(w.wer.pToAp);
    expect(req.classes.errors.rate10).toBe(w.wer.apToP);
    expect(ratesFromTechnology('sram')).toMatchObject({ rate01: 0, rate10: 0 });
    expect(fieldOf(() => ratesFromTechnology('stt-mram'))).toBe('writePoint');
  });
});

describe('CLI', () => {
  it('array --tech sot-mram --json; --tech stt-mram equals --tech mram; a bad --tech names the flag', async () => {
    const a = fakeIO();
    expect(await arrayCommand.run(['--tech', 'sot-mram', '--capacity', '256KiB', '--json'], a.io)).toBe(0);
    const sot = JSON.parse(a.out[0]!);
    expect(sot.tech).toBe('sot-mram');
    expect(sot.cellWriteCurrentA).toBeCloseTo(3.623188e-4, 9);
    const b = fakeIO();
    const c = fakeIO();
    await arrayCommand.run(['--tech', 'stt-mram', '--capacity', '256KiB', '--json'], b.io);
    await arrayCommand.run(['--tech', 'mram', '--capacity', '256KiB', '--json'], c.io);
    expect({ ...JSON.parse(b.out[0]!), tech: 'mram' }).toEqual(JSON.parse(c.out[0]!));
    // ...with a write point too: both write at it, from the device layer (stt-mram once took the cell's default)
    const point = ['--capacity', '256KiB', '--voltage', '0.8V', '--pulse', '5ns', '--json'];
    const d = fakeIO();
    const e = fakeIO();
    await arrayCommand.run(['--tech', 'stt-mram', ...point], d.io);
    await arrayCommand.run(['--tech', 'mram', ...point], e.io);
    const stt = JSON.parse(d.out[0]!);
    expect(stt.writeSource).toBe('device-layer');
    expect(stt.cellWritePulseS).toBeCloseTo(5e-9, 20);
    expect({ ...stt, tech: 'mram' }).toEqual(JSON.parse(e.out[0]!));
    await expect(arrayCommand.run(['--tech', 'dram'], fakeIO().io)).rejects.toMatchObject({ field: '--tech' });
  });

  it('system --memory sot (placement value) and --weights sot-mram (system kind)', async () => {
    const { io, out } = fakeIO();
    const argv = ['--net', 'mlp-mnist', '--capacity', '256KiB', '--memory', 'sot', '--errors', 'sram', '--json'];
    expect(await systemCommand.run(argv, io)).toBe(0);
    const doc = JSON.parse(out[0]!);
    expect(doc.isoCapacity.placement.weights).toBe('sot-mram');
    expect(doc.isoCapacity.placement.errors).toBe('sram');
  });
});

describe('sweep labels', () => {
  it('name SOT-MRAM classes', async () => {
    const { placementLabel, shortPlacementLabel } = await import('../../src/components/pareto-data.ts');
    const p = { weights: 'sot', activations: 'relaxed', errors: 'sot', weightGradients: 'mram' } as const;
    expect(placementLabel(p)).toBe(
      'relaxed MRAM: activations; nominal MRAM: weight gradients; SOT-MRAM: weights, errors',
    );
    expect(shortPlacementLabel(p)).toBe(placementLabel(p));
    expect(placementLabel({ weights: 'sot', activations: 'sot', errors: 'sot', weightGradients: 'sot' })).toBe(
      'all SOT-MRAM',
    );
  });
});

describe('the array table iterates the placements', () => {
  it('one column per placement, in the registry order, each its technology at its write point', async () => {
    const { evaluateArraySection } = await import('../../src/evaluate/analytic.ts');
    // Defaults: relaxed write 0.7 V / 5 ns, nominal 0.9 V / 10 ns (schema). A lower voltage for half the
    // time drives less current for less time, so the relaxed column's write energy per access is smaller.
    // The STT cell of the NVSim sample (8 F access transistor, 54 F^2) for the SOT comparison below.
    const a = evaluateArraySection(setPath(defaultConfig(), 'system.accessWidthF', 8));
    expect(a.byPlacement.map((p) => p.value)).toEqual(['sram', 'mram', 'relaxed', 'sot']);
    const [sram, nominal, relaxed, sot] = a.byPlacement.map((p) => p.outcome);
    if (!sram!.ok || !nominal!.ok || !relaxed!.ok || !sot!.ok) throw new Error('a default column is infeasible');
    expect(relaxed!.result.writeEnergyJ).toBeLessThan(nominal!.result.writeEnergyJ);
    // The SOT column is the SOT cell (108 F^2, src/models/tech/sot-mram), not the STT one (54 F^2): larger.
    expect(sot!.result.areaMm2).toBeGreaterThan(nominal!.result.areaMm2);
    // The original keys are the same outcomes.
    expect(a.sot).toBe(sot);
    expect(a.mramRelaxed).toBe(relaxed);
  });
});
