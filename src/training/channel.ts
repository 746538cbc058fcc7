/**
 * STT-MRAM write-error channel, bit-exact on the stored number format (reference implementation on
 * typed arrays; the GPU kernels in kernels-webgl.ts / kernels-webgpu.ts follow the same rules and hash).
 *
 * Physics (see ../shared/design/models.md section 5):
 * - A stored logical 1 is the anti-parallel (AP, high-resistance) state. A bit that must go 0 -> 1 is a
 *   P -> AP write and fails with `rate01` (device layer: wer.pToAp); 1 -> 0 is AP -> P with `rate10`
 *   (wer.apToP). A failed switch leaves the old bit in place.
 * - A bit whose old and new values agree cannot fail: with read-before-write (the default) it is not
 *   driven at all; without it the driver pushes current through it in the direction of the state it is
 *   already in, which only stabilises it (spin torque towards the current state). So `readBeforeWrite`
 *   changes the number of driven bits (write energy), never the error pattern. This is our stated choice.
 * - Protected bit fields (sign, exponent, high mantissa) live in reliable memory and never fail.
 *
 * Randomness is counter based: every decision is a hash of (seed, step, tensor id, element, bit), so the
 * CPU reference and the GPU kernels draw the same numbers and no state is carried between calls.
 * Sampling is two-level so that rates of 1e-6 over millions of bits stay cheap: one draw per element
 * decides whether any of its driven bits fails (probability 1 - (1-r01)^n01 (1-r10)^n10); only the rare
 * elements that fail draw per bit, from the exact conditional distribution given at least one failure.
 */

/** Stored number formats. */
export type StoredFormat = 'fp32' | 'bf16';
/** Bit fields that can be put in reliable memory. */
export type BitField = 'sign' | 'exponent' | 'mantissa-high';
export const BIT_FIELDS: readonly BitField[] = ['sign', 'exponent', 'mantissa-high'];
export const STORED_FORMATS: readonly StoredFormat[] = ['fp32', 'bf16'];

/** Word width in bits of each stored format. */
export const FORMAT_BITS: Record<StoredFormat, 16 | 32> = { fp32: 32, bf16: 16 };

/** Write-error settings of one tensor class. */
export interface ChannelSpec {
  /** Probability that a bit which must switch 0 -> 1 (P -> AP) fails, in [0, 1]. */
  rate01: number;
  /** Probability that a bit which must switch 1 -> 0 (AP -> P) fails, in [0, 1]. */
  rate10: number;
  /** Bit fields kept in reliable memory (never fail). */
  protect: BitField[];
}

/**
 * Mask of the protected bits inside one stored word (bit 0 = least significant).
 * fp32: sign = bit 31, exponent = bits 30..23, mantissa-high = bits 22..16 (the 7 mantissa bits bf16 keeps).
 * bf16: sign = bit 15, exponent = bits 14..7, mantissa-high = bits 6..3 (the top 4 of its 7 mantissa bits).
 */
export function protectMask(format: StoredFormat, protect: readonly BitField[]): number {
  let m = 0;
  for (const f of protect) {
    if (format === 'fp32') {
      if (f === 'sign') m |= 0x80000000;
      else if (f === 'exponent') m |= 0x7f800000;
      else m |= 0x007f0000;
    } else {
      if (f === 'sign') m |= 0x8000;
      else if (f === 'exponent') m |= 0x7f80;
      else m |= 0x0078;
    }
  }
  return m >>> 0;
}

/** Bit mask covering a whole word of the format. */
export function wordMask(format: StoredFormat): number {
  return format === 'fp32' ? 0xffffffff : 0xffff;
}

// ---------------------------------------------------------------------------------------------
// Counter-based hash (u32 arithmetic only, so WGSL and GLSL ES 3.0 reproduce it exactly).

/** "lowbias32" integer finaliser (C. Wellons, 2018): a full-avalanche 32-bit mix. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Per-tensor key: hash of (seed, step, tensor id). */
export function tensorKey(seed: number, step: number, tensorId: number): number {
  const h0 = mix32((seed ^ 0x243f6a88) >>> 0);
  const h1 = mix32((h0 ^ step) >>> 0);
  return mix32((h1 ^ tensorId) >>> 0);
}

/** mix32 on int32 values, without the final unsigned conversion (hot loops). */
function mix32i(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  return x ^ (x >>> 16);
}

/**
 * The element-level draw ("does any driven bit of this element fail?"), uniform u32: one hash. The
 * element fails iff its top 31 bits are <= the threshold of its (n01, n10) (see tables()).
 */
export function elementDraw(tKey: number, element: number): number {
  return mix32((tKey ^ element) >>> 0);
}

/** Per-element key of the bit draws (a second, independent stream; evaluated only for failing elements). */
export function bitKey(tKey: number, element: number): number {
  return mix32((mix32((tKey + 0x6a09e667) >>> 0) ^ element) >>> 0);
}

/** The per-bit draw, uniform u32. */
export function bitDraw(bKey: number, bit: number): number {
  return mix32((bKey ^ Math.imul(bit + 1, 0x9e3779b9)) >>> 0);
}

/** Number of set bits of a u32. */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

// ---------------------------------------------------------------------------------------------
// Number format conversions (bit exact).

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE-754 binary32 bits of a number (after rounding to float32). */
export function floatToBits(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

/** Float value of binary32 bits. */
export function bitsToFloat(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}

/** bfloat16 bits of a binary32 bit pattern: round to nearest even, NaN kept as a quiet NaN. */
export function f32BitsToBf16(bits: number): number {
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0) return ((bits >>> 16) | 0x0040) & 0xffff;
  const lsb = (bits >>> 16) & 1;
  return ((bits + 0x7fff + lsb) >>> 16) & 0xffff;
}

/** Convert a Float32Array to stored words (fp32 bits, or bf16 bits in the low 16 bits). */
export function toWords(values: Float32Array, format: StoredFormat, out = new Uint32Array(values.length)): Uint32Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  if (format === 'fp32') out.set(bits);
  else for (let i = 0; i < bits.length; i++) out[i] = f32BitsToBf16(bits[i]!);
  return out;
}

/** Convert stored words back to float32 values. */
export function fromWords(
  words: Uint32Array,
  format: StoredFormat,
  out = new Float32Array(words.length),
): Float32Array {
  const bits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  if (format === 'fp32') bits.set(words);
  else for (let i = 0; i < words.length; i++) bits[i] = (words[i]! << 16) >>> 0;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The channel.

/** Compiled channel settings for one tensor class and format. */
export interface ChannelConfig {
  format: StoredFormat;
  rate01: number;
  rate10: number;
  /** Protected-bit mask (protectMask()). */
  protectMask: number;
  readBeforeWrite: boolean;
}

/** Bit counts of one or more writes. */
export interface WriteStats {
  /** Bits that failed to switch (now hold the wrong value). */
  corrupted: number;
  /** Failed 0 -> 1 switches. */
  failed01: number;
  /** Failed 1 -> 0 switches. */
  failed10: number;
  /** Bits that had to switch 0 -> 1 (unprotected and protected). */
  switch01: number;
  /** Bits that had to switch 1 -> 0. */
  switch10: number;
  /** Bits driven by the write driver (changed bits with read-before-write, every bit without). */
  driven: number;
  /** Bits written (words x width). */
  written: number;
}

export function emptyStats(): WriteStats {
  return { corrupted: 0, failed01: 0, failed10: 0, switch01: 0, switch10: 0, driven: 0, written: 0 };
}

export function addStats(a: WriteStats, b: WriteStats): WriteStats {
  a.corrupted += b.corrupted;
  a.failed01 += b.failed01;
  a.failed10 += b.failed10;
  a.switch01 += b.switch01;
  a.switch10 += b.switch10;
  a.driven += b.driven;
  a.written += b.written;
  return a;
}

/** ln(1 - r), exact near 0 and -Infinity at r = 1. */
function log1m(r: number): number {
  return r >= 1 ? -Infinity : Math.log1p(-r);
}

/** Probability that at least one of n01 (rate r01) and n10 (rate r10) independent bits fails. */
export function anyFailProbability(n01: number, n10: number, rate01: number, rate10: number): number {
  let x = 0;
  if (n01 > 0) x += n01 * log1m(rate01);
  if (n10 > 0) x += n10 * log1m(rate10);
  return x === -Infinity ? 1 : -Math.expm1(x);
}

/** Cache of per-(n01, n10) probabilities for one rate pair. */
interface Tables {
  width: number;
  /** anyP[n01 * (width+1) + n10] */
  anyP: Float64Array;
  /**
   * 31-bit thresholds: an element fails iff (elementDraw >>> 1) <= thr31, i.e. with probability
   * floor(p 2^31) / 2^31 (exactly 1 at p = 1, exactly 0 below 2^-31). Int32 keeps the hot loop in Smis.
   */
  thr31: Int32Array;
}

const tableCache = new Map<string, Tables>();

function tables(width: number, rate01: number, rate10: number): Tables {
  const key = `${width}:${rate01}:${rate10}`;
  let t = tableCache.get(key);
  if (t) return t;
  const n = width + 1;
  const anyP = new Float64Array(n * n);
  const thr31 = new Int32Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const p = anyFailProbability(a, b, rate01, rate10);
      anyP[a * n + b] = p;
      thr31[a * n + b] = p >= 1 ? 2147483647 : Math.floor(p * 2147483648) - 1;
    }
  }
  t = { width, anyP, thr31 };
  if (tableCache.size > 256) tableCache.clear();
  tableCache.set(key, t);
  return t;
}

/**
 * Write `next` words over `prev` words through the channel. Returns the words actually stored in `out`
 * (may alias `prev`, not `next`) and adds the bit counts to `stats`.
 * `key` is tensorKey(seed, step, tensorId); element i draws elementDraw(key, i), then bitKey(key, i).
 */
export function writeWords(
  next: Uint32Array,
  prev: Uint32Array,
  cfg: ChannelConfig,
  key: number,
  out: Uint32Array,
  stats: WriteStats,
): Uint32Array {
  const width = FORMAT_BITS[cfg.format];
  const wmask = wordMask(cfg.format);
  const free = (wmask & ~cfg.protectMask) >>> 0;
  const len = next.length;
  stats.written += len * width;
  const clean = cfg.rate01 === 0 && cfg.rate10 === 0;
  const t = clean ? null : tables(width, cfg.rate01, cfg.rate10);
  const n = width + 1;
  let switch01 = 0,
    switch10 = 0,
    f01 = 0,
    f10 = 0;
  const allFree = free === wmask;
  const thr = t === null ? null : t.thr31;
  // Int32 views and int32 arithmetic: u32 values above 2^31 would leave V8's small-integer fast path.
  const nx = new Int32Array(next.buffer, next.byteOffset, len);
  const px = new Int32Array(prev.buffer, prev.byteOffset, len);
  const ox = new Int32Array(out.buffer, out.byteOffset, len);
  const wm = wmask | 0;
  const fr = free | 0;
  const k = key | 0;
  for (let i = 0; i < len; i++) {
    const nw = nx[i]! & wm;
    const ow = px[i]! & wm;
    const up = ~ow & nw; // 0 -> 1
    const down = ow & ~nw; // 1 -> 0
    const s01 = popcount32(up);
    const s10 = popcount32(down);
    switch01 += s01;
    switch10 += s10;
    let stored = nw;
    if (thr !== null && (up | down) !== 0) {
      const u = allFree ? up : up & fr;
      const d = allFree ? down : down & fr;
      const a = allFree ? s01 : popcount32(u);
      const b = allFree ? s10 : popcount32(d);
      // elementDraw(key, i) >>> 1, inlined
      if ((u | d) !== 0 && mix32i(k ^ i) >>> 1 <= thr[a * n + b]!) {
        const fail = sampleFailures(u >>> 0, d >>> 0, a, b, bitKey(key, i), cfg.rate01, cfg.rate10, t!);
        // A failed switch keeps the old bit: flip the failed positions back.
        stored = nw ^ fail;
        const fu = popcount32(fail & u);
        f01 += fu;
        f10 += popcount32(fail) - fu;
      }
    }
    ox[i] = stored;
  }
  stats.switch01 += switch01;
  stats.switch10 += switch10;
  stats.failed01 += f01;
  stats.failed10 += f10;
  stats.corrupted += f01 + f10;
  stats.driven += cfg.readBeforeWrite ? switch01 + switch10 : len * width;
  return out;
}

/**
 * Given that at least one of the driven bits fails, draw which ones (exact conditional distribution):
 * walking the driven bits from bit 0 upwards, before the first failure bit k fails with
 * p_k / P(any failure among bits k..end); after it, each bit fails independently with p_k.
 */
function sampleFailures(
  u: number,
  d: number,
  a: number,
  b: number,
  bKey: number,
  rate01: number,
  rate10: number,
  t: Tables,
): number {
  const n = t.width + 1;
  let fail = 0;
  let failed = false;
  let remA = a,
    remB = b;
  const drive = (u | d) >>> 0;
  for (let bit = 0; bit < t.width; bit++) {
    const m = 1 << bit;
    if ((drive & m) === 0) continue;
    const isUp = (u & m) !== 0;
    const p = isUp ? rate01 : rate10;
    let q: number;
    if (failed) q = p;
    else {
      const suffix = t.anyP[remA * n + remB]!;
      q = suffix > 0 ? p / suffix : 0;
    }
    if (isUp) remA--;
    else remB--;
    if (q > 0 && bitDraw(bKey, bit) < q * 4294967296) {
      fail |= m;
      failed = true;
    }
  }
  return fail >>> 0;
}

/** Convenience: write float values over previously stored words; returns stored words and floats. */
export function writeFloats(
  values: Float32Array,
  prev: Uint32Array,
  cfg: ChannelConfig,
  key: number,
  stats: WriteStats,
): { words: Uint32Array; values: Float32Array } {
  const next = toWords(values, cfg.format);
  const words = writeWords(next, prev, cfg, key, next, stats);
  return { words, values: fromWords(words, cfg.format) };
}
