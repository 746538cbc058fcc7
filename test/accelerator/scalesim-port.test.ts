/**
 * Independent check of the closed forms: a literal port of SCALE-Sim v2's fold loops
 * (systolic_compute_{os,ws,is}.py: the demand-matrix row counts, request counters, per-fold mapping
 * efficiency and compute utilisation; total_cycles = last ofmap demand row) on many small shapes,
 * including partial folds and non-square arrays. The port builds the row counts fold by fold, as the
 * Python does, instead of using the closed forms.
 */
import { describe, expect, it } from 'vitest';
import { systolicGemm, type Dataflow } from '../../src/models/accelerator/index.ts';

interface Port {
  cycles: number;
  ifmap: number;
  filter: number;
  ofmap: number;
  mapping: number;
  compute: number;
}

function port(M: number, N: number, K: number, R: number, C: number, df: Dataflow): Port {
  const [Sr, Sc, T] = df === 'os' ? [M, N, K] : df === 'ws' ? [K, N, M] : [K, M, N];
  const rf = Math.ceil(Sr / R);
  const cf = Math.ceil(Sc / C);
  let ifmap = 0,
    filter = 0,
    ofmap = 0,
    ifRows = 0,
    fiRows = 0,
    ofRows = 0;
  const maps: number[] = [];
  const comps: number[] = [];
  const skew = (rows: number, cols: number) => rows + cols - 1;
  for (let fc = 0; fc < cf; fc++) {
    for (let fr = 0; fr < rf; fr++) {
      const ur = Math.min(R, Sr - fr * R);
      const uc = Math.min(C, Sc - fc * C);
      let cyc: number;
      if (df === 'os') {
        ifmap += T * ur; // ifmap_op_mat_trans[:, rows of fold]: T x ur
        ifRows += skew(T + C - 1, R);
        filter += T * uc;
        fiRows += skew(T + R - 1, C);
        ofmap += ur * uc + R + C; // counted, padded, then shape[0] + shape[1] again
        const rows = T - 1 + R;
        cyc = rows + C - 1;
        ofRows += skew(rows, C);
      } else if (df === 'ws') {
        ifmap += T * ur;
        ifRows += skew(R + T + C - 1, R);
        filter += ur * uc;
        const frows = R + (R + C + T - 2);
        fiRows += frows; // no skew for ws filters
        cyc = frows + C - 1;
        ofmap += T * uc;
        ofRows += skew(2 * R - 1 + T, C);
      } else {
        ifmap += ur * uc;
        const irows = R + (R + C + T - 2);
        ifRows += irows; // no skew for is ifmap
        cyc = irows + C - 1;
        filter += T * ur;
        fiRows += skew(R + T + C - 1, R);
        ofmap += T * uc;
        ofRows += skew(2 * R - 1 + T, C);
      }
      maps.push((ur * uc) / (R * C));
      comps.push((ur * uc * T) / (R * C * cyc));
    }
  }
  // SCALE-Sim asserts the three demand matrices have the same number of rows
  expect(ifRows).toBe(ofRows);
  expect(fiRows).toBe(ofRows);
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  return { cycles: ofRows - 1, ifmap, filter, ofmap, mapping: mean(maps), compute: mean(comps) };
}

describe('closed forms = fold-by-fold port of SCALE-Sim v2', () => {
  const dims = [1, 3, 7, 16, 33];
  const arrays: [number, number][] = [
    [4, 4],
    [8, 3],
    [2, 16],
    [32, 32],
  ];
  for (const df of ['os', 'ws', 'is'] as const) {
    it(`${df}: ${dims.length ** 3 * arrays.length} shapes`, () => {
      for (const [R, C] of arrays)
        for (const M of dims)
          for (const N of dims)
            for (const K of dims) {
              const p = port(M, N, K, R, C, df);
              const c = systolicGemm(M, N, K, R, C, df);
              expect([c.cycles, c.ifmapSramReads, c.filterSramReads, c.ofmapSramWrites]).toEqual([
                p.cycles,
                p.ifmap,
                p.filter,
                p.ofmap,
              ]);
              expect(c.mappingEff).toBeCloseTo(p.mapping, 12);
              expect(c.computeUtil).toBeCloseTo(p.compute, 12);
            }
    });
  }
});
