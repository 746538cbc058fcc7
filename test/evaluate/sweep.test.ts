import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FieldError } from '../../src/models/errors.ts';
import { enumeratePoints, parseShard, parseSweepSpec, shardRange } from '../../src/schema/sweep.ts';
import {
  csvHeader,
  csvRow,
  markParetoFront,
  paretoFront,
  trainOutputs,
  type SweepRow,
} from '../../src/evaluate/sweep-points.ts';

describe('sweep spec', () => {
  it('enumerates placement x voltage x pulse in a fixed order, pulse fastest', () => {
    const spec = parseSweepSpec({
      base: { seed: 5 },
      voltageV: [0.6, 0.7],
      pulseWidthS: ['2ns', 5e-9, '10ns'],
      placements: [{ weights: 'sram' }, { activations: 'relaxed', errors: 'relaxed' }],
    });
    const pts = enumeratePoints(spec);
    // 2 placements x 2 voltages x 3 pulses = 12 points
    expect(pts).toHaveLength(12);
    expect(pts.map((p) => [p.device.voltageV, p.device.pulseWidthS]).slice(0, 4)).toEqual([
      [0.6, 2e-9],
      [0.6, 5e-9],
      [0.6, 1e-8],
      [0.7, 2e-9],
    ]);
    expect(pts[0]!.placement.weights).toBe('sram');
    expect(pts[6]!.placement).toEqual({
      weights: 'mram',
      activations: 'relaxed',
      errors: 'relaxed',
      weightGradients: 'mram',
      optimizer: 'sram', // from the base configuration's default
    });
    expect(pts.every((p) => p.seed === 5)).toBe(true);
  });

  it('names the file and field of bad input', () => {
    const bad = (o: unknown) => {
      try {
        parseSweepSpec(o, 'my.json');
      } catch (e) {
        return (e as FieldError).field;
      }
      return 'no error';
    };
    expect(bad({ voltageV: [0.6, 9] })).toBe('my.json: voltageV[1]');
    expect(bad({ pulseWidthS: ['fast'] })).toBe('my.json: pulseWidthS[0]');
    expect(bad({ placements: [{ weights: 'flash' }] })).toBe('my.json: placements[0].weights');
    expect(bad({ base: { accelerator: { rows: -1 } } })).toBe('my.json: base.accelerator.rows');
    expect(bad({ colour: 1 })).toBe('my.json: colour');
    expect(bad([1])).toBe('my.json: (root)');
    expect(bad({ base: 5 })).toBe('my.json: base');
  });
});

describe('shards', () => {
  it('parses i/n', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('5/5')).toThrow(FieldError);
    expect(() => parseShard('a/b')).toThrow('--shard');
  });
  it('contiguous shards cover every point exactly once, in order (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 40 }), (n, k) => {
        const all: number[] = [];
        for (let i = 0; i < k; i++) {
          const [lo, hi] = shardRange(n, { index: i, count: k });
          for (let j = lo; j < hi; j++) all.push(j);
        }
        expect(all).toEqual(Array.from({ length: n }, (_, j) => j));
      }),
    );
  });
});

describe('Pareto front', () => {
  it('keeps the non-dominated points (hand example)', () => {
    // energy (lower better), accuracy (higher better):
    // a(1, .80) b(2, .85) c(2, .84: dominated by b) d(3, .85: dominated by b) e(4, .95) f(5, .90: dominated by e)
    const pts = [
      { id: 1, energyJ: 1, accuracy: 0.8 },
      { id: 2, energyJ: 2, accuracy: 0.85 },
      { id: 3, energyJ: 2, accuracy: 0.84 },
      { id: 4, energyJ: 3, accuracy: 0.85 },
      { id: 5, energyJ: 4, accuracy: 0.95 },
      { id: 6, energyJ: 5, accuracy: 0.9 },
      { id: 7, energyJ: NaN, accuracy: 0.99 },
    ];
    expect(paretoFront(pts).map((p) => p.id)).toEqual([1, 2, 5]);
  });
  it('no front point is dominated by any point (property)', () => {
    const arb = fc.array(
      fc.record({
        id: fc.nat(),
        energyJ: fc.double({ min: 0, max: 10, noNaN: true }),
        accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(arb, (pts) => {
        const front = paretoFront(pts);
        for (const f of front) {
          for (const p of pts) {
            const dominates =
              p.energyJ <= f.energyJ && p.accuracy >= f.accuracy && (p.energyJ < f.energyJ || p.accuracy > f.accuracy);
            expect(dominates).toBe(false);
          }
        }
        // and every point is dominated by or equal to some front point
        for (const p of pts) expect(front.some((f) => f.energyJ <= p.energyJ && f.accuracy >= p.accuracy)).toBe(true);
      }),
    );
  });
  it('a diverged point is never on the front, even where it would dominate every other point', () => {
    // d(1, .99, diverged) would dominate a(2, .9) and b(3, .95); with it left out the front is a, b.
    const pts = [
      { id: 1, energyJ: 1, accuracy: 0.99, diverged: true },
      { id: 2, energyJ: 2, accuracy: 0.9 },
      { id: 3, energyJ: 3, accuracy: 0.95 },
    ];
    expect(paretoFront(pts).map((p) => p.id)).toEqual([2, 3]);
  });
  it('diverged points never on the front (property: any energies, accuracies and statuses)', () => {
    const arb = fc.array(
      fc.record({
        id: fc.nat(),
        energyJ: fc.double({ min: 0, max: 10, noNaN: true }),
        accuracy: fc.double({ min: 0, max: 1, noNaN: true }),
        diverged: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(arb, (pts) => {
        for (const f of paretoFront(pts)) expect(f.diverged).toBe(false);
      }),
    );
  });
});

describe('sweep rows: trainStatus and onParetoFront', () => {
  const base = parseSweepSpec({ voltageV: [0.6, 0.7, 0.8, 0.9] }).base;
  const configs = enumeratePoints({ ...parseSweepSpec({ voltageV: [0.6, 0.7, 0.8, 0.9] }), base });
  const row = (i: number, energy: number, acc: number, status: string, step?: number): SweepRow => ({
    index: i,
    config: configs[i]!,
    out: {
      ok: true,
      reason: '',
      energyPerStepJ: energy,
      ...trainOutputs({
        testAccuracy: acc,
        status,
        ...(step !== undefined ? { divergedAtStep: step } : {}),
        corruptedBits: { activations: 1, weights: 2, errors: 3 },
        backend: 'wasm',
      }),
    } as SweepRow['out'],
  });
  it('a diverged row is marked, keeps its step, and is not on the front; the rows it would dominate are', () => {
    const rows = markParetoFront([
      row(0, 1e-6, 0.1, 'diverged', 17),
      row(1, 2e-6, 0.9, 'ok'),
      row(2, 3e-6, 0.95, 'ok'),
      row(3, 4e-6, 0.94, 'ok'), // dominated by row 2
    ]);
    expect(rows.map((r) => r.out.onParetoFront)).toEqual([false, true, true, false]);
    expect(rows[0]!.out.trainStatus).toBe('diverged');
    expect(rows[0]!.out.divergedAtStep).toBe(17);
    expect(rows[0]!.out.corruptedBits).toBe(6);
    // CSV: the header names both columns; the diverged row's cells are "diverged", 17 and false
    const cols = csvHeader().split(',');
    const cells = csvRow(rows[0]!).split(',');
    expect(cells[cols.indexOf('trainStatus')]).toBe('diverged');
    expect(cells[cols.indexOf('divergedAtStep')]).toBe('17');
    expect(cells[cols.indexOf('onParetoFront')]).toBe('false');
    expect(csvRow(rows[1]!).split(',')[cols.indexOf('onParetoFront')]).toBe('true');
  });
  it('a failed row is never on the front either', () => {
    const rows = markParetoFront([row(0, 1e-6, 0.99, 'failed: out of memory'), row(1, 2e-6, 0.5, 'ok')]);
    expect(rows.map((r) => r.out.onParetoFront)).toEqual([false, true]);
  });
});
