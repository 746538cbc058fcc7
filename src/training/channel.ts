/**
 * STT-MRAM write-error channel, bit-exact on the stored number format (reference implementation on
 * typed arrays; the GPU kernels in gpu-kernels.ts follow the same rules).
 *
 * Physics (see docs/models.md section 5):
 * - A stored logical 1 is the anti-parallel (AP, high-resistance) state. A bit that must go 0 -> 1 is a
 *   P -> AP write and fails with `rate01` (device layer: wer.pToAp); 1 -> 0 is AP -> P with `rate10`
 *   (wer.apToP). A failed switch leaves the old bit in place.
 * - A bit whose old and new values agree cannot fail: with read-before-write (the default) it is not
 *   driven at all; without it the driver pushes current through it in the direction of the state it is
 *   already in, which only stabilises it (spin torque towards the current state). So `readBeforeWrite`
 *   changes the number of driven bits (write energy), never the error pattern. This is our stated choice.
 * - Protected bit fields (sign, exponent, high mantissa) live in reliable memory and never fail.
 *
 * Randomness is counter based: every decision is a hash of (seed, step, tensor id, counter), so no state
 * is carried between calls and the same configuration and seed give the same flips on the same backend.
 * Two exact samplers of the same per-bit model (every driven, unprotected bit fails independently with
 * the rate of its direction) are used; they draw different flips, so backends agree in distribution only:
 * - typed arrays (this file, cpu and wasm backends): skip-ahead over the driven bits of each direction
 *   with geometric gaps (see writeWords): one counting pass over the words (a small WebAssembly function
 *   with i32.popcnt where WebAssembly exists, else a JavaScript loop, same results), hashes only at
 *   failures;
 * - GPU kernels (gpu-kernels.ts, one thread per element): one hash per element decides whether any of
 *   its driven bits fails (probability anyFailProbability(n01, n10)); only the elements that fail draw
 *   per bit (elementDraw, bitKey, bitDraw below), from the exact conditional distribution given at
 *   least one failure.
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

/**
 * GPU kernels' element-level draw ("does any driven bit of this element fail?"), uniform u32: one hash,
 * compared with anyFailProbability of the element's (n01, n10) driven-bit counts.
 */
export function elementDraw(tKey: number, element: number): number {
  return mix32((tKey ^ element) >>> 0);
}

/** GPU kernels: per-element key of the bit draws (a second stream; evaluated only for failing elements). */
export function bitKey(tKey: number, element: number): number {
  return mix32((mix32((tKey + 0x6a09e667) >>> 0) ^ element) >>> 0);
}

/** GPU kernels: the per-bit draw, uniform u32. */
export function bitDraw(bKey: number, bit: number): number {
  return mix32((bKey ^ Math.imul(bit + 1, 0x9e3779b9)) >>> 0);
}

/** Number of set bits of a u32. */
export function popcount32(x: number): number {
  x = (x - ((x >>> 1) & 0x55555555)) | 0; // | 0: stays int32 (no field borrows, so mod 2^32 is exact)
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
export function toWords(
  values: Float32Array,
  format: StoredFormat,
  out: Uint32Array = new Uint32Array(values.length),
): Uint32Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  if (format === 'fp32') out.set(bits);
  else for (let i = 0; i < bits.length; i++) out[i] = f32BitsToBf16(bits[i]!);
  return out;
}

/** Convert stored words back to float32 values. */
export function fromWords(
  words: Uint32Array,
  format: StoredFormat,
  out: Float32Array = new Float32Array(words.length),
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

/**
 * Probability that at least one of n01 (rate r01) and n10 (rate r10) independent bits fails (the GPU
 * kernels' element-level probability; tests).
 */
export function anyFailProbability(n01: number, n10: number, rate01: number, rate10: number): number {
  let x = 0;
  if (n01 > 0) x += n01 * log1m(rate01);
  if (n10 > 0) x += n10 * log1m(rate10);
  return x === -Infinity ? 1 : -Math.expm1(x);
}

/**
 * Key of the gap stream of one direction (0: 0 -> 1 bits, 1: 1 -> 0 bits) of one write (typed-array
 * sampler, see writeWords).
 */
export function gapKey(tKey: number, dir: 0 | 1): number {
  return mix32((tKey + (dir === 0 ? 0x3c6ef372 : 0xa54ff53a)) >>> 0);
}

/**
 * The j-th uniform of a gap stream (0 <= j < 2^31), in (0, 1] with 53 bits: 32 high bits from the hash
 * of gKey ^ j and 21 low bits from the hash of gKey ^ ~j (inputs that differ for every j < 2^31, so the
 * two halves never reuse a hash). U = (k + 1) / 2^53 with k uniform on 53 bits (ideal hash), so
 * P(U <= x) = floor(x 2^53) / 2^53.
 */
export function gapUniform(gKey: number, j: number): number {
  const hi = mix32((gKey ^ j) >>> 0);
  const lo = mix32((gKey ^ ~j) >>> 0);
  return (hi * 2097152 + (lo >>> 11) + 1) / 9007199254740992;
}

/** The k-th (0-based) set bit of x, as a one-bit mask (k < popcount(x)). */
function nthSetBit(x: number, k: number): number {
  for (let j = 0; j < k; j++) x &= x - 1;
  return x & -x;
}

/** Largest skip held in the hot loop's int32 counters; longer gaps are paid out in instalments. */
const SKIP_CHUNK = 1 << 30;

/**
 * The failures of one direction within one write: a run of geometric gaps over that direction's
 * driven, unprotected bits in storage order (see writeWords).
 */
class GapStream {
  /** ln(1 - rate): < 0; -Infinity at rate 1; 0 at rate 0 (no draws then). */
  private readonly logKeep: number;
  private readonly gKey: number;
  /** Draws so far. */
  private j = 0;
  /** Part of the current gap not yet loaded into `rem` (a gap can exceed int32; Infinity at rate 0). */
  private ext = 0;
  /**
   * Driven bits of this direction between the current position and the next failure (int32, at most
   * SKIP_CHUNK + 32). The hot loop subtracts each element's count; a negative value sends it to take().
   */
  rem = 0;
  /** Failures drawn so far. */
  failed = 0;
  /** Sum of everything loaded into `rem` (driven bits consumed so far = loaded - rem). */
  private loaded = 0;

  constructor(rate: number, gKey: number) {
    this.logKeep = log1m(rate);
    this.gKey = gKey;
    this.ext = rate > 0 ? this.gap() : Infinity;
    this.payOut();
  }

  /**
   * Number of driven bits that do not fail before the next failure: a geometric variate with success
   * probability r, G = floor(ln U / ln(1 - r)), so P(G >= g) = P(U <= (1 - r)^g) = (1 - r)^g.
   * At r = 1 (ln(1 - r) = -Infinity) every driven bit fails: G = 0.
   */
  private gap(): number {
    if (this.logKeep === -Infinity) return 0;
    return Math.floor(Math.log(gapUniform(this.gKey, this.j++)) / this.logKeep);
  }

  /** Move up to SKIP_CHUNK of the pending gap into `rem`. */
  private payOut(): void {
    const now = this.ext > SKIP_CHUNK ? SKIP_CHUNK : this.ext;
    this.ext -= now;
    this.rem += now;
    this.loaded += now;
  }

  /** Driven bits consumed so far (with `rem` up to date). */
  consumed(): number {
    return this.loaded - this.rem;
  }

  /**
   * The element just consumed `n` driven bits (set in `mask`) and `rem` went negative: `rem + n` is the
   * index of the next failure counted from the element's first driven bit. Returns the element's
   * failed bits and leaves `rem` counted from the next element.
   */
  take(mask: number, n: number): number {
    this.rem += n;
    let fail = 0;
    while (this.rem < n) {
      if (this.ext > 0) {
        // the gap has not been paid out in full: no failure here yet
        this.payOut();
        continue;
      }
      fail |= nthSetBit(mask, this.rem);
      this.failed++;
      // the failed bit itself, then the bits that hold before the next failure
      this.rem += 1;
      this.loaded += 1;
      this.ext = this.gap();
      this.payOut();
    }
    this.rem -= n;
    return fail;
  }
}

/**
 * The failed bits of an element whose driven bits (u: n01 of them 0 -> 1, d: n10 of them 1 -> 0) reach
 * the next failure of at least one direction (a stream's `rem` went negative). A failed switch keeps
 * the old bit, so the stored word is the new word XOR this mask.
 */
function failures(s01: GapStream, u: number, n01: number, s10: GapStream, d: number, n10: number): number {
  let fail = 0;
  if (s01.rem < 0) fail |= s01.take(u, n01);
  if (s10.rem < 0) fail |= s10.take(d, n10);
  return fail;
}

// ---------------------------------------------------------------------------------------------
// The counting pass as a tiny WebAssembly function (i32.popcnt), assembled here from its opcodes.

/** unsigned LEB128 */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/**
 * Module bytes of `scan(nOff, pOff, i, len, wm, fr) -> i`: from element i on, copies the new word
 * (masked by wm) over the old one at pOff, subtracts the element's unprotected 0 -> 1 / 1 -> 0 driven
 * bits (popcnt of ~old & new & fr, old & ~new & fr) from rem01 / rem10 and adds its protected ones
 * (mask wm & ~fr) to locked01 / locked10; returns the first element after which rem01 or rem10 is
 * negative (the element is copied and counted), or len. rem01, rem10, locked01, locked10 are i32 at
 * byte 0, 4, 8, 12 of its memory; the words live from byte 16 on.
 */
function scanModuleBytes(): Uint8Array {
  const [get, set, c, load, store] = [0x20, 0x21, 0x41, 0x28, 0x36];
  const [add, sub, and, or, xor, shl, popcnt, geU, ltS] = [0x6a, 0x6b, 0x71, 0x72, 0x73, 0x74, 0x69, 0x4f, 0x48];
  const [block, loop, br, brIf, end, empty] = [0x02, 0x03, 0x0c, 0x0d, 0x0b, 0x40];
  // locals: 0 nOff, 1 pOff, 2 i, 3 len, 4 wm, 5 fr (params); 6 nw, 7 ow, 8 u, 9 d, 10 rem01, 11 rem10,
  // 12 locked01, 13 locked10, 14 protected mask, 15 byte offset of element i
  const body = [
    ...[1, 10, 0x7f], // ten i32 locals
    ...[c, 0, load, 2, 0, set, 10, c, 0, load, 2, 4, set, 11],
    ...[c, 0, load, 2, 8, set, 12, c, 0, load, 2, 12, set, 13],
    ...[get, 4, get, 5, c, 0x7f, xor, and, set, 14],
    ...[block, empty, loop, empty],
    ...[get, 2, get, 3, geU, brIf, 1],
    ...[get, 2, c, 2, shl, set, 15],
    ...[get, 0, get, 15, add, load, 2, 0, get, 4, and, set, 6],
    ...[get, 1, get, 15, add, load, 2, 0, get, 4, and, set, 7],
    ...[get, 7, c, 0x7f, xor, get, 6, and, set, 8],
    ...[get, 6, c, 0x7f, xor, get, 7, and, set, 9],
    ...[get, 12, get, 8, get, 14, and, popcnt, add, set, 12],
    ...[get, 13, get, 9, get, 14, and, popcnt, add, set, 13],
    ...[get, 10, get, 8, get, 5, and, popcnt, sub, set, 10],
    ...[get, 11, get, 9, get, 5, and, popcnt, sub, set, 11],
    ...[get, 1, get, 15, add, get, 6, store, 2, 0],
    ...[get, 10, get, 11, or, c, 0, ltS, brIf, 1],
    ...[get, 2, c, 1, add, set, 2, br, 0],
    ...[end, end],
    ...[c, 0, get, 10, store, 2, 0, c, 0, get, 11, store, 2, 4],
    ...[c, 0, get, 12, store, 2, 8, c, 0, get, 13, store, 2, 12],
    ...[get, 2, end],
  ];
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const name = (t: string) => [t.length, ...Array.from(t, (ch) => ch.charCodeAt(0))];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 6, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f]), // (i32 x 6) -> i32
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]), // one memory, at least one page
    ...section(7, [2, ...name('scan'), 0, 0, ...name('mem'), 2, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** The parts of the WebAssembly API used here (declared locally: not every tsconfig here has its types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface ScanKernel {
  scan(nOff: number, pOff: number, i: number, len: number, wm: number, fr: number): number;
  mem: WasmMemory;
  /** views of mem, renewed when it grows */
  head: Int32Array;
  words: Uint32Array;
}

let scanKernel: ScanKernel | null | undefined;
let scanKernelEnabled = true;

/** The WebAssembly counting pass, or null where WebAssembly is unavailable (then the JS loop runs). */
function getScanKernel(): ScanKernel | null {
  if (scanKernel !== undefined) return scanKernel;
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return (scanKernel = null);
  try {
    const inst = new wasm.Instance(new wasm.Module(scanModuleBytes()), {});
    const ex = inst.exports as unknown as { scan: ScanKernel['scan']; mem: WasmMemory };
    scanKernel = {
      scan: ex.scan,
      mem: ex.mem,
      head: new Int32Array(ex.mem.buffer, 0, 4),
      words: new Uint32Array(ex.mem.buffer),
    };
  } catch {
    scanKernel = null;
  }
  return scanKernel;
}

/**
 * Use the WebAssembly counting pass when available (default) or always the JavaScript loop (tests
 * compare the two; they give identical results). Returns whether the WebAssembly pass will run.
 */
export function useWasmScan(on: boolean): boolean {
  scanKernelEnabled = on;
  return on && getScanKernel() !== null;
}

/** Largest write the WebAssembly pass takes (its i32 counters; larger writes use the JS loop). */
const WASM_SCAN_MAX_WORDS = 1 << 24;

/**
 * Write `next` words over `prev` words through the channel. Returns the words actually stored in `out`
 * (may alias `prev` or `next`) and adds the bit counts to `stats`.
 * `key` is tensorKey(seed, step, tensorId).
 *
 * Sampler (typed-array path; the GPU kernels keep the per-element hash of elementDraw/bitKey): the
 * driven, unprotected bits of each direction are numbered in storage order (element ascending, bit 0
 * upwards within an element), and the failures among them are found by skipping ahead with geometric
 * gaps: the next failing 0 -> 1 bit comes G01 driven 0 -> 1 bits after the previous one,
 * G01 ~ Geometric(rate01) (bits that hold before a failure), the j-th gap drawn from
 * gapUniform(gapKey(key, 0), j); the same for 1 -> 0 with rate10 and its own stream. A run of i.i.d.
 * geometric gaps is exactly a sequence of i.i.d. Bernoulli(rate) trials, one per driven bit, so the
 * stored pattern has exactly the per-bit model's distribution: every driven unprotected bit fails
 * independently with the rate of its direction; bits that do not change and protected bits are never
 * candidates. (Exact up to the 53-bit resolution of U: each gap's distribution function is off by at
 * most 2^-53.) The numbering depends on the data only through the driven-bit counts, which the pass
 * computes anyway for the statistics, so the write is one pass of loads, popcounts and compares; hashes
 * and logarithms are spent only on failures. The pass runs in WebAssembly (scanModuleBytes) when
 * available, stopping at each element that holds a failure for this function to draw it; otherwise in
 * the JavaScript loops below. Both give identical words and counts (tested).
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
  const s01 = new GapStream(free === 0 ? 0 : cfg.rate01, gapKey(key, 0));
  const s10 = new GapStream(free === 0 ? 0 : cfg.rate10, gapKey(key, 1));
  let rem01 = s01.rem,
    rem10 = s10.rem;
  // driven protected bits per direction (the unprotected ones are counted by the gap streams)
  let locked01 = 0,
    locked10 = 0;
  const k = scanKernelEnabled && len <= WASM_SCAN_MAX_WORDS ? getScanKernel() : null;
  if (k !== null && len > 0) {
    // The counting pass in WebAssembly: copy both word arrays in, scan until a failure, draw it here.
    const need = 16 + 8 * len;
    if (k.words.byteLength < need) {
      k.mem.grow(Math.ceil((need - k.words.byteLength) / 65536));
      k.head = new Int32Array(k.mem.buffer, 0, 4);
      k.words = new Uint32Array(k.mem.buffer);
    }
    const mem = k.words;
    const head = k.head;
    const nIdx = 4;
    const pIdx = 4 + len;
    mem.set(next, nIdx);
    mem.set(prev, pIdx);
    head[0] = rem01;
    head[1] = rem10;
    head[2] = 0;
    head[3] = 0;
    const wm = wmask | 0;
    const fr = free | 0;
    let i = 0;
    for (;;) {
      i = k.scan(nIdx * 4, pIdx * 4, i, len, wm, fr);
      if (i >= len) break;
      const nw = next[i]! & wm;
      const ow = prev[i]! & wm;
      const u = ~ow & nw & fr;
      const d = ow & ~nw & fr;
      s01.rem = head[0]!;
      s10.rem = head[1]!;
      mem[pIdx + i] = nw ^ failures(s01, u, popcount32(u), s10, d, popcount32(d));
      head[0] = s01.rem;
      head[1] = s10.rem;
      i++;
    }
    rem01 = head[0]!;
    rem10 = head[1]!;
    locked01 = head[2]!;
    locked10 = head[3]!;
    out.set(mem.subarray(pIdx, pIdx + len));
  } else if (free === 0xffffffff) {
    // fp32, nothing protected: the common case, without the masks.
    for (let i = 0; i < len; i++) {
      const nw = next[i]!;
      const ow = prev[i]!;
      const u = ~ow & nw; // 0 -> 1
      const d = ow & ~nw; // 1 -> 0
      const a = popcount32(u);
      const b = popcount32(d);
      rem01 -= a;
      rem10 -= b;
      if ((rem01 | rem10) < 0) {
        s01.rem = rem01;
        s10.rem = rem10;
        out[i] = nw ^ failures(s01, u, a, s10, d, b);
        rem01 = s01.rem;
        rem10 = s10.rem;
      } else out[i] = nw;
    }
  } else {
    const wm = wmask | 0;
    const fr = free | 0;
    const pr = (wmask & ~free) | 0;
    for (let i = 0; i < len; i++) {
      const nw = next[i]! & wm;
      const ow = prev[i]! & wm;
      const up = ~ow & nw;
      const down = ow & ~nw;
      const u = up & fr;
      const d = down & fr;
      const a = popcount32(u);
      const b = popcount32(d);
      locked01 += popcount32(up & pr);
      locked10 += popcount32(down & pr);
      rem01 -= a;
      rem10 -= b;
      if ((rem01 | rem10) < 0) {
        s01.rem = rem01;
        s10.rem = rem10;
        out[i] = nw ^ failures(s01, u, a, s10, d, b);
        rem01 = s01.rem;
        rem10 = s10.rem;
      } else out[i] = nw;
    }
  }
  s01.rem = rem01;
  s10.rem = rem10;
  const switch01 = s01.consumed() + locked01;
  const switch10 = s10.consumed() + locked10;
  stats.switch01 += switch01;
  stats.switch10 += switch10;
  stats.failed01 += s01.failed;
  stats.failed10 += s10.failed;
  stats.corrupted += s01.failed + s10.failed;
  stats.driven += cfg.readBeforeWrite ? switch01 + switch10 : len * width;
  return out;
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
