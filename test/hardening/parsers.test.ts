/** Linear parsers, file readers that refuse what they used to accept silently, bounded JSON, bounded quotes. */
import { describe, expect, it } from 'vitest';
import { parseTopologyCsv, parseScaleSimCfg } from '../../src/models/accelerator/index.ts';
import { parseCellFile } from '../../src/models/array/index.ts';
import { jsonDepth, parseJsonBounded } from '../../src/schema/safe-json.ts';
import { FieldError } from '../../src/models/errors.ts';
import { readFileSync } from 'node:fs';

const STT = readFileSync('src/reference/nvsim/sample_STTRAM.cell', 'utf8');

describe('topology CSV: linear in its rows (item 2)', () => {
  it('100,000 rows sharing one layer name parse quickly (quadratic took 18 s for 20k rows)', () => {
    const n = 100_000;
    const text = 'Layer, M, N, K,\n' + 'same, 2, 3, 4,\n'.repeat(n);
    const t0 = performance.now();
    const net = parseTopologyCsv(text, 'shared.csv');
    const ms = performance.now() - t0;
    expect(net.layers.length).toBe(n);
    // names are made unique in order: same, same_2, same_3, ...
    expect(net.layers[0]!.name).toBe('same');
    expect(net.layers[1]!.name).toBe('same_2');
    expect(net.layers[n - 1]!.name).toBe(`same_${n}`);
    expect(new Set(net.layers.map((l) => l.name)).size).toBe(n);
    // Quadratic: n^2/2 = 5e9 set probes (minutes). Linear: ~0.3 s here; 10 s is a generous bound.
    expect(ms).toBeLessThan(10_000);
  });
  it('a name that collides with a generated suffix still gets a fresh one', () => {
    const net = parseTopologyCsv('Layer, M, N, K,\na, 1, 1, 1,\na_2, 1, 1, 1,\na, 1, 1, 1,\na, 1, 1, 1,\n', 't.csv');
    expect(net.layers.map((l) => l.name)).toEqual(['a', 'a_2', 'a_3', 'a_4']);
  });
  it('CR-only line endings are read', () => {
    const net = parseTopologyCsv('Layer, M, N, K,\ra, 1, 2, 3,\rb, 4, 5, 6,\r', 't.csv');
    expect(net.layers.length).toBe(2);
  });
});

describe('.cell and .cfg readers (item 10)', () => {
  const field = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(FieldError);
      return (e as FieldError).message;
    }
    throw new Error('accepted');
  };
  it('reads the sample cell with CR-only line endings (was "MemCellType: undefined")', () => {
    const cr = STT.replace(/\r?\n/g, '\r');
    expect(parseCellFile(cr, 'cr.cell').memCellType).toBe('MRAM');
  });
  it('refuses a repeated key, naming both lines', () => {
    const m = field(() => parseCellFile(STT + '\n-CellArea (F^2): 99\n', 'rep.cell'));
    expect(m).toMatch(/rep\.cell:\d+ CellArea \(F\^2\): "99" is not accepted .*already given on line \d+/);
  });
  it('refuses Ron > Roff, SetPulse 0 and ReadVoltage 0', () => {
    const swap = STT.replace(/-ResistanceOff \(ohm\): *([\d.e+]+)/, '-ResistanceOff (ohm): 100');
    expect(field(() => parseCellFile(swap, 's.cell'))).toMatch(/s\.cell ResistanceOff \(ohm\): 100 is not accepted/);
    const setPulse = STT.replace(/-SetPulse \(ns\): *[\d.e+]+/, '-SetPulse (ns): 0');
    expect(field(() => parseCellFile(setPulse, 'p.cell'))).toMatch(/SetPulse \(ns\): "0" is not accepted .*positive/);
    const readV = STT.replace(/-ReadVoltage \(V\): *[\d.e+]+/, '-ReadVoltage (V): 0');
    expect(field(() => parseCellFile(readV, 'v.cell'))).toMatch(/ReadVoltage \(V\): "0" is not accepted/);
    expect(field(() => parseCellFile(STT.replace(/(-CellArea \(F\^2\): *)[\d.]+/, '$10x10'), 'h.cell'))).toMatch(
      /decimal/,
    );
  });
  it('SCALE-Sim .cfg: a repeated key is refused; CR-only endings are read', () => {
    const cfg = '[architecture_presets]\nArrayHeight: 32\nArrayWidth: 32\nArrayHeight: 64\n';
    expect(field(() => parseScaleSimCfg(cfg, 'a.cfg'))).toMatch(/a\.cfg:4:ArrayHeight: "64" .*already given on line 2/);
    expect(parseScaleSimCfg(cfg.split('\n').slice(0, 3).join('\r'), 'b.cfg').rows).toBe(32);
  });
});

describe('bounded JSON (item 3)', () => {
  it('measures depth without recursion and ignores brackets in strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
    expect(jsonDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000);
  });
  it('10,000 levels: a FieldError naming the field, not a RangeError', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(() => parseJsonBounded(deep, 'import.json')).toThrow(FieldError);
    expect(() => parseJsonBounded(deep, 'import.json')).toThrow(/^import\.json: .*too deeply nested/);
    expect(parseJsonBounded('{"a":[1]}', 'ok.json')).toEqual({ a: [1] });
    expect(() => parseJsonBounded('{"a":', 'bad.json')).toThrow(/^bad\.json: .*a JSON document/);
  });
  it('a file over the size limit is refused before it is read', () => {
    expect(() => parseJsonBounded(null, 'big.json', { sizeHint: 50e6 })).toThrow(/^big\.json: .*too large/);
  });
});

describe('bounded quotes (item 11)', () => {
  it('quotes at most 80 characters of a bad value, then counts the rest', () => {
    const e = new FieldError('--x', 'y'.repeat(1000), 'a number');
    expect(e.message).toBe(`--x: "${'y'.repeat(80)}"… (1000 chars) is not accepted (accepted: a number)`);
    const o = new FieldError('f', { a: 'z'.repeat(500) }, 'an object');
    expect(o.message.length).toBeLessThan(160);
  });
});
