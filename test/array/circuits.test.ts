/**
 * Unit tests of the array layer's circuit formulas against hand calculations (numbers in comments).
 */
import { describe, expect, it } from 'vitest';
import { bufferChain, drainCap, gateCap, horowitz, onRes, wireDelay } from '../../src/models/array/circuits.ts';
import { resolveCell } from '../../src/models/array/evaluate.ts';
import { evaluateHtree, prepareSubarray } from '../../src/models/array/model.ts';
import { WIRE_TABLE } from '../../src/models/array/params.ts';
import { resolveTech, wireCapPerM, wireResPerM } from '../../src/models/array/tech.ts';

const close = (got: number, want: number, rel = 1e-4) =>
  expect(Math.abs(got - want) / Math.abs(want), `${got} vs ${want}`).toBeLessThan(rel);

describe('wires (22 nm, ITRS geometry tabulated by NVSim)', () => {
  it('local wire resistance per metre at 350 K', () => {
    // rho = 6e-8 x (1 + 0.0039 x (350 - 293)) = 7.3338e-8 Ohm m; w = 22 nm, t = 1.9 x 22 = 41.8 nm
    // R = 7.3338e-8 / (41.8e-9 x 22e-9) = 7.9750e7 Ohm/m (79.75 Ohm/um)
    close(wireResPerM(WIRE_TABLE[22].local, 350), 7.975e7);
  });
  it('local wire capacitance per metre', () => {
    // plates 2 eps0 3.9 w/ild = 2 x 8.85e-12 x 3.9 x 22/41.8 = 3.6332e-11
    // sides 2 eps0 1.5 x 2.55 t/s = 2 x 8.85e-12 x 1.5 x 2.55 x 41.8/22 = 1.28635e-10; fringe 1.15e-10
    close(wireCapPerM(WIRE_TABLE[22].local), 3.6332e-11 + 1.28635e-10 + 1.15e-10);
  });
  it('global wire R and C', () => {
    // w = 88 nm, t = 2.34 x 88 = 205.92 nm, s = 88 nm, ild = 0.42 um x 22/32 = 0.28875 um, rho 3e-8 x 1.2223
    close(wireResPerM(WIRE_TABLE[22].global, 350), (3e-8 * 1.2223) / (205.92e-9 * 88e-9));
    // 2.10377e-11 + 1.58424e-10 + 1.15e-10 = 2.94462e-10 F/m
    close(wireCapPerM(WIRE_TABLE[22].global), 2.94462e-10);
  });
});

describe('transistors (22 nm HP, 350 K)', () => {
  const t = resolveTech(22, 'hp', 350);
  it('gate capacitance per width: ideal x 1.2 + 3 fringe', () => {
    // (3.83e-10 x 1.2 + 3 x 1.6e-10) F/m x 1 um = 9.396e-16 F
    close(gateCap(1e-6, t), 9.396e-16);
  });
  it('on-resistance k Vdd / (Ion w)', () => {
    // 1.45 x 0.9 / (1930.7 A/m x 1e-6 m) = 675.92 Ohm
    close(onRes(1e-6, t), 675.92);
  });
  it('drain capacitance grows with width and has a side-wall floor', () => {
    const c1 = drainCap(1e-6, t);
    const c2 = drainCap(2e-6, t);
    expect(c2).toBeGreaterThan(c1);
    expect(c2).toBeLessThan(2 * c1);
  });
});

describe('technology interpolation', () => {
  it('interpolates Vdd linearly between tabulated nodes', () => {
    // LOP: 22 nm 0.5 V, 32 nm 0.7 V -> 27 nm: 0.6 V
    close(resolveTech(27, 'lop', 350).vdd, 0.6);
  });
  it('interpolates Ion linearly and Ioff geometrically in temperature', () => {
    const t = resolveTech(22, 'hp', 325);
    close(t.ionN, (2029.9 + 1930.7) / 2); // 1980.3 A/m
    close(t.ioff, Math.sqrt(0.5974 * 1.0572)); // 0.79472 A/m
  });
});

describe('Horowitz delay', () => {
  it('step input: tau ln 2', () => {
    const h = horowitz(1e-11, 0.5, Infinity);
    close(h.delayS, 1e-11 * Math.LN2);
    close(h.rampOut, 0.5 / h.delayS);
  });
  it('ramp input: tau sqrt(ln(0.5)^2 + 2 alpha beta (1 - 0.5))', () => {
    // alpha = 1/(1e10 x 1e-11) = 10; sqrt(0.480453 + 2 x 10 x 0.5 x 0.5) = sqrt(5.480453) = 2.34104
    close(horowitz(1e-11, 0.5, 1e10).delayS, 2.34104e-11);
  });
  it('wire delay: 0.69 Rs (Cw + Cl) + Rw (0.38 Cw + 0.69 Cl)', () => {
    // 0.69 x 1000 x 2e-15 + 500 x (0.38 x 1e-15 + 0.69 x 1e-15) = 1.38e-12 + 5.35e-13 = 1.915e-12
    close(wireDelay(1000, 500, 1e-15, 1e-15), 1.915e-12);
  });
});

describe('buffer chain', () => {
  const t = resolveTech(22, 'hp', 350);
  const minW = 1.5 * 22e-9;
  it('a load of 4 minimum inverters takes one minimum stage: delay ln2 R (Cout + Cload)', () => {
    const cin = gateCap(minW, t) + gateCap(minW * t.pnRatio, t);
    const load = 4 * cin;
    const b = bufferChain(t, load, 0, Infinity);
    expect(b.stages).toBe(1);
    close(b.lastWidthN, minW);
    const cout = drainCap(minW, t) + drainCap(minW * t.pnRatio, t);
    close(b.delayS, Math.LN2 * onRes(minW, t) * (cout + load), 1e-3);
    close(b.energyJ, (cout + load) * t.vdd * t.vdd, 1e-3);
  });
  it('stage count is round(log4(effort)) and the last stage is clamped at 100 F', () => {
    const cin = gateCap(minW, t) + gateCap(minW * t.pnRatio, t);
    // effort 4^3 = 64 -> 3 stages
    expect(bufferChain(t, 64 * cin, 0, Infinity).stages).toBe(3);
    const huge = bufferChain(t, 1e-9, 0, Infinity);
    close(huge.lastWidthN, 100 * 22e-9);
  });
  it('a drive-current floor widens the last stage to I / Ion', () => {
    const b = bufferChain(t, 1e-16, 0, Infinity, { minDriveCurrentA: 100e-6 });
    // 100 uA / 1930.7 A/m = 5.179e-8 m
    close(b.lastWidthN, 100e-6 / 1930.7);
  });
});

describe('H-tree (unrepeated global wires, NVSim geometry)', () => {
  const t = resolveTech(22, 'hp', 350);
  const r = (3e-8 * 1.2223) / (205.92e-9 * 88e-9); // 2.02357e6 Ohm/m
  const c = 2.94462e-10; // F/m (above)
  it('two mats side by side: one horizontal level of one mat width', () => {
    const W = 100e-6;
    const h = evaluateHtree(t, W, 50e-6, 1, 2, 1, 10, 512);
    // latency ln(10) r c W^2 / 2 = 2.302585 x 2.02357e6 x 2.94462e-10 x 1e-8 / 2 = 6.8602e-12 s
    close(h.latencyS, (Math.LN10 * r * c * W * W) / 2, 1e-3);
    close(h.latencyS, 6.8602e-12, 1e-3);
    // data: 512 wires x c W Vdd^2 = 512 x 2.94462e-10 x 1e-4 x 0.81 = 1.22119e-11 J; address 10 wires
    close(h.dataEnergyJ, 1.22119e-11, 1e-3);
    close(h.addressEnergyJ, (10 / 512) * 1.22119e-11, 1e-3);
  });
  it('2 x 2 mats, all active: the data splits at the second level', () => {
    const W = 100e-6;
    const H = 60e-6;
    const h = evaluateHtree(t, W, H, 2, 2, 4, 10, 512);
    // level 1 horizontal, length W, 512 data wires; level 2 vertical, length H/2, 2 branches x 256 wires
    const e = (512 * W + 2 * 256 * (H / 2)) * c * 0.81;
    close(h.dataEnergyJ, e, 1e-3);
    close(h.latencyS, (Math.LN10 * r * c * (W * W + (H / 2) ** 2)) / 2, 1e-3);
  });
});

describe('bit-line precharger (CACTI / NVSim: 6 F pull-ups, minimum equaliser and enable inverter)', () => {
  const t = resolveTech(22, 'hp', 350);
  const input = {
    tech: 'sram',
    capacityBytes: 1 << 20,
    wordBits: 512,
    nodeNm: 22,
    roadmap: 'hp',
    target: 'read-edp',
  } as const;
  const { cell } = resolveCell(input, t);
  const b = prepareSubarray(t, cell, 64, 128)!;
  it('leaks from Vdd through the 6 F pull-up and the 1.5 F x pn enable PMOS per column', () => {
    // (6 + 1.5 x 2) x 22 nm = 198 nm x 1.0572 A/m (Ioff, 350 K) x 0.9 V = 1.88392e-7 W per column; x 128
    close(b.prechargeLeakW, 128 * 1.88392e-7);
  });
  it('takes two 6 F PMOS, a 1.5 F PMOS and a minimum inverter per column', () => {
    // each device (w + 6 F rails) x (2 x 2.5 + 1) F: 2 x (12 x 6) + 7.5 x 6 + (1.5 x 3 + 6) x 6 = 252 F^2
    // 252 x (22 nm)^2 = 1.21968e-13 m^2 per column; x 128
    close(b.prechargeAreaM2, 128 * 1.21968e-13);
  });
});
