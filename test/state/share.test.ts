import { describe, expect, it } from 'vitest';
import { evaluateAnalytic } from '../../src/evaluate/analytic.ts';
import { defaultConfig, type ExplorerConfig } from '../../src/schema/schema.ts';
import { shareDeep, shareUnchanged } from '../../src/state/store.ts';

/** A copy made the way results reach the UI (structured clone over postMessage): equal, never identical. */
const clone = <T>(x: T): T => structuredClone(x);

describe('shareDeep (structural sharing of analytic results)', () => {
  it('returns the previous object when nothing changed, at any depth', () => {
    const prev = { a: 1, b: { c: [1, 2, { d: 'x' }], e: new Float64Array([1, NaN, -0]) }, f: null };
    const next = clone(prev);
    expect(next).not.toBe(prev);
    expect(shareDeep(prev, next)).toBe(prev);
  });

  it('keeps unchanged siblings and replaces only the changed path', () => {
    const prev = { keep: { x: [1, 2, 3] }, change: { y: 1, z: { w: 2 } }, arr: [{ v: 1 }, { v: 2 }] };
    const next = clone(prev);
    next.change.y = 5;
    next.arr[1]!.v = 3;
    const out = shareDeep(prev, next);
    expect(out).toEqual(next);
    expect(out).not.toBe(prev);
    expect(out.keep).toBe(prev.keep);
    expect(out.change).not.toBe(prev.change);
    expect(out.change.z).toBe(prev.change.z);
    expect(out.change.y).toBe(5);
    expect(out.arr).not.toBe(prev.arr);
    expect(out.arr[0]).toBe(prev.arr[0]);
    expect(out.arr[1]).toEqual({ v: 3 });
  });

  it('compares typed arrays element by element (a changed element, a changed length or type is new)', () => {
    const a = new Float64Array([1, 2, 3]);
    expect(shareDeep(a, new Float64Array([1, 2, 3]))).toBe(a);
    const changed = new Float64Array([1, 2, 4]);
    expect(shareDeep(a, changed)).toBe(changed);
    const longer = new Float64Array([1, 2, 3, 4]);
    expect(shareDeep(a, longer)).toBe(longer);
    const f32 = new Float32Array([1, 2, 3]);
    expect(shareDeep<ArrayLike<number>>(a, f32)).toBe(f32);
  });

  it('treats a key added or removed, or a changed length, as a change', () => {
    const prev: Record<string, number> = { a: 1, b: 2 };
    const fewer: Record<string, number> = { a: 1 };
    expect(shareDeep(prev, fewer)).toEqual({ a: 1 });
    expect(shareDeep(prev, fewer)).not.toBe(prev);
    const more: Record<string, number> = { a: 1, b: 2, c: 3 };
    expect(shareDeep(prev, more)).toEqual(more);
    const list = [{ v: 1 }];
    const longerList = [{ v: 1 }, { v: 2 }];
    const out = shareDeep(list, longerList);
    expect(out).toEqual(longerList);
    expect(out[0]).toBe(list[0]);
  });

  it('on a write-voltage move, shares the sections the move does not touch and changes no number', () => {
    const base = defaultConfig();
    const moved: ExplorerConfig = { ...base, device: { ...base.device, voltageV: base.device.voltageV + 0.05 } };
    const prev = clone(evaluateAnalytic(base));
    const fresh = clone(evaluateAnalytic(moved));
    const out = shareUnchanged(prev, fresh);
    expect(out).toEqual(fresh);
    if (!out.ok || !prev.ok || !fresh.ok) throw new Error('expected feasible defaults');
    const [o, p] = [out.result, prev.result];
    if (!o.device.ok || !p.device.ok || !o.array.ok || !p.array.ok) throw new Error('expected feasible sections');
    // the nominal write and the array curves (nominal write) do not depend on the relaxed voltage
    expect(o.device.nominal).toBe(p.device.nominal);
    expect(o.array.curves).toBe(p.array.curves);
    expect(o.array.sram).toBe(p.array.sram);
    // the relaxed write does
    expect(o.device.relaxed).not.toBe(p.device.relaxed);
    expect(o.array.mramRelaxed).not.toBe(p.array.mramRelaxed);
    // with every class at the nominal write (the default placement) the system numbers do not move
    expect(Object.values(base.placement).every((p) => p !== 'relaxed')).toBe(true);
    expect(out.result.system).toBe(prev.result.system);
  });
});
