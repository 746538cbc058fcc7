/**
 * Datasets: pure parsing of the bundled files (no fs, no fetch). Loading lives in node-data.ts (CLI,
 * tests) and fetch-data.ts (worker).
 */
import { FieldError } from '../models/errors.ts';
import { createRng } from '../models/rng.ts';

export type DatasetName = 'digits' | 'mnist' | 'fashion';
export const DATASET_NAMES: readonly DatasetName[] = ['digits', 'mnist', 'fashion'];

/** A dataset in memory: images as float32 in [0, 1], NHWC, labels 0..9. */
export interface Dataset {
  name: DatasetName;
  /** [height, width, channels] of one image. */
  inputShape: [number, number, number];
  numClasses: number;
  trainX: Float32Array;
  trainY: Uint8Array;
  testX: Float32Array;
  testY: Uint8Array;
  /** Where it came from, for reports. */
  source: string;
}

export function trainSize(d: Dataset): number {
  return d.trainY.length;
}
export function testSize(d: Dataset): number {
  return d.testY.length;
}

/** Fixed seed of the train/test split of the digits set (a constant, not the run's seed). */
export const DIGITS_SPLIT_SEED = 20231;
/** Share of the digits set used for training (the rest is the test set). */
export const DIGITS_TRAIN_FRACTION = 0.8;

/**
 * Parse sklearn's digits.csv (1,797 rows of 64 pixel counts 0..16 then the label) and split it
 * 80/20 with a fixed permutation (seed DIGITS_SPLIT_SEED), so every run sees the same test set.
 */
export function parseDigitsCsv(text: string): Dataset {
  const rows = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const n = rows.length;
  const x = new Float32Array(n * 64);
  const y = new Uint8Array(n);
  rows.forEach((row, i) => {
    const cols = row.split(',');
    if (cols.length !== 65) throw new FieldError('digits.csv', `row ${i + 1}`, '65 comma-separated numbers per row');
    for (let j = 0; j < 64; j++) x[i * 64 + j] = Number(cols[j]) / 16;
    y[i] = Number(cols[64]);
  });
  const perm = permutation(n, createRng(DIGITS_SPLIT_SEED, 0));
  const nTrain = Math.round(n * DIGITS_TRAIN_FRACTION);
  const pick = (idx: number[]) => {
    const px = new Float32Array(idx.length * 64);
    const py = new Uint8Array(idx.length);
    idx.forEach((k, i) => {
      px.set(x.subarray(k * 64, k * 64 + 64), i * 64);
      py[i] = y[k]!;
    });
    return { px, py };
  };
  const tr = pick(perm.slice(0, nTrain));
  const te = pick(perm.slice(nTrain));
  return {
    name: 'digits',
    inputShape: [8, 8, 1],
    numClasses: 10,
    trainX: tr.px,
    trainY: tr.py,
    testX: te.px,
    testY: te.py,
    source: 'UCI optical digits via sklearn digits.csv.gz (E. Alpaydin, CC BY 4.0)',
  };
}

/** Fisher-Yates permutation of 0..n-1 from a seeded Rng. */
export function permutation(n: number, rng: { nextU32(): number }): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextU32() % (i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** Parse an idx file (MNIST format): returns dims and the raw bytes after the header. */
export function parseIdx(buf: Uint8Array, field: string): { dims: number[]; data: Uint8Array } {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 0x08) {
    throw new FieldError(field, `${buf.length} bytes`, 'an idx file of unsigned bytes (magic 0x0000080N)');
  }
  const nd = buf[3]!;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < nd; i++) dims.push(dv.getUint32(4 + 4 * i, false));
  const off = 4 + 4 * nd;
  return { dims, data: buf.subarray(off) };
}

/** Build an MNIST-like dataset from raw u8 images (N x 784) and labels. */
export function fromU8(
  name: DatasetName,
  trainImages: Uint8Array,
  trainLabels: Uint8Array,
  testImages: Uint8Array,
  testLabels: Uint8Array,
  source: string,
  limits: { maxTrain?: number; maxTest?: number } = {},
): Dataset {
  const px = 28 * 28;
  const nTr = Math.min(trainLabels.length, Math.floor(trainImages.length / px), limits.maxTrain ?? Infinity);
  const nTe = Math.min(testLabels.length, Math.floor(testImages.length / px), limits.maxTest ?? Infinity);
  const norm = (u: Uint8Array, n: number) => {
    const f = new Float32Array(n * px);
    for (let i = 0; i < f.length; i++) f[i] = u[i]! / 255;
    return f;
  };
  return {
    name,
    inputShape: [28, 28, 1],
    numClasses: 10,
    trainX: norm(trainImages, nTr),
    trainY: trainLabels.slice(0, nTr),
    testX: norm(testImages, nTe),
    testY: testLabels.slice(0, nTe),
    source,
  };
}

/** Cut a dataset down to at most maxTrain / maxTest samples (first samples, a fixed choice). */
export function limitDataset(d: Dataset, maxTrain?: number, maxTest?: number): Dataset {
  const per = d.inputShape[0] * d.inputShape[1] * d.inputShape[2];
  const nTr = Math.min(trainSize(d), maxTrain ?? Infinity);
  const nTe = Math.min(testSize(d), maxTest ?? Infinity);
  if (nTr === trainSize(d) && nTe === testSize(d)) return d;
  return {
    ...d,
    trainX: d.trainX.subarray(0, nTr * per),
    trainY: d.trainY.subarray(0, nTr),
    testX: d.testX.subarray(0, nTe * per),
    testY: d.testY.subarray(0, nTe),
  };
}

/** Inflate gzip bytes where needed: returns the input when it does not start with the gzip magic. */
export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Names of the sliced files written by scripts/prepare-data.mjs into public/data/. */
export function u8Files(name: 'mnist' | 'fashion'): {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
} {
  return {
    trainImages: `${name}-train-images.u8`,
    trainLabels: `${name}-train-labels.u8`,
    testImages: `${name}-test-images.u8`,
    testLabels: `${name}-test-labels.u8`,
  };
}
