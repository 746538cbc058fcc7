/** Property test: any valid input gives finite positive metrics or an infeasible result with a reason and a hint. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateArray, type ArrayInput } from '../../src/models/array/index.ts';

const input = fc.record({
  tech: fc.constantFrom('sram' as const, 'mram' as const),
  capacityBytes: fc.integer({ min: 16, max: 28 }).map((k) => 2 ** k),
  wordBits: fc.integer({ min: 3, max: 12 }).map((k) => 2 ** k),
  nodeNm: fc.double({ min: 22, max: 45, noNaN: true }),
  roadmap: fc.constantFrom('hp' as const, 'lop' as const),
  target: fc.constantFrom(
    'read-edp' as const,
    'read-latency' as const,
    'write-edp' as const,
    'area' as const,
    'leakage' as const,
  ),
  banks: fc.integer({ min: 0, max: 6 }).map((k) => 2 ** k),
  temperatureK: fc.double({ min: 300, max: 400, noNaN: true }),
});

describe('array model over the whole input space', () => {
  it('never crashes; feasible points are finite and positive', () => {
    fc.assert(
      fc.property(input, (i: ArrayInput) => {
        const r = evaluateArray(i);
        if (!r.ok) {
          expect(r.reason.length).toBeGreaterThan(0);
          expect(r.hint).toBeTruthy();
          return;
        }
        for (const v of [r.areaMm2, r.readLatencyS, r.writeLatencyS, r.readEnergyJ, r.writeEnergyJ, r.leakageW]) {
          expect(Number.isFinite(v) && v > 0).toBe(true);
        }
        expect(r.capacityBytes).toBe(i.capacityBytes);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
