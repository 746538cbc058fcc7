import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, utf8Bytes } from '../../src/schema/spec-hash.ts';
import { parseSweepSpec, sweepRowMeta, sweepSpecHash } from '../../src/schema/sweep.ts';

describe('64-bit FNV-1a', () => {
  it('matches the published test vectors', () => {
    // FNV-1a 64-bit vectors of the FNV reference test suite (Noll, test_fnv.c; Eastlake et al.,
    // draft-eastlake-fnv): "" is the offset basis itself.
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
  it('hashes the UTF-8 bytes (Node’s encoder as the reference)', () => {
    for (const s of ['plain', 'é', '€5', '😀 x', 'a\ud800b']) expect(utf8Bytes(s)).toEqual([...Buffer.from(s, 'utf8')]);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }, 3], e: undefined })).toBe('{"a":[{"c":"x","d":2},3],"b":1}');
  });
});

describe('sweep spec hash', () => {
  const spec = {
    base: { seed: 3, accelerator: { network: 'mlp-digits' } },
    voltageV: [0.6, 0.7],
    pulseWidthS: ['3ns', '5ns'],
  };
  const hash = (o: unknown) => sweepSpecHash(parseSweepSpec(o));
  it('is the same for the same sweep written differently', () => {
    const h = hash(spec);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    // SI numbers instead of units, keys in another order, a default written out, UI state
    expect(
      hash({
        pulseWidthS: [3e-9, 5e-9],
        voltageV: [0.6, 0.7],
        base: { accelerator: { network: 'mlp-digits' }, seed: 3 },
      }),
    ).toBe(h);
    expect(hash({ ...spec, accuracy: false })).toBe(h);
    expect(hash({ ...spec, base: { ...spec.base, ui: { talk: true } } })).toBe(h);
  });
  it('differs when anything that changes a point or the point set changes', () => {
    const h = hash(spec);
    expect(hash({ ...spec, voltageV: [0.6, 0.8] })).not.toBe(h);
    expect(hash({ ...spec, voltageV: [0.7, 0.6] })).not.toBe(h); // another order: other indices
    expect(hash({ ...spec, pulseWidthS: ['3ns'] })).not.toBe(h);
    expect(hash({ ...spec, base: { ...spec.base, seed: 4 } })).not.toBe(h);
    expect(hash({ ...spec, accuracy: true })).not.toBe(h);
  });
  it('row meta: the hash, the point count (2 voltages x 2 pulses x 1 placement = 4) and the shard', () => {
    expect(sweepRowMeta(parseSweepSpec(spec), { index: 1, count: 3 })).toEqual({
      specHash: hash(spec),
      sweepPoints: 4,
      shard: '1/3',
    });
  });
});
