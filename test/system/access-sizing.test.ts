/**
 * The MRAM cell's access transistor: one width for the cell's footprint and the resistance the device sees.
 * Expected values come from the geometry of NVSim's sample cell and the transistor formula, by hand:
 * - sample_STTRAM.cell: 54 F^2 at aspect 0.54 is 10 F (word line) x 5.4 F (bit line); its transistor is 8 F,
 *   so a W-F transistor gives (W + 2) F x 5.4 F.
 * - R_on = k Vdd / (Ion W) is 1/W: the resistance a sized transistor reaches depends on the MTJ and the write,
 *   not on the roadmap, so the HP and LOP widths that reach it differ by the ratio of their 1 F resistances.
 */
import { describe, expect, it } from 'vitest';
import { accessTransistorOhm } from '../../src/models/array/index.ts';
import { defaultDeviceParams, evaluateWrite } from '../../src/models/device/index.ts';
import { FieldError } from '../../src/models/errors.ts';
import { DEFAULT_SYSTEM_CONFIG, evaluateSystem, mramAccess } from '../../src/models/system/index.ts';
import { STT_CELL, sttCellForAccessWidth } from '../../src/models/tech/index.ts';
import { systemCommand } from '../../src/cli/commands/system.ts';
import { arrayCommand } from '../../src/cli/commands/array.ts';
import { parseConfigObject } from '../../src/schema/schema.ts';

const NOMINAL = { voltageV: 0.9, pulseWidthS: 10e-9 };
const sizing = (roadmap: 'hp' | 'lop', temperatureK = 300) =>
  mramAccess({ device: defaultDeviceParams, nominalWrite: NOMINAL, nodeNm: 22, roadmap, temperatureK, widthF: 'auto' });

function fakeIO() {
  const out: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: () => {}, readFile: () => '', writeFile: () => {} }, out };
}

describe('the cell follows its access transistor', () => {
  it('8 F is the NVSim sample cell (54 F^2, aspect 0.54); 20 F is 22 F x 5.4 F = 118.8 F^2', () => {
    const c8 = sttCellForAccessWidth(8);
    expect(c8.areaF2).toBeCloseTo(STT_CELL.areaF2, 9);
    expect(c8.aspectRatio).toBeCloseTo(STT_CELL.aspectRatio, 9);
    const c20 = sttCellForAccessWidth(20);
    expect(c20.areaF2).toBeCloseTo(118.8, 9);
    expect(c20.aspectRatio).toBeCloseTo(5.4 / 22, 9);
    expect(c20.accessCmosWidthF).toBe(20);
    // geometry only: the write comes from the device layer (no set/reset current or energy)
    expect([c20.setCurrentA, c20.resetCurrentA, c20.setEnergyJ, c20.resetEnergyJ]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('auto sizing', () => {
  it('is the narrowest width (to 0.1 F) whose nominal write meets WER 1e-6, per the device layer', () => {
    for (const [roadmap, T] of [
      ['lop', 300],
      ['hp', 300],
      ['lop', 350],
    ] as const) {
      const a = sizing(roadmap, T);
      const wer = (w: number) => {
        const e = evaluateWrite(
          { ...defaultDeviceParams, temperatureK: T, accessResistanceOhm: accessTransistorOhm(22, roadmap, T, w) },
          0.9,
          10e-9,
        ).wer;
        return Math.max(e.pToAp, e.apToP);
      };
      expect(a.sized).toBe(true);
      expect(a.met).toBe(true);
      expect(wer(a.widthF), `${roadmap} ${T}`).toBeLessThanOrEqual(1e-6);
      expect(wer(a.widthF - 0.1), `${roadmap} ${T}`).toBeGreaterThan(1e-6);
      expect(
        Number.isInteger(Math.round(a.widthF * 10)) && Math.abs(a.widthF * 10 - Math.round(a.widthF * 10)) < 1e-9,
      ).toBe(true);
    }
  });
  it('HP and LOP reach the same resistance: their widths differ by the ratio of their 1 F resistances', () => {
    const lop = sizing('lop');
    const hp = sizing('hp');
    const ratio = accessTransistorOhm(22, 'lop', 300, 1) / accessTransistorOhm(22, 'hp', 300, 1);
    // each width is rounded up by less than 0.1 F
    expect(lop.widthF / hp.widthF).toBeGreaterThan((ratio * (lop.widthF - 0.1)) / lop.widthF);
    expect(lop.widthF / hp.widthF).toBeLessThan((ratio * lop.widthF) / (lop.widthF - 0.1));
    expect(hp.cell.areaF2).toBeLessThan(lop.cell.areaF2);
  });
  it('a nominal write no transistor can rescue uses the widest (100 F), says so, and the system warns', () => {
    const weak = { voltageV: 0.3, pulseWidthS: 1e-9 };
    const a = mramAccess({
      device: defaultDeviceParams,
      nominalWrite: weak,
      nodeNm: 22,
      roadmap: 'lop',
      temperatureK: 300,
      widthF: 'auto',
    });
    expect(a.widthF).toBe(100);
    expect(a.met).toBe(false);
    const r = evaluateSystem({
      ...DEFAULT_SYSTEM_CONFIG,
      network: 'lenet',
      capacity: { totalBytes: 1 << 20 },
      nominalWrite: weak,
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.warnings.join(' ')).toMatch(/widest, 100 F, is not enough/);
  });
  it('a given width is used as given; out of [1, 100] F it is a named error', () => {
    const a = mramAccess({
      device: defaultDeviceParams,
      nominalWrite: NOMINAL,
      nodeNm: 22,
      roadmap: 'lop',
      temperatureK: 300,
      widthF: 12,
    });
    expect([a.widthF, a.sized]).toEqual([12, false]);
    expect(a.resistanceOhm).toBe(accessTransistorOhm(22, 'lop', 300, 12));
    expect(() =>
      mramAccess({
        device: defaultDeviceParams,
        nominalWrite: NOMINAL,
        nodeNm: 22,
        roadmap: 'lop',
        temperatureK: 300,
        widthF: 0.5,
      }),
    ).toThrow(FieldError);
  });
});

describe('one width for the array and the system', () => {
  it('the system costs the MRAM arrays on the sized cell: wider transistor, larger MRAM area at the same capacity', () => {
    const base = { ...DEFAULT_SYSTEM_CONFIG, network: 'lenet', capacity: { totalBytes: 1 << 20 } };
    const narrow = evaluateSystem({ ...base, accessWidthF: 8, accessResistanceOhm: 1500 });
    const wide = evaluateSystem({ ...base, accessWidthF: 30, accessResistanceOhm: 1500 });
    if (!narrow.ok || !wide.ok) throw new Error('infeasible');
    // same device (1.5 kOhm forced), so only the cell differs: 32 F x 5.4 F against 10 F x 5.4 F
    expect(wide.isoCapacity.areaMm2).toBeGreaterThan(narrow.isoCapacity.areaMm2);
    expect(wide.sram.areaMm2).toBe(narrow.sram.areaMm2);
    expect(wide.access.cellAreaF2).toBeCloseTo(32 * 5.4, 9);
  });
  it('array --access-width: the cell area shows in the array area; system --json reports the access transistor', async () => {
    const area = async (w: string) => {
      const f = fakeIO();
      await arrayCommand.run(['--tech', 'mram', '--capacity', '1MiB', '--access-width', w, '--json'], f.io);
      return (JSON.parse(f.out[0]!) as { areaMm2: number }).areaMm2;
    };
    expect(await area('30')).toBeGreaterThan(await area('8'));
    const f = fakeIO();
    await systemCommand.run(['--net', 'lenet', '--capacity', '1MiB', '--access-width', '8', '--json'], f.io);
    const doc = JSON.parse(f.out[0]!) as { access: { widthF: number; sized: boolean; cellAreaF2: number } };
    expect(doc.access.widthF).toBe(8);
    expect(doc.access.sized).toBe(false);
    expect(doc.access.cellAreaF2).toBeCloseTo(54, 9);
  });
  it('bad widths name the field or flag, the value and the accepted range, from every entry point', async () => {
    const flagErr = async (argv: string[]) => {
      try {
        await systemCommand.run(argv, fakeIO().io);
      } catch (e) {
        return e as FieldError;
      }
      throw new Error('no error');
    };
    for (const bad of ['0.5', '101', 'wide']) {
      const e = await flagErr(['--net', 'lenet', '--access-width', bad]);
      expect(e.field).toBe('--access-width');
      expect(e.message).toContain(bad);
      expect(e.message).toMatch(/auto or a (decimal )?number/);
    }
    const r = parseConfigObject({ system: { accessWidthF: 500 } });
    expect(r.issues[0]?.field).toBe('system.accessWidthF');
    expect(r.issues[0]?.accepted).toBe('auto or a number in [1 F, 100 F]');
    // the array's transistor is modelled from 300 to 400 K: another temperature needs the device's own resistance
    const t = await flagErr(['--net', 'lenet', '--temperature', '250']);
    expect(t.field).toBe('--temperature');
  });
});
