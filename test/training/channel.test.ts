/**
 * The write-error channel against independent references:
 * - flip frequencies per bit position and direction match the requested rates within binomial bounds;
 * - stored values are the exact IEEE-754 values of the flipped words (DataView reference written here);
 * - only bits that change can fail, a failed bit keeps its old value, protected fields never fail.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/models/rng.ts';
import {
  type ChannelConfig,
  emptyStats,
  fromWords,
  protectMask,
  tensorKey,
  toWords,
  useWasmScan,
  writeFloats,
  writeWords,
} from '../../src/training/channel.ts';

const cfg = (over: Partial<ChannelConfig>): ChannelConfig => ({
  format: 'fp32',
  rate01: 0,
  rate10: 0,
  protectMask: 0,
  readBeforeWrite: true,
  ...over,
});

/** Random u32 words from a seeded generator (the test's own data, not the channel's hash). */
function randomWords(n: number, seed: number, mask = 0xffffffff): Uint32Array {
  const rng = createRng(seed, 7);
  const w = new Uint32Array(n);
  for (let i = 0; i < n; i++) w[i] = (rng.nextU32() & mask) >>> 0;
  return w;
}

/**
 * Binomial acceptance band: |observed - n p| <= 5 sigma + 1, sigma = sqrt(n p (1 - p)).
 * (5 sigma: a false alarm has probability below 1e-6 per check, so the ~400 checks here are safe.)
 */
function expectBinomial(observed: number, n: number, p: number, what: string): void {
  const mean = n * p;
  const band = 5 * Math.sqrt(mean * (1 - p)) + 1;
  expect(
    Math.abs(observed - mean),
    `${what}: observed ${observed}, expected ${mean.toFixed(2)} +- ${band.toFixed(2)}`,
  ).toBeLessThanOrEqual(band);
}

/** Count failures per bit position and direction from prev/next/stored (reference bookkeeping). */
function tally(prev: Uint32Array, next: Uint32Array, stored: Uint32Array, width: number) {
  const driven01 = new Array<number>(width).fill(0);
  const driven10 = new Array<number>(width).fill(0);
  const failed01 = new Array<number>(width).fill(0);
  const failed10 = new Array<number>(width).fill(0);
  for (let i = 0; i < next.length; i++) {
    for (let b = 0; b < width; b++) {
      const o = (prev[i]! >>> b) & 1;
      const n = (next[i]! >>> b) & 1;
      const s = (stored[i]! >>> b) & 1;
      if (o === 0 && n === 1) {
        driven01[b]!++;
        if (s === 0) failed01[b]!++;
      } else if (o === 1 && n === 0) {
        driven10[b]!++;
        if (s === 1) failed10[b]!++;
      }
    }
  }
  return { driven01, driven10, failed01, failed10 };
}

/** Bit count by clearing the lowest set bit (Kernighan), independent of the channel's popcount. */
function bits(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v !== 0; v = (v & (v - 1)) >>> 0) c++;
  return c;
}

/** Totals per direction with word-wide masks (fast path for the low rates). */
function totals(prev: Uint32Array, next: Uint32Array, stored: Uint32Array) {
  let driven01 = 0,
    driven10 = 0,
    failed01 = 0,
    failed10 = 0;
  for (let i = 0; i < next.length; i++) {
    const up = ~prev[i]! & next[i]!;
    const down = prev[i]! & ~next[i]!;
    driven01 += bits(up);
    driven10 += bits(down);
    failed01 += up & ~stored[i]! ? bits(up & ~stored[i]!) : 0;
    failed10 += down & stored[i]! ? bits(down & stored[i]!) : 0;
  }
  return { driven01, driven10, failed01, failed10 };
}

describe('flip frequency vs requested rate', () => {
  // Rates 1e-6..1e-4: per-direction totals (per-position counts would be ~1); 1e-3..1e-1: per position.
  for (const r of [1e-6, 1e-5, 1e-4]) {
    it(`rate01=${r}, rate10=${3 * r}: totals per direction within 5 sigma`, () => {
      const n = 1 << 20; // 33.5 M bits, about 8.4 M driven per direction
      const prev = randomWords(n, 1);
      const next = randomWords(n, 2);
      const out = new Uint32Array(n);
      const stats = emptyStats();
      writeWords(next, prev, cfg({ rate01: r, rate10: 3 * r }), tensorKey(11, 1, 1), out, stats);
      const t = totals(prev, next, out);
      expectBinomial(t.failed01, t.driven01, r, '0->1 total');
      expectBinomial(t.failed10, t.driven10, 3 * r, '1->0 total');
      // the channel's own counters agree with the reference bookkeeping
      expect(stats.failed01).toBe(t.failed01);
      expect(stats.failed10).toBe(t.failed10);
      expect(stats.switch01).toBe(t.driven01);
      expect(stats.switch10).toBe(t.driven10);
    });
  }
  for (const r of [1e-3, 1e-2, 1e-1]) {
    it(`rate01=${r}, rate10=${3 * r}: every bit position and direction within 5 sigma`, () => {
      const n = 1 << 16;
      const prev = randomWords(n, 3);
      const next = randomWords(n, 4);
      const out = new Uint32Array(n);
      writeWords(next, prev, cfg({ rate01: r, rate10: 3 * r }), tensorKey(12, 5, 2), out, emptyStats());
      const t = tally(prev, next, out, 32);
      for (let b = 0; b < 32; b++) {
        expectBinomial(t.failed01[b]!, t.driven01[b]!, r, `bit ${b} 0->1`);
        expectBinomial(t.failed10[b]!, t.driven10[b]!, 3 * r, `bit ${b} 1->0`);
      }
    });
  }
  it('bf16 words: per position and direction at 1e-2 / 5e-2', () => {
    const n = 1 << 16;
    const prev = randomWords(n, 5, 0xffff);
    const next = randomWords(n, 6, 0xffff);
    const out = new Uint32Array(n);
    writeWords(next, prev, cfg({ format: 'bf16', rate01: 1e-2, rate10: 5e-2 }), tensorKey(13, 1, 3), out, emptyStats());
    const t = tally(prev, next, out, 16);
    for (let b = 0; b < 16; b++) {
      expectBinomial(t.failed01[b]!, t.driven01[b]!, 1e-2, `bf16 bit ${b} 0->1`);
      expectBinomial(t.failed10[b]!, t.driven10[b]!, 5e-2, `bf16 bit ${b} 1->0`);
    }
    for (let i = 0; i < n; i++) expect(out[i]! >>> 16).toBe(0);
  });
  it('rate 0 changes nothing; rate 1 leaves every changed unprotected bit at its old value', () => {
    const prev = randomWords(4096, 7);
    const next = randomWords(4096, 8);
    const out = new Uint32Array(4096);
    writeWords(next, prev, cfg({}), tensorKey(1, 1, 1), out, emptyStats());
    expect(Array.from(out)).toEqual(Array.from(next));
    writeWords(next, prev, cfg({ rate01: 1, rate10: 1 }), tensorKey(1, 1, 1), out, emptyStats());
    expect(Array.from(out)).toEqual(Array.from(prev));
    // only one direction fails: 0->1 switches fail, 1->0 succeed -> stored = prev | next... bitwise:
    // bits that should rise stay 0, bits that should fall do fall: stored = prev & next.
    writeWords(next, prev, cfg({ rate01: 1, rate10: 0 }), tensorKey(1, 1, 1), out, emptyStats());
    for (let i = 0; i < 4096; i++) expect(out[i]).toBe((prev[i]! & next[i]!) >>> 0);
    writeWords(next, prev, cfg({ rate01: 0, rate10: 1 }), tensorKey(1, 1, 1), out, emptyStats());
    for (let i = 0; i < 4096; i++) expect(out[i]).toBe((prev[i]! | next[i]!) >>> 0);
  });
});

/** Binomial pmf C(n, k) p^k (1 - p)^(n - k), by the product formula (the test's own reference). */
function binomPmf(n: number, k: number, p: number): number {
  let c = 1;
  for (let j = 0; j < k; j++) c = (c * (n - j)) / (j + 1);
  return c * Math.pow(p, k) * Math.pow(1 - p, n - k);
}

describe('flip statistics of the skip-ahead sampler', () => {
  // Low rates per bit position: the same data written under 32 different keys (steps), so every
  // position and direction sees ~2.1 M driven bits; the driven counts come from the data alone.
  for (const r of [1e-6, 1e-5, 1e-4]) {
    it(`rate01=${r}, rate10=${3 * r}: every bit position and direction within 5 sigma over 32 writes`, () => {
      const n = 1 << 18;
      const writes = 32;
      const prev = randomWords(n, 31);
      const next = randomWords(n, 32);
      const driven01 = new Array<number>(32).fill(0);
      const driven10 = new Array<number>(32).fill(0);
      for (let i = 0; i < n; i++) {
        for (let b = 0; b < 32; b++) {
          const o = (prev[i]! >>> b) & 1;
          const x = (next[i]! >>> b) & 1;
          if (o === 0 && x === 1) driven01[b]! += writes;
          else if (o === 1 && x === 0) driven10[b]! += writes;
        }
      }
      const failed01 = new Array<number>(32).fill(0);
      const failed10 = new Array<number>(32).fill(0);
      const out = new Uint32Array(n);
      let counted = 0;
      for (let w = 0; w < writes; w++) {
        const stats = emptyStats();
        writeWords(next, prev, cfg({ rate01: r, rate10: 3 * r }), tensorKey(14, w + 1, 6), out, stats);
        counted += stats.corrupted;
        for (let i = 0; i < n; i++) {
          const fail = (out[i]! ^ next[i]!) >>> 0;
          if (fail === 0) continue;
          for (let b = 0; b < 32; b++) {
            if (((fail >>> b) & 1) === 0) continue;
            if (((next[i]! >>> b) & 1) === 1) failed01[b]!++;
            else failed10[b]!++;
          }
        }
      }
      for (let b = 0; b < 32; b++) {
        expectBinomial(failed01[b]!, driven01[b]!, r, `bit ${b} 0->1`);
        expectBinomial(failed10[b]!, driven10[b]!, 3 * r, `bit ${b} 1->0`);
      }
      const total = failed01.reduce((a, x) => a + x, 0) + failed10.reduce((a, x) => a + x, 0);
      expect(counted).toBe(total);
    });
  }

  it('failures per element are Binomial(16, rate) per direction, independent of each other', () => {
    // every element drives 16 bits 0 -> 1 (high half) and 16 bits 1 -> 0 (low half)
    const n = 1 << 16;
    const prev = new Uint32Array(n).fill(0x0000ffff);
    const next = new Uint32Array(n).fill(0xffff0000);
    const out = new Uint32Array(n);
    const r01 = 0.03;
    const r10 = 0.1;
    writeWords(next, prev, cfg({ rate01: r01, rate10: r10 }), tensorKey(15, 2, 7), out, emptyStats());
    const hist01 = new Array<number>(17).fill(0);
    const hist10 = new Array<number>(17).fill(0);
    let both = 0;
    for (let i = 0; i < n; i++) {
      const fail = (out[i]! ^ next[i]!) >>> 0;
      const k01 = bits(fail >>> 16);
      const k10 = bits(fail & 0xffff);
      hist01[k01]!++;
      hist10[k10]!++;
      if (k01 > 0 && k10 > 0) both++;
    }
    for (let k = 0; k <= 5; k++) {
      expectBinomial(hist01[k]!, n, binomPmf(16, k, r01), `elements with ${k} failed 0->1 bits`);
      expectBinomial(hist10[k]!, n, binomPmf(16, k, r10), `elements with ${k} failed 1->0 bits`);
    }
    const any01 = 1 - Math.pow(1 - r01, 16);
    const any10 = 1 - Math.pow(1 - r10, 16);
    expectBinomial(both, n, any01 * any10, 'elements failing in both directions');
  });

  it('neighbouring elements fail independently (the skip crosses element boundaries)', () => {
    const n = 1 << 17;
    const prev = new Uint32Array(n);
    const next = new Uint32Array(n).fill(0xffffffff);
    const out = new Uint32Array(n);
    const r = 0.011; // P(element fails) = 1 - 0.989^32 ~ 0.30
    writeWords(next, prev, cfg({ rate01: r, rate10: r }), tensorKey(16, 3, 8), out, emptyStats());
    const pAny = 1 - Math.pow(1 - r, 32);
    let single = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      const f = out[i] !== next[i];
      if (f) single++;
      if (f && i + 1 < n && out[i + 1] !== next[i + 1]) pairs++;
    }
    expectBinomial(single, n, pAny, 'failing elements');
    expectBinomial(pairs, n - 1, pAny * pAny, 'failing neighbour pairs');
  });

  it('protected fields at 1e-2: never fail; the others per position within 5 sigma; counts include protected bits', () => {
    const n = 1 << 16;
    const prev = randomWords(n, 41);
    const next = randomWords(n, 42);
    const out = new Uint32Array(n);
    const m = protectMask('fp32', ['sign', 'exponent']);
    const stats = emptyStats();
    writeWords(next, prev, cfg({ rate01: 1e-2, rate10: 2e-2, protectMask: m }), tensorKey(17, 1, 9), out, stats);
    const t = tally(prev, next, out, 32);
    for (let b = 0; b < 32; b++) {
      if ((m >>> b) & 1) {
        expect(t.failed01[b], `protected bit ${b}`).toBe(0);
        expect(t.failed10[b], `protected bit ${b}`).toBe(0);
      } else {
        expectBinomial(t.failed01[b]!, t.driven01[b]!, 1e-2, `bit ${b} 0->1`);
        expectBinomial(t.failed10[b]!, t.driven10[b]!, 2e-2, `bit ${b} 1->0`);
      }
    }
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    expect(stats.switch01).toBe(sum(t.driven01));
    expect(stats.switch10).toBe(sum(t.driven10));
    expect(stats.failed01).toBe(sum(t.failed01));
    expect(stats.failed10).toBe(sum(t.failed10));
    expect(stats.driven).toBe(stats.switch01 + stats.switch10);
  });

  it('one direction at rate 0 never fails; the other keeps its rate', () => {
    const n = 1 << 16;
    const prev = randomWords(n, 43);
    const next = randomWords(n, 44);
    const out = new Uint32Array(n);
    writeWords(next, prev, cfg({ rate01: 0, rate10: 5e-3 }), tensorKey(18, 1, 1), out, emptyStats());
    const t = totals(prev, next, out);
    expect(t.failed01).toBe(0);
    expectBinomial(t.failed10, t.driven10, 5e-3, '1->0 total');
  });
});

describe('the WebAssembly counting pass', () => {
  it('is available under Node and stores exactly what the JavaScript loop stores', () => {
    expect(useWasmScan(true)).toBe(true);
    try {
      for (const n of [0, 1, 5, 4099, 1 << 17]) {
        for (const format of ['fp32', 'bf16'] as const) {
          const mask = format === 'fp32' ? 0xffffffff : 0xffff;
          const prev = randomWords(n, 51 + n, mask);
          const next = randomWords(n, 52 + n, mask);
          for (let i = 0; i < n; i += 3) next[i] = prev[i]!; // some unchanged words
          for (const protect of [0, protectMask(format, ['exponent']), mask]) {
            for (const r of [0, 1e-5, 1e-2, 0.5, 1]) {
              const c = cfg({ format, rate01: r, rate10: r / 3, protectMask: protect });
              const run = (wasm: boolean, alias: 'none' | 'prev' | 'next') => {
                useWasmScan(wasm);
                const p = prev.slice();
                const x = next.slice();
                const o = alias === 'prev' ? p : alias === 'next' ? x : new Uint32Array(n);
                const stats = emptyStats();
                writeWords(x, p, c, tensorKey(19, n, 3), o, stats);
                return { words: o, stats };
              };
              const ref = run(false, 'none');
              for (const alias of ['none', 'prev', 'next'] as const) {
                const got = run(true, alias);
                expect(got.stats, `${format} n=${n} protect=${protect} rate=${r} out=${alias}`).toEqual(ref.stats);
                // first differing word (-1: none); a plain loop, toEqual on 10^5-element arrays is slow
                let diff = -1;
                for (let i = 0; i < n && diff < 0; i++) if (got.words[i] !== ref.words[i]) diff = i;
                expect(diff).toBe(-1);
              }
            }
          }
        }
      }
    } finally {
      useWasmScan(true);
    }
  });
});

describe('physics of a failed write', () => {
  it('only bits that change can fail, and a failed bit holds its old value', () => {
    const n = 1 << 15;
    const prev = randomWords(n, 9);
    // next shares most bits with prev (a realistic small update): flip ~4 random bits per word
    const rng = createRng(99, 1);
    const next = prev.map(
      (w) =>
        (w ^
          (1 << (rng.nextU32() % 32)) ^
          (1 << (rng.nextU32() % 32)) ^
          (1 << (rng.nextU32() % 32)) ^
          (1 << (rng.nextU32() % 32))) >>>
        0,
    );
    const out = new Uint32Array(n);
    writeWords(next, prev, cfg({ rate01: 0.3, rate10: 0.2 }), tensorKey(3, 4, 5), out, emptyStats());
    let failures = 0;
    for (let i = 0; i < n; i++) {
      const fail = (out[i]! ^ next[i]!) >>> 0;
      const changed = (prev[i]! ^ next[i]!) >>> 0;
      expect((fail & ~changed) >>> 0).toBe(0); // unchanged bits never fail
      expect(((out[i]! ^ prev[i]!) & fail) >>> 0).toBe(0); // failed bits equal the old bits
      failures += fail ? 1 : 0;
    }
    expect(failures).toBeGreaterThan(1000);
  });
  it('without read-before-write the error pattern is the same, every bit is driven', () => {
    const prev = randomWords(10000, 10);
    const next = randomWords(10000, 11);
    const a = new Uint32Array(10000);
    const b = new Uint32Array(10000);
    const sa = emptyStats();
    const sb = emptyStats();
    writeWords(next, prev, cfg({ rate01: 0.05, rate10: 0.01 }), tensorKey(5, 5, 5), a, sa);
    writeWords(next, prev, cfg({ rate01: 0.05, rate10: 0.01, readBeforeWrite: false }), tensorKey(5, 5, 5), b, sb);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(sb.driven).toBe(10000 * 32);
    expect(sa.driven).toBe(sa.switch01 + sa.switch10);
  });
  it('protected fields never fail (rate 1): fp32 sign+exponent, bf16 exponent', () => {
    const prev = randomWords(5000, 12);
    const next = randomWords(5000, 13);
    const out = new Uint32Array(5000);
    const m = protectMask('fp32', ['sign', 'exponent']);
    expect(m).toBe(0xff800000);
    writeWords(next, prev, cfg({ rate01: 1, rate10: 1, protectMask: m }), tensorKey(1, 2, 3), out, emptyStats());
    for (let i = 0; i < 5000; i++) expect(out[i]).toBe(((next[i]! & m) | (prev[i]! & ~m)) >>> 0);
    const mb = protectMask('bf16', ['exponent']);
    expect(mb).toBe(0x7f80);
    const p16 = randomWords(5000, 14, 0xffff);
    const n16 = randomWords(5000, 15, 0xffff);
    writeWords(
      n16,
      p16,
      cfg({ format: 'bf16', rate01: 1, rate10: 1, protectMask: mb }),
      tensorKey(1, 2, 3),
      out,
      emptyStats(),
    );
    for (let i = 0; i < 5000; i++) expect(out[i]).toBe(((n16[i]! & mb) | (p16[i]! & ~mb & 0xffff)) >>> 0);
  });
  it('same seed, step and tensor give the same flips; another seed gives others', () => {
    const prev = randomWords(20000, 16);
    const next = randomWords(20000, 17);
    const run = (seed: number) => {
      const out = new Uint32Array(20000);
      writeWords(next, prev, cfg({ rate01: 0.01, rate10: 0.01 }), tensorKey(seed, 3, 4), out, emptyStats());
      return Array.from(out);
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });
});

// ------------------------------------------------------------------------------------------------
// Independent IEEE-754 references (DataView), written without the channel's helpers.

const dv = new DataView(new ArrayBuffer(4));
function refBits(x: number): number {
  dv.setFloat32(0, x);
  return dv.getUint32(0);
}
function refFloat(bits: number): number {
  dv.setUint32(0, bits >>> 0);
  return dv.getFloat32(0);
}
/** bfloat16 by nearest-value search between the two truncation candidates (ties to even). */
function refBf16(x: number): number {
  const lo = refBits(x) >>> 16;
  const hi = (lo + 1) & 0xffff;
  const dl = Math.abs(x - refFloat(lo << 16));
  const dh = Math.abs(x - refFloat(hi << 16));
  if (dl < dh) return lo;
  if (dh < dl) return hi;
  return lo % 2 === 0 ? lo : hi;
}

describe('stored values are the exact IEEE-754 results of the flips', () => {
  const values = new Float32Array(20000);
  const rng = createRng(21, 3);
  for (let i = 0; i < values.length; i++) values[i] = (rng.next() - 0.5) * Math.pow(2, (rng.nextU32() % 40) - 20);
  it('fp32', () => {
    const prev = randomWords(values.length, 22);
    const stats = emptyStats();
    const { words, values: stored } = writeFloats(
      values,
      prev.slice(),
      cfg({ rate01: 0.05, rate10: 0.05 }),
      tensorKey(2, 2, 2),
      stats,
    );
    const storedBits = new Uint32Array(stored.buffer, stored.byteOffset, stored.length);
    let flipped = 0;
    for (let i = 0; i < values.length; i++) {
      const nextBits = refBits(values[i]!);
      const fail = (words[i]! ^ nextBits) >>> 0;
      if (fail) flipped++;
      const expected = refFloat(nextBits ^ fail);
      const got = stored[i]!;
      // NaN payloads: compare the stored bits (a JS number round trip would quiet a signalling NaN)
      if (Number.isNaN(expected)) expect(storedBits[i]).toBe((nextBits ^ fail) >>> 0);
      else expect(Object.is(got, expected)).toBe(true);
      expect((fail & ~(prev[i]! ^ nextBits)) >>> 0).toBe(0);
    }
    expect(flipped).toBeGreaterThan(1000);
    expect(stats.corrupted).toBeGreaterThan(flipped - 1);
  });
  it('bf16: rounding to nearest even, then flips on the 16-bit word', () => {
    for (let i = 0; i < values.length; i++)
      expect(toWords(values.subarray(i, i + 1), 'bf16')[0]).toBe(refBf16(values[i]!));
    const prev = randomWords(values.length, 23, 0xffff);
    const { words, values: stored } = writeFloats(
      values,
      prev.slice(),
      cfg({ format: 'bf16', rate01: 0.05, rate10: 0.05 }),
      tensorKey(2, 2, 2),
      emptyStats(),
    );
    for (let i = 0; i < values.length; i++) {
      const q = refBf16(values[i]!);
      const fail = (words[i]! ^ q) >>> 0;
      expect(fail >>> 16).toBe(0);
      const expected = refFloat(((q ^ fail) << 16) >>> 0);
      if (Number.isNaN(expected)) expect(Number.isNaN(stored[i]!)).toBe(true);
      else expect(Object.is(stored[i]!, expected)).toBe(true);
    }
    expect(Array.from(fromWords(words, 'bf16').slice(0, 10))).toEqual(Array.from(stored.slice(0, 10)));
  });
});

describe('the classes added to the store: weight gradients and optimiser state', () => {
  it('writes of each class fail at that class rates (5 sigma), protected fields never; other classes untouched', async () => {
    const tf = await import('@tensorflow/tfjs');
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    const { TensorStore } = await import('../../src/training/store.ts');
    const store = new TensorStore({
      seed: 3,
      format: 'fp32',
      readBeforeWrite: true,
      classes: {
        weightGradients: { rate01: 1e-2, rate10: 3e-2, protect: [] },
        optimizer: { rate01: 5e-2, rate10: 1e-2, protect: ['sign', 'exponent'] },
      },
    });
    const n = 4096;
    const acc = {
      weightGradients: { d01: 0, d10: 0, f01: 0, f10: 0, fProtected: 0 },
      optimizer: { d01: 0, d10: 0, f01: 0, f10: 0, fProtected: 0 },
    };
    const prev = { weightGradients: new Uint32Array(n), optimizer: new Uint32Array(n) };
    for (let step = 1; step <= 8; step++) {
      for (const cls of ['weightGradients', 'optimizer'] as const) {
        // bit 30 cleared: no NaN or infinity among the test's values
        const next = randomWords(n, 100 * step + (cls === 'optimizer' ? 1 : 0), 0xbfffffff);
        const stored = new Uint32Array(
          tf.tidy(() =>
            Float32Array.from(
              store.write(cls, `${cls}.t`, tf.tensor1d(new Float32Array(next.buffer)), step).dataSync(),
            ),
          ).buffer,
        );
        const unprotected = cls === 'optimizer' ? 0x007fffff : 0xffffffff; // sign + exponent = bits 31..23
        const a = acc[cls];
        const t = totals(
          prev[cls].map((w) => w & unprotected),
          next.map((w) => w & unprotected),
          stored.map((w) => w & unprotected),
        );
        a.d01 += t.driven01;
        a.d10 += t.driven10;
        a.f01 += t.failed01;
        a.f10 += t.failed10;
        for (let i = 0; i < n; i++) if (((stored[i]! ^ next[i]!) & ~unprotected) >>> 0 !== 0) a.fProtected++;
        prev[cls] = stored;
      }
    }
    expectBinomial(acc.weightGradients.f01, acc.weightGradients.d01, 1e-2, 'weightGradients 0->1');
    expectBinomial(acc.weightGradients.f10, acc.weightGradients.d10, 3e-2, 'weightGradients 1->0');
    expectBinomial(acc.optimizer.f01, acc.optimizer.d01, 5e-2, 'optimizer 0->1');
    expectBinomial(acc.optimizer.f10, acc.optimizer.d10, 1e-2, 'optimizer 1->0');
    expect(acc.optimizer.fProtected).toBe(0);
    // the store's own counts are the failures counted here
    expect(store.stats.weightGradients.corrupted).toBe(acc.weightGradients.f01 + acc.weightGradients.f10);
    expect(store.stats.optimizer.corrupted).toBe(acc.optimizer.f01 + acc.optimizer.f10);
    for (const c of ['activations', 'weights', 'errors'] as const) expect(store.stats[c].corrupted).toBe(0);
    store.dispose();
  });
});
