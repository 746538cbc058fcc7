/**
 * The scratchpad as seen by the training loop: every tensor the loop writes to memory goes through
 * `TensorStore.write(class, name, value, step)`, which returns the copy that memory actually holds.
 * The store keeps the previously written words of each named tensor (the old cell contents), so that
 * the channel can tell which bits must switch.
 *
 * On the cpu and wasm backends the reference typed-array channel runs on the backend's data (the old
 * words of each tensor are kept in a typed array per slot); on webgl and webgpu a registered GPU kernel (see gpu-kernels.ts) runs it on the device, and only the
 * per-element corrupted-bit counters (accumulated on the device per stored tensor) are summed and read
 * back when progress is reported.
 */
import * as tf from '@tensorflow/tfjs';
import {
  type ChannelConfig,
  type ChannelSpec,
  type StoredFormat,
  type WriteStats,
  addStats,
  emptyStats,
  fromWords,
  protectMask,
  tensorKey,
  toWords,
  writeWords,
} from './channel.ts';

/**
 * The classes of stored tensors: the reference study's three (activations, weights, errors), plus
 * weight gradients and optimiser state (Adam's moments), which are written to memory too.
 */
export type TensorClass = 'activations' | 'weights' | 'errors' | 'weightGradients' | 'optimizer';
export const TENSOR_CLASSES: readonly TensorClass[] = [
  'activations',
  'weights',
  'errors',
  'weightGradients',
  'optimizer',
];

/** One value per class. */
export function perClass<T>(f: (c: TensorClass) => T): PerClass<T> {
  return {
    activations: f('activations'),
    weights: f('weights'),
    errors: f('errors'),
    weightGradients: f('weightGradients'),
    optimizer: f('optimizer'),
  };
}

export type PerClass<T> = Record<TensorClass, T>;

/** A GPU implementation of the channel for one backend. */
export interface GpuChannel {
  /** Stored tensor (float32, same shape) and a flat float32 tensor of corrupted bits per element. */
  write(next: tf.Tensor, prev: tf.Tensor, cfg: ChannelConfig, key: number): { stored: tf.Tensor; counts: tf.Tensor };
}

const gpuChannels = new Map<string, GpuChannel>();

/** Register the GPU channel of a backend (called by gpu-kernels.ts). */
export function registerGpuChannel(backend: string, impl: GpuChannel): void {
  gpuChannels.set(backend, impl);
}

export interface StoreOptions {
  seed: number;
  format: StoredFormat;
  readBeforeWrite: boolean;
  /** Channel per class; a class left out is clean. */
  classes: Partial<PerClass<ChannelSpec>>;
  /** Force the typed-array channel even where a GPU kernel exists (tests, benchmarks). */
  forceCpuChannel?: boolean;
  /** Force the copying typed-array path on wasm (tests: compare with the zero-copy heap path). */
  forceCopyChannel?: boolean;
}

/** The two tfjs-backend-wasm methods the zero-copy path uses. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  /** A view of the tensor's data on the wasm heap (float32 tensors: a Float32Array). */
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

interface Slot {
  id: number;
  cls?: TensorClass;
  /** GPU path: corrupted bits per element so far (flat, float32). */
  count?: tf.Tensor;
  /** Typed-array paths: the words memory holds (the old contents of the next write). */
  words?: Uint32Array;
  /** GPU path: the stored tensor (the old contents of the next write). */
  tensor?: tf.Tensor;
}

export class TensorStore {
  readonly configs: PerClass<ChannelConfig>;
  /** Per-class bit counts from the typed-array channel (exact, immediately available). */
  readonly stats: PerClass<WriteStats> = perClass(() => emptyStats());
  /** Wall time spent in the typed-array channel (read back, bit logic, upload), ms. */
  channelMs = 0;
  private readonly slots = new Map<string, Slot>();
  private readonly gpu: GpuChannel | undefined;
  private readonly wasm: WasmHeapBackend | undefined;
  private readonly seed: number;
  private scratchWords = new Uint32Array(0);

  constructor(opts: StoreOptions) {
    this.seed = opts.seed >>> 0;
    const mk = (s: ChannelSpec): ChannelConfig => ({
      format: opts.format,
      rate01: s.rate01,
      rate10: s.rate10,
      protectMask: protectMask(opts.format, s.protect),
      readBeforeWrite: opts.readBeforeWrite,
    });
    this.configs = perClass((c) => mk(opts.classes[c] ?? { rate01: 0, rate10: 0, protect: [] }));
    this.gpu = opts.forceCpuChannel ? undefined : gpuChannels.get(tf.getBackend());
    const be =
      tf.getBackend() === 'wasm' && !opts.forceCopyChannel
        ? (tf.backend() as unknown as Partial<WasmHeapBackend>)
        : undefined;
    this.wasm =
      be && typeof be.makeOutput === 'function' && typeof be.typedArrayFromHeap === 'function'
        ? (be as WasmHeapBackend)
        : undefined;
  }

  /** Which implementation runs the channel. */
  get channelImpl(): string {
    return this.gpu ? `gpu-kernel:${tf.getBackend()}` : this.wasm ? 'typed-array:wasm-heap' : 'typed-array';
  }

  /** True when writes of this class change nothing (fp32, zero rates): the store is bypassed. */
  isIdentity(cls: TensorClass): boolean {
    const c = this.configs[cls];
    return c.format === 'fp32' && c.rate01 === 0 && c.rate10 === 0;
  }

  /**
   * Write `value` to the named location of class `cls` at training step `step`; returns the stored copy
   * (a new tensor, or `value` itself when the class is an identity). Call inside tf.tidy.
   */
  write(cls: TensorClass, name: string, value: tf.Tensor, step: number): tf.Tensor {
    const cfg = this.configs[cls];
    let slot = this.slots.get(name);
    if (!slot) {
      slot = { id: this.slots.size + 1 };
      this.slots.set(name, slot);
    }
    if (this.isIdentity(cls)) {
      this.stats[cls].written += value.size * 32;
      return value;
    }
    const key = tensorKey(this.seed, step, slot.id);
    if (this.gpu) return this.writeGpu(cls, slot, value, cfg, key);
    const t0 = performance.now();
    const out = this.wasm ? this.writeWasmHeap(cls, slot, value, cfg, key) : this.writeCpu(cls, slot, value, cfg, key);
    this.channelMs += performance.now() - t0;
    return out;
  }

  private writeCpu(cls: TensorClass, slot: Slot, value: tf.Tensor, cfg: ChannelConfig, key: number): tf.Tensor {
    const values = value.dataSync() as Float32Array;
    // fp32: read the backend's data in place through a u32 view (never written to).
    const next =
      cfg.format === 'fp32'
        ? new Uint32Array(values.buffer, values.byteOffset, values.length)
        : toWords(values, cfg.format);
    let prev = slot.words;
    if (!prev || prev.length !== next.length) prev = new Uint32Array(next.length); // fresh memory holds zeros
    // A fresh buffer per write: the returned tensor may share it (cpu backend), so it is never mutated later.
    const stored = writeWords(next, prev, cfg, key, new Uint32Array(next.length), this.stats[cls]);
    slot.words = stored;
    const floats = cfg.format === 'fp32' ? new Float32Array(stored.buffer) : fromWords(stored, cfg.format);
    return tf.tensor(floats, value.shape, 'float32');
  }

  /**
   * wasm: the channel reads the new value straight from the wasm heap, reads and updates the previous
   * stored words in the slot's own array (in place: `writeWords` reads each old word before writing it),
   * and copies them into a freshly allocated heap tensor: one memcpy (fp32) or conversion pass (bf16)
   * instead of copies out of and into wasm, and no tensor kept per slot.
   */
  private writeWasmHeap(cls: TensorClass, slot: Slot, value: tf.Tensor, cfg: ChannelConfig, key: number): tf.Tensor {
    const be = this.wasm!;
    const outInfo = be.makeOutput(value.shape.slice(), 'float32');
    // Views are taken after the allocation: a heap growth detaches views taken before it.
    const nextF = be.typedArrayFromHeap(value);
    const outF = be.typedArrayFromHeap(outInfo);
    const next =
      cfg.format === 'fp32'
        ? new Uint32Array(nextF.buffer, nextF.byteOffset, nextF.length)
        : toWords(nextF, cfg.format, this.scratch(nextF.length));
    let words = slot.words;
    if (!words || words.length !== next.length) words = new Uint32Array(next.length); // fresh memory holds zeros
    writeWords(next, words, cfg, key, words, this.stats[cls]);
    slot.words = words;
    if (cfg.format === 'fp32') new Uint32Array(outF.buffer, outF.byteOffset, outF.length).set(words);
    else fromWords(words, cfg.format, outF);
    return tf.engine().makeTensorFromTensorInfo(outInfo);
  }

  /** A reusable buffer for the converted new words (consumed within one write). */
  private scratch(n: number): Uint32Array {
    if (this.scratchWords.length < n) this.scratchWords = new Uint32Array(n);
    return this.scratchWords.subarray(0, n);
  }

  private writeGpu(cls: TensorClass, slot: Slot, value: tf.Tensor, cfg: ChannelConfig, key: number): tf.Tensor {
    const gpu = this.gpu!;
    let prev = slot.tensor;
    if (!prev || prev.size !== value.size) {
      prev?.dispose();
      prev = tf.keep(tf.zeros(value.shape));
    }
    const { stored, counts } = gpu.write(value, prev, cfg, key);
    this.stats[cls].written += value.size * (cfg.format === 'fp32' ? 32 : 16);
    // One elementwise add per write; the reduction waits until the counts are read.
    const acc = slot.count;
    slot.count = tf.keep(acc && acc.size === counts.size ? tf.add(acc, counts) : counts.clone());
    slot.cls = cls;
    acc?.dispose();
    prev.dispose();
    slot.tensor = tf.keep(stored.clone());
    return stored;
  }

  /** Corrupted bits per class so far (reads the GPU counters back when there are any). */
  async corruptedBits(): Promise<PerClass<number>> {
    const out: PerClass<number> = perClass((c) => this.stats[c].corrupted);
    for (const cls of TENSOR_CLASSES) {
      const counts = [...this.slots.values()].filter((s) => s.cls === cls && s.count).map((s) => s.count!);
      if (counts.length === 0) continue;
      const total = tf.tidy(() => tf.addN(counts.map((c) => tf.sum(c))));
      out[cls] += Math.round((await total.data())[0]!);
      total.dispose();
    }
    return out;
  }

  /** Detailed typed-array statistics (zero counters for classes run on the GPU). */
  detail(): PerClass<WriteStats> {
    const copy = (s: WriteStats) => addStats(emptyStats(), s);
    return perClass((c) => copy(this.stats[c]));
  }

  dispose(): void {
    for (const s of this.slots.values()) {
      s.tensor?.dispose();
      s.count?.dispose();
    }
    this.slots.clear();
  }
}
