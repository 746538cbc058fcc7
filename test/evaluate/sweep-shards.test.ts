import { describe, expect, it } from 'vitest';
import { compactRanges, mergeShards, parseCsv } from '../../src/evaluate/sweep-shards.ts';
import { csvHeader, csvRow, trainOutputs, type SweepRow } from '../../src/evaluate/sweep-points.ts';
import { enumeratePoints, parseSweepSpec, sweepRowMeta } from '../../src/schema/sweep.ts';

describe('CSV records', () => {
  it('reads quoted cells (commas, quotes, line breaks) and names the line each record starts on', () => {
    const { records, torn } = parseCsv('a,"b,c",d\n"say ""hi""","two\nlines",\n\nx\n');
    expect(records).toEqual([
      { cells: ['a', 'b,c', 'd'], line: 1 },
      { cells: ['say "hi"', 'two\nlines', ''], line: 2 },
      { cells: ['x'], line: 5 },
    ]);
    expect(torn).toBeNull();
  });
  it('a last record without its newline is torn, not a record (also inside quotes)', () => {
    expect(parseCsv('a,b\nc,d').torn).toEqual({ line: 2, text: 'c,d' });
    expect(parseCsv('a,b\n"c\nd').records).toEqual([{ cells: ['a', 'b'], line: 1 }]);
    expect(parseCsv('a,b\n"c\nd').torn).toEqual({ line: 2, text: '"c\nd' });
  });
});

describe('compact ranges', () => {
  it('joins runs', () => {
    expect(compactRanges([0, 1, 2, 3, 7, 9, 10, 11])).toBe('0-3, 7, 9-11');
    expect(compactRanges([1, 3, 5, 7], 2)).toBe('1, 3, … (2 more ranges)');
  });
});

describe('merge: the Pareto front over all shards', () => {
  // Four trained points in two shards of two. Energy (J) and accuracy by hand:
  //   #0 (1e-6, 0.50)  #1 (2e-6, 0.90)   | shard 0/2: neither dominates the other: both on its front
  //   #2 (1.5e-6, 0.95) #3 (3e-6, 0.99)  | shard 1/2: both on its front
  // Over all four, #2 dominates #1 (less energy, more accuracy): the merged front is #0, #2, #3.
  const spec = parseSweepSpec({ voltageV: [0.6, 0.7, 0.8, 0.9], accuracy: true });
  const configs = enumeratePoints(spec);
  const data: [number, number][] = [
    [1e-6, 0.5],
    [2e-6, 0.9],
    [1.5e-6, 0.95],
    [3e-6, 0.99],
  ];
  const row = (i: number, front: boolean): SweepRow => ({
    index: i,
    config: configs[i]!,
    out: {
      ok: true,
      reason: '',
      energyPerStepJ: data[i]![0],
      ...trainOutputs({ testAccuracy: data[i]![1], status: 'ok', corruptedBits: {}, backend: 'wasm' }),
      onParetoFront: front,
    } as SweepRow['out'],
  });
  const shard = (k: number, rows: SweepRow[], header: boolean) =>
    (header ? csvHeader() + '\n' : '') +
    rows.map((r) => csvRow(r, sweepRowMeta(spec, { index: k, count: 2 })) + '\n').join('');
  it('recomputes the flag: a point on its shard’s front is off the merged one', () => {
    const m = mergeShards([
      { file: 'b.csv', text: shard(1, [row(2, true), row(3, true)], false) },
      { file: 'a.csv', text: shard(0, [row(0, true), row(1, true)], true) },
    ]);
    const cols = csvHeader().split(',');
    const flags = m.text
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[cols.indexOf('onParetoFront')]);
    expect(flags).toEqual(['true', 'false', 'true', 'true']);
    expect(m).toMatchObject({ points: 4, files: 2, trained: true, onParetoFront: 3, infeasible: 0 });
  });
});
