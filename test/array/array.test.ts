/**
 * Behaviour of the array layer's public API: input errors, infeasible points, the device-layer coupling,
 * iso-area sizing, NVSim file exchange.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  capacitySweep,
  compareTechnologies,
  evaluateArray,
  exportNvsimCell,
  exportNvsimCfg,
  isoAreaCapacity,
  parseCellFile,
  STT_CELL,
  type ArrayInput,
} from '../../src/models/array/index.ts';
import { defaultDeviceParams, evaluateWrite } from '../../src/models/device/index.ts';
import { FieldError } from '../../src/models/errors.ts';
import { sttCellForAccessWidth } from '../../src/models/tech/index.ts';

const base: ArrayInput = {
  tech: 'mram',
  capacityBytes: 1 << 20,
  wordBits: 512,
  nodeNm: 22,
  roadmap: 'lop',
  target: 'read-edp',
};

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
  throw new Error('no FieldError thrown');
}

describe('input validation (named-field errors)', () => {
  it('capacity 0, not a power of two, or out of range', () => {
    expect(fieldOf(() => evaluateArray({ ...base, capacityBytes: 0 }))).toBe('capacityBytes');
    expect(fieldOf(() => evaluateArray({ ...base, capacityBytes: 3 * 1024 * 1024 }))).toBe('capacityBytes');
    expect(fieldOf(() => evaluateArray({ ...base, capacityBytes: 512 * 1024 * 1024 }))).toBe('capacityBytes');
  });
  it('unknown node, word width, roadmap, target', () => {
    expect(fieldOf(() => evaluateArray({ ...base, nodeNm: 7 }))).toBe('nodeNm');
    expect(fieldOf(() => evaluateArray({ ...base, nodeNm: Number.NaN }))).toBe('nodeNm');
    expect(fieldOf(() => evaluateArray({ ...base, wordBits: 100 }))).toBe('wordBits');
    expect(fieldOf(() => evaluateArray({ ...base, roadmap: 'lstp' as 'hp' }))).toBe('roadmap');
    expect(fieldOf(() => evaluateArray({ ...base, target: 'fast' as 'area' }))).toBe('target');
  });
  it('negative cell area and a cell of the wrong technology', () => {
    expect(fieldOf(() => evaluateArray({ ...base, cell: { ...STT_CELL, areaF2: -4 } }))).toMatch(/CellArea/);
    expect(fieldOf(() => evaluateArray({ ...base, tech: 'sram', cell: STT_CELL }))).toMatch(/MemCellType/);
  });
  it('device write point out of range', () => {
    expect(fieldOf(() => evaluateArray({ ...base, mramWrite: { voltageV: -1, pulseWidthS: 5e-9 } }))).toBe(
      'mramWrite.voltageV',
    );
    expect(fieldOf(() => evaluateArray({ ...base, mramWrite: { voltageV: 0.9, pulseWidthS: 0 } }))).toBe(
      'mramWrite.pulseWidthS',
    );
  });
});

describe('infeasible points are data, with a hint', () => {
  it('a write current no driver of 100 F can source', () => {
    const r = evaluateArray({ ...base, cell: { ...STT_CELL, setCurrentA: 0.05, resetCurrentA: 0.05 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(/no valid organisation/);
    expect(r.hint).toMatch(/write current/);
  });
  it('a word wider than a quarter of a bank', () => {
    const r = evaluateArray({ ...base, capacityBytes: 64 * 1024, wordBits: 4096, banks: 64 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.hint).toBeTruthy();
  });
});

describe('MRAM write follows the cell and the device layer', () => {
  it('fixed cell energy: 512 bits x the per-bit difference', () => {
    const a = ok(evaluateArray({ ...base, cell: STT_CELL }));
    const b = ok(evaluateArray({ ...base, cell: { ...STT_CELL, setEnergyJ: 0.5e-12, resetEnergyJ: 0.5e-12 } }));
    // 512 x (1 - 0.5) pJ = 256 pJ; the read path (and so the organisation) is unchanged.
    expect(b.organization).toEqual(a.organization);
    expect((a.writeEnergyJ - b.writeEnergyJ) * 1e12).toBeCloseTo(256, 6);
    expect(a.readEnergyJ).toBe(b.readEnergyJ);
  });

  it('lowering the device pulse lowers array write energy by exactly wordBits x the device energy change', () => {
    const V = 0.9;
    const long = ok(evaluateArray({ ...base, mramWrite: { voltageV: V, pulseWidthS: 10e-9 } }));
    const short = ok(evaluateArray({ ...base, mramWrite: { voltageV: V, pulseWidthS: 5e-9 } }));
    const dLong = evaluateWrite(defaultDeviceParams, V, 10e-9).writeEnergyJ.average;
    const dShort = evaluateWrite(defaultDeviceParams, V, 5e-9).writeEnergyJ.average;
    expect(long.writeSource).toBe('device-layer');
    expect(long.cellWriteEnergyPerBitJ).toBe(dLong);
    expect(short.writeEnergyJ).toBeLessThan(long.writeEnergyJ);
    expect((long.writeEnergyJ - short.writeEnergyJ) / (512 * (dLong - dShort))).toBeCloseTo(1, 9);
    // and the pulse shows one for one in the write latency
    expect(long.writeLatencyS - short.writeLatencyS).toBeCloseTo(5e-9, 15);
  });

  it('lowering the device voltage lowers array write energy', () => {
    const hi = ok(evaluateArray({ ...base, mramWrite: { voltageV: 1.0, pulseWidthS: 5e-9 } }));
    const lo = ok(evaluateArray({ ...base, mramWrite: { voltageV: 0.7, pulseWidthS: 5e-9 } }));
    const eHi = evaluateWrite(defaultDeviceParams, 1.0, 5e-9).writeEnergyJ.average;
    const eLo = evaluateWrite(defaultDeviceParams, 0.7, 5e-9).writeEnergyJ.average;
    expect(eLo).toBeLessThan(eHi);
    expect(lo.cellWriteEnergyPerBitJ).toBe(eLo);
    expect(lo.writeEnergyJ).toBeLessThan(hi.writeEnergyJ);
    // the cell part alone accounts for 512 x the device difference; the periphery moves much less
    const periphery = Math.abs(hi.writeEnergyJ - lo.writeEnergyJ - 512 * (eHi - eLo));
    expect(periphery).toBeLessThan(0.5 * 512 * (eHi - eLo));
  });

  it('a geometry-only cell takes its write from the device layer; a smaller cell gives a smaller array', () => {
    const mramWrite = { voltageV: 0.9, pulseWidthS: 5e-9 };
    const geom = {
      memCellType: 'MRAM',
      areaF2: 30,
      aspectRatio: 1,
      readMode: 'current',
      accessType: 'CMOS',
      accessCmosWidthF: 4,
    } as const;
    const small = ok(evaluateArray({ ...base, cell: geom, mramWrite }));
    const std = ok(evaluateArray({ ...base, mramWrite }));
    expect(small.writeSource).toBe('device-layer');
    expect(small.cellWriteEnergyPerBitJ).toBe(std.cellWriteEnergyPerBitJ);
    expect(small.areaMm2).toBeLessThan(std.areaMm2);
    // without a write point it falls back to NVSim's sample STT-RAM write
    expect(ok(evaluateArray({ ...base, cell: geom })).writeSource).toBe('default-cell');
  });

  it('banks: the capacity splits over independent banks, one active per access', () => {
    const one = ok(evaluateArray({ ...base, capacityBytes: 16 << 20 }));
    const four = ok(evaluateArray({ ...base, capacityBytes: 16 << 20, banks: 4 }));
    expect(four.organization.banks).toBe(4);
    expect(four.areaMm2).toBeGreaterThan(0.9 * one.areaMm2);
    expect(fieldOf(() => evaluateArray({ ...base, banks: 3 }))).toBe('banks');
  });

  it('SRAM cells leak and MRAM cells do not: MRAM leaks far less at the same capacity', () => {
    const s = ok(evaluateArray({ ...base, tech: 'sram', capacityBytes: 4 << 20 }));
    const m = ok(evaluateArray({ ...base, capacityBytes: 4 << 20 }));
    expect(m.leakageW).toBeLessThan(s.leakageW / 2);
    expect(m.areaMm2).toBeLessThan(s.areaMm2);
    expect(m.readLatencyS).toBeGreaterThan(s.readLatencyS); // current sensing is slower
  });

  it('every target gives a feasible organisation, and the area target gives the smallest area', () => {
    const areas: number[] = [];
    for (const target of ['read-edp', 'read-latency', 'write-edp', 'area', 'leakage'] as const) {
      areas.push(
        ok(evaluateArray({ ...base, tech: 'sram', nodeNm: 32, roadmap: 'hp', capacityBytes: 4 << 20, target })).areaMm2,
      );
    }
    expect(Math.min(...areas)).toBe(areas[3]);
  });

  it('covers the capacity range at 22, 32 and 45 nm', () => {
    for (const nodeNm of [22, 32, 45]) {
      for (const capacityBytes of [64 * 1024, 256 * 1024 * 1024]) {
        for (const tech of ['sram', 'mram'] as const) {
          expect(evaluateArray({ ...base, tech, nodeNm, capacityBytes }).ok).toBe(true);
        }
      }
    }
  });
});

describe('iso-area sizing', () => {
  it('finds the largest MRAM within the SRAM area', () => {
    const sram: ArrayInput = { ...base, tech: 'sram', capacityBytes: 4 << 20 };
    const { capacityBytes: _c, ...mram } = base;
    const r = ok(isoAreaCapacity(sram, mram));
    expect(r.result.areaMm2).toBeLessThanOrEqual(r.sramAreaMm2);
    // cell areas 146 F^2 vs 54 F^2: at least twice the bytes fit
    expect(r.capacityBytes).toBeGreaterThanOrEqual(2 * sram.capacityBytes);
    const next = ok(evaluateArray({ ...mram, capacityBytes: 2 * r.capacityBytes }));
    expect(next.areaMm2).toBeGreaterThan(r.sramAreaMm2);
  });
});

describe('NVSim files', () => {
  const dir = new URL('../../src/reference/nvsim/', import.meta.url);
  it('parses NVSim sample_STTRAM.cell into SI', () => {
    const c = parseCellFile(readFileSync(new URL('sample_STTRAM.cell', dir), 'utf8'), 'sample_STTRAM.cell');
    expect(c).toMatchObject({
      memCellType: 'MRAM',
      areaF2: 54,
      aspectRatio: 0.54,
      resistanceOnOhm: 3000,
      resistanceOffOhm: 6000,
    });
    expect(c.readMode).toBe('current');
    expect(c.setCurrentA).toBeCloseTo(80e-6, 15);
    expect(c.setPulseS).toBeCloseTo(10e-9, 18);
    expect(c.setEnergyJ).toBeCloseTo(1e-12, 20);
    expect(c.readPowerW).toBeCloseTo(30e-6, 15);
    expect(c.minSenseVoltageV).toBeCloseTo(0.025, 12);
    expect(c.accessCmosWidthF).toBe(8);
  });
  it('parses NVSim SRAM.cell (comments skipped)', () => {
    const c = parseCellFile(readFileSync(new URL('SRAM.cell', dir), 'utf8'), 'SRAM.cell');
    expect(c).toMatchObject({ memCellType: 'SRAM', areaF2: 146, aspectRatio: 1.46, accessCmosWidthF: 1.31 });
    expect(c.sramNmosWidthF).toBe(2.08);
    expect(c.sramPmosWidthF).toBe(1.23);
  });
  it('names file, line and field on bad input', () => {
    const e = (() => {
      try {
        parseCellFile('-MemCellType: MRAM\n-CellArea (F^2): -5\n', 'bad.cell');
      } catch (err) {
        return err as FieldError;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(FieldError);
    expect(e!.field).toBe('bad.cell:2 CellArea (F^2)');
    expect(fieldOf(() => parseCellFile('-MemCellType: PCRAM\n', 'x.cell'))).toBe('x.cell:1 MemCellType');
    expect(fieldOf(() => parseCellFile('CellArea 5\n', 'y.cell'))).toBe('y.cell:1');
  });
  it('exports a .cfg with NVSim keys and a .cell that parses back to the device write point', () => {
    const input: ArrayInput = { ...base, capacityBytes: 4 << 20, mramWrite: { voltageV: 0.9, pulseWidthS: 5e-9 } };
    const cfg = exportNvsimCfg(input, 'mram.cell');
    expect(cfg).toContain('-Capacity (MB): 4');
    expect(cfg).toContain('-OptimizationTarget: ReadEDP');
    expect(cfg).toContain('-DeviceRoadmap: LOP');
    expect(cfg).toContain('-MemoryCellInputFile: mram.cell');
    const cell = parseCellFile(exportNvsimCell(input), 'mram.cell');
    const d = evaluateWrite(defaultDeviceParams, 0.9, 5e-9);
    expect(cell.setPulseS! / 5e-9).toBeCloseTo(1, 5);
    expect(cell.setEnergyJ! / d.writeEnergyJ.average).toBeCloseTo(1, 5);
    expect(cell.resistanceOnOhm! / d.resistanceOhm.p).toBeCloseTo(1, 5);
    const kb = exportNvsimCfg({ ...base, capacityBytes: 256 * 1024 });
    expect(kb).toContain('-Capacity (KB): 256');
    // a geometry-only cell (the STT cell sized by its access transistor, 20 F: 22 F x 5.4 F = 118.8 F^2) keeps its
    // geometry and still takes the device write, as the array model does; a cell stating its write keeps it
    const sized = parseCellFile(exportNvsimCell({ ...input, cell: sttCellForAccessWidth(20) }), 'mram.cell');
    expect(sized.areaF2).toBeCloseTo(118.8, 6);
    expect(sized.accessCmosWidthF).toBe(20);
    expect(sized.setEnergyJ! / d.writeEnergyJ.average).toBeCloseTo(1, 5);
    const own = parseCellFile(exportNvsimCell({ ...input, cell: STT_CELL }), 'mram.cell');
    expect(own.setEnergyJ).toBe(STT_CELL.setEnergyJ);
  });
});

describe('panel helpers', () => {
  it('compareTechnologies: iso-capacity (same bytes) and iso-area', () => {
    const r = ok(compareTechnologies({ ...base, capacityBytes: 2 << 20 }));
    expect(r.sram.capacityBytes).toBe(2 << 20);
    expect(r.mram.capacityBytes).toBe(2 << 20);
    expect(r.sram.tech).toBe('sram');
    expect(r.isoArea.capacityBytes).toBeGreaterThanOrEqual(r.mram.capacityBytes);
    expect(r.isoArea.sramAreaMm2).toBe(r.sram.areaMm2);
  });
  it('capacitySweep: every power of two in range, area growing with capacity', () => {
    const { capacityBytes: _c, ...common } = base;
    const pts = capacitySweep(common, 64 * 1024, 4 << 20);
    expect(pts.map((p) => p.capacityBytes)).toEqual([64, 128, 256, 512, 1024, 2048, 4096].map((k) => k * 1024));
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]!.sram!.areaMm2).toBeGreaterThan(pts[i - 1]!.sram!.areaMm2);
      expect(pts[i]!.mram!.areaMm2).toBeGreaterThan(pts[i - 1]!.mram!.areaMm2);
    }
  });
});
