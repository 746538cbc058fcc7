/**
 * Golden test against recorded NVSim runs (src/reference/nvsim/, README there: NVSim commit 6334d00c,
 * the .cfg and cell files used, units mm^2, ns, pJ per 512-bit word, mW). Every row is evaluated with the
 * same inputs (capacity, node, roadmap, cell, ReadEDP target, 350 K) and our own organisation search.
 *
 * Tolerances reached (relative, |ours - NVSim| / NVSim, worst row), see TOLERANCE below:
 *   area 15 %, read latency 6 %, write latency 6 %, read energy 12 %, write energy 7 %, leakage 10 %.
 * The remaining spread comes mostly from the search: the read-EDP landscape is flat between neighbouring
 * sub-array shapes, so our search and NVSim's can settle on different ones (e.g. MRAM 1 MB LOP: 256x256 vs
 * NVSim's 512x256, area -15 %). Forced to NVSim's own sub-array shape (the `subarray` column) every metric
 * is within TOLERANCE_AT_NVSIM_SHAPE.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateArray, parseCellFile, type ArrayInput, type CellSpec } from '../../src/models/array/index.ts';

const DIR = new URL('../../src/reference/nvsim/', import.meta.url);
const csv = readFileSync(new URL('nvsim_runs.csv', DIR), 'utf8').trim().split(/\r?\n/);
const header = csv[0]!.split(',');
const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
const sttCell = parseCellFile(readFileSync(new URL('sample_STTRAM.cell', DIR), 'utf8'), 'sample_STTRAM.cell');
const sramCell = parseCellFile(readFileSync(new URL('SRAM.cell', DIR), 'utf8'), 'SRAM.cell');

/** Relative tolerance per metric reached by the model over all recorded rows. */
const TOLERANCE = {
  areaMm2: 0.15,
  readLatencyNs: 0.06,
  writeLatencyNs: 0.06,
  readEnergyPJ: 0.12,
  writeEnergyPJ: 0.07,
  leakageMW: 0.1,
} as const;

/** Relative tolerance reached with the sub-array fixed to the shape NVSim chose for the row. */
const TOLERANCE_AT_NVSIM_SHAPE = {
  areaMm2: 0.17,
  readLatencyNs: 0.09,
  writeLatencyNs: 0.1,
  readEnergyPJ: 0.07,
  writeEnergyPJ: 0.04,
  leakageMW: 0.12,
} as const;

type Metric = keyof typeof TOLERANCE;

function inputFor(r: Record<string, string>): ArrayInput {
  const isSram = r.cell_file === 'SRAM.cell';
  let cell: CellSpec = isSram ? sramCell : sttCell;
  if (r.set_energy_pJ === 'computed') {
    // The README: energies removed, both pulses set to set_pulse_ns.
    const { setEnergyJ: _s, resetEnergyJ: _r, ...rest } = cell;
    const pulse = Number(r.set_pulse_ns) * 1e-9;
    cell = { ...rest, setPulseS: pulse, resetPulseS: pulse, setCurrentA: Number(r.set_current_uA) * 1e-6 };
  }
  return {
    tech: isSram ? 'sram' : 'mram',
    capacityBytes: Number(r.capacity_kB) * 1024,
    wordBits: Number(r.word_width_bits),
    nodeNm: Number(r.process_node_nm),
    roadmap: r.device_roadmap === 'HP' ? 'hp' : 'lop',
    target: 'read-edp',
    temperatureK: 350,
    cell,
  };
}

function compare(r: Record<string, string>, input: ArrayInput, tol: Record<Metric, number>): void {
  const res = evaluateArray(input);
  expect(res.ok).toBe(true);
  if (!res.ok) return;
  const got = {
    areaMm2: res.areaMm2,
    readLatencyNs: res.readLatencyS * 1e9,
    writeLatencyNs: res.writeLatencyS * 1e9,
    readEnergyPJ: res.readEnergyJ * 1e12,
    writeEnergyPJ: res.writeEnergyJ * 1e12,
    leakageMW: res.leakageW * 1e3,
  };
  const want = {
    areaMm2: Number(r.area_mm2),
    readLatencyNs: Number(r.read_latency_ns),
    writeLatencyNs: Number(r.write_latency_ns),
    readEnergyPJ: Number(r.read_energy_pJ),
    writeEnergyPJ: Number(r.write_energy_pJ),
    leakageMW: Number(r.leakage_mW),
  };
  for (const k of Object.keys(tol) as Metric[]) {
    const rel = Math.abs(got[k] - want[k]) / want[k];
    expect(rel, `${k}: ours ${got[k].toPrecision(4)} vs NVSim ${want[k]}`).toBeLessThanOrEqual(tol[k]);
  }
}

describe('array model vs recorded NVSim runs', () => {
  it('has rows to compare', () => {
    expect(rows.length).toBeGreaterThanOrEqual(11);
  });
  for (const r of rows) {
    it(r.run_id!, () => {
      compare(r, inputFor(r), TOLERANCE);
    });
  }

  describe("at NVSim's own sub-array shape", () => {
    for (const r of rows) {
      it(`${r.run_id!} (${r.subarray!})`, () => {
        const [sr, sc] = r.subarray!.split('x').map(Number);
        compare(r, { ...inputFor(r), fixedSubarray: { rows: sr!, cols: sc! } }, TOLERANCE_AT_NVSIM_SHAPE);
      });
    }
  });

  it('write latency follows the pulse one for one, as in the NVSim runs (10 -> 5 -> 2 ns)', () => {
    const pulses = rows.filter((r) => r.set_energy_pJ === 'computed');
    const lat = pulses.map((r) => {
      const res = evaluateArray(inputFor(r));
      if (!res.ok) throw new Error(res.reason);
      return { pulseNs: Number(r.set_pulse_ns), ns: res.writeLatencyS * 1e9, nvsim: Number(r.write_latency_ns) };
    });
    for (let i = 1; i < lat.length; i++) {
      // NVSim: 10.448 - 5.448 = 5 ns; ours must show the same difference (same organisation, periphery).
      expect(lat[i - 1]!.ns - lat[i]!.ns).toBeCloseTo(lat[i - 1]!.pulseNs - lat[i]!.pulseNs, 9);
      expect(lat[i - 1]!.nvsim - lat[i]!.nvsim).toBeCloseTo(lat[i - 1]!.pulseNs - lat[i]!.pulseNs, 3);
    }
  });

  it('computed MRAM switching energy is supply x current x pulse per bit, as NVSim (237.127 - 134.727 = 102.4 pJ)', () => {
    const [a, b] = rows.filter((r) => r.set_energy_pJ === 'computed');
    const ea = evaluateArray(inputFor(a!));
    const eb = evaluateArray(inputFor(b!));
    if (!ea.ok || !eb.ok) throw new Error('infeasible');
    // Hand: 512 bits x 0.5 V (22 nm LOP Vdd) x 80 uA x (10 - 5) ns = 512 x 0.2 pJ = 102.4 pJ.
    expect((ea.writeEnergyJ - eb.writeEnergyJ) * 1e12).toBeCloseTo(102.4, 6);
    expect(Number(a!.write_energy_pJ) - Number(b!.write_energy_pJ)).toBeCloseTo(102.4, 3);
  });
});
