/**
 * The analytic result is per section: an infeasible device point fails the sections that use it and no
 * other. Which sections must survive follows from which inputs each one reads (src/evaluate/analytic.ts):
 *   device  - both write points (relaxed and nominal);
 *   array   - SRAM: no MTJ at all; MRAM columns and curves: the nominal write; "relaxed" column: the relaxed write;
 *   system  - the write points its placement uses (nominal MRAM: nominal; relaxed MRAM: relaxed; SRAM: none).
 *
 * Feasibility by hand (default MTJ: 40 nm pillar, RA 5 ohm um^2; the device field's 1.5 kohm access transistor,
 * system.accessR = 'device'):
 *   R_P = RA / area = 5e-12 / (pi * (20e-9)^2) = 3979 ohm; R_AP >= R_P (TMR >= 0).
 *   The MTJ takes V * R_MTJ / (R_MTJ + R_access) >= V * 3979 / 5479 = 0.726 V of the cell voltage V,
 *   and never more than V itself.
 *   Breakdown 1.0 V: relaxed 1.45 V puts >= 1.053 V on the barrier (infeasible); nominal 0.9 V puts at most
 *   0.9 V (feasible).
 *   Breakdown 0.5 V: nominal 0.9 V puts >= 0.654 V on the barrier: the nominal write is infeasible too.
 */
import { describe, expect, it } from 'vitest';
import { evaluateAnalytic } from '../../src/evaluate/analytic.ts';
import { defaultConfig, type ExplorerConfig, type Placement } from '../../src/schema/schema.ts';

function point(breakdownVoltageV: number, placement?: Placement): ExplorerConfig {
  const c = defaultConfig();
  return {
    ...c,
    device: { ...c.device, voltageV: 1.45 },
    deviceParams: { ...c.deviceParams, breakdownVoltageV },
    system: { ...c.system, accessR: 'device' },
    ...(placement
      ? {
          placement: {
            ...c.placement,
            weights: placement,
            activations: placement,
            errors: placement,
            weightGradients: placement,
          },
        }
      : {}),
  };
}

function result(c: ExplorerConfig) {
  const o = evaluateAnalytic(c);
  if (!o.ok) throw new Error(`expected a per-section result, got ${o.reason}`);
  return o.result;
}

describe('evaluateAnalytic: one outcome per section', () => {
  it('the defaults are feasible in every section (the reference for the cases below)', () => {
    const r = result(defaultConfig());
    expect([r.device.ok, r.array.ok, r.system.ok]).toEqual([true, true, true]);
  });

  it('relaxed write beyond breakdown, nominal write fine: device fails, the array and a nominal placement stay', () => {
    const c = point(1.0);
    // the default placement keeps every class at the nominal write
    expect(Object.values(c.placement).every((p) => p !== 'relaxed')).toBe(true);
    const r = result(c);
    expect(r.device.ok).toBe(false);
    if (!r.device.ok) expect(r.device.reason).toContain('breakdown');
    if (!r.array.ok) throw new Error(`array section failed: ${r.array.reason}`);
    expect(r.array.sram.ok).toBe(true);
    expect(r.array.mram.ok).toBe(true);
    expect(r.array.isoArea.ok).toBe(true);
    expect(r.array.mramRelaxed.ok).toBe(false);
    if (!r.array.mramRelaxed.ok) expect(r.array.mramRelaxed.reason).toContain('breakdown');
    for (const tech of ['sram', 'mram'] as const)
      expect(r.array.curves[tech].areaMm2.every(Number.isFinite), tech).toBe(true);
    expect(r.system.ok).toBe(true);
  });

  it('the same point with a class in relaxed MRAM: the system section fails with the reason', () => {
    const c = point(1.0);
    const r = result({ ...c, placement: { ...c.placement, activations: 'relaxed' } });
    expect(r.system.ok).toBe(false);
    if (!r.system.ok) expect(r.system.reason).toContain('breakdown');
  });

  it('both writes beyond breakdown: SRAM array and curves stay, MRAM ones go; an all-SRAM system keeps its numbers', () => {
    const r = result(point(0.5));
    expect(r.device.ok).toBe(false);
    if (!r.array.ok) throw new Error(`array section failed: ${r.array.reason}`);
    expect(r.array.sram.ok).toBe(true);
    expect([r.array.mram.ok, r.array.mramRelaxed.ok, r.array.isoArea.ok]).toEqual([false, false, false]);
    expect(r.array.curves.sram.areaMm2.every(Number.isFinite)).toBe(true);
    expect(r.array.curves.mram.areaMm2.every(Number.isNaN)).toBe(true);
    // nominal MRAM placement (the default): no system result, and it says why
    expect(r.system.ok).toBe(false);
    if (!r.system.ok) expect(r.system.reason).toContain('breakdown');
    // all-SRAM: no MTJ write anywhere, so the numbers are those of the same design at a feasible device point
    const sramOnly = result(point(0.5, 'sram')).system;
    const reference = result({ ...point(0.5, 'sram'), deviceParams: defaultConfig().deviceParams }).system;
    if (!sramOnly.ok || !reference.ok) throw new Error('expected an all-SRAM system result');
    expect(sramOnly.result.sram.energyPerStepJ).toBe(reference.result.sram.energyPerStepJ);
    expect(sramOnly.result.isoCapacity.energyPerStepJ).toBe(reference.result.isoCapacity.energyPerStepJ);
  });

  it("a device temperature outside the array's 300-400 K: the device section stands on its own resistance, or names the range", () => {
    const at = (T: number, accessR: 'array' | 'device') => {
      const c = defaultConfig();
      return result({ ...c, deviceParams: { ...c.deviceParams, temperatureK: T }, system: { ...c.system, accessR } });
    };
    // the device field's resistance needs no array transistor: the device panel works at 250 K
    const own = at(250, 'device');
    expect(own.device.ok).toBe(true);
    if (own.device.ok) expect(own.device.access).toEqual({ resistanceOhm: 1500, source: 'device' });
    // the array's transistor is modelled from 300 to 400 K: the device section says so and how to proceed
    const arr = at(450, 'array');
    expect(arr.device.ok).toBe(false);
    if (!arr.device.ok) expect(arr.device.reason).toMatch(/300 K, 400 K.*access-resistance/);
  });
});
