/**
 * im2col convolution (src/training/conv.ts): forward, filter gradient and input gradient against
 * TF.js's own conv2d and its gradients on the cpu backend, against finite differences of a naive
 * float64 convolution written here, and the same numbers on the wasm backend (where TF.js has no
 * filter-gradient kernel and training uses im2col).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/models/rng.ts';
import {
  conv2dFilterGrad,
  conv2dFilterGradByConv,
  conv2dFilterGradIm2col,
  conv2dIm2col,
  conv2dInputGradIm2col,
  type ConvPad,
} from '../../src/training/conv.ts';

type Shape4 = [number, number, number, number];
const rand = (shape: number[], seed: number): Float32Array => {
  const rng = createRng(seed, 7);
  const n = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: n }, () => 2 * rng.next() - 1);
};

/** Naive float64 NHWC convolution, stride 1 (the definition, independent of TF.js). */
function naiveConv(x: Float64Array, xs: Shape4, w: Float64Array, ws: Shape4, pad: ConvPad): [Float64Array, Shape4] {
  const [b, h, wd, c] = xs;
  const [k, , , co] = ws;
  const p = pad === 'same' ? (k - 1) / 2 : 0;
  const ho = h + 2 * p - k + 1;
  const wo = wd + 2 * p - k + 1;
  const out = new Float64Array(b * ho * wo * co);
  for (let n = 0; n < b; n++)
    for (let y = 0; y < ho; y++)
      for (let xx = 0; xx < wo; xx++)
        for (let o = 0; o < co; o++) {
          let s = 0;
          for (let i = 0; i < k; i++)
            for (let j = 0; j < k; j++) {
              const yi = y + i - p;
              const xj = xx + j - p;
              if (yi < 0 || yi >= h || xj < 0 || xj >= wd) continue;
              for (let ci = 0; ci < c; ci++)
                s += x[((n * h + yi) * wd + xj) * c + ci]! * w[((i * k + j) * c + ci) * co + o]!;
            }
          out[((n * ho + y) * wo + xx) * co + o] = s;
        }
  return [out, [b, ho, wo, co]];
}

const CASES: { name: string; xs: Shape4; ws: Shape4; pad: ConvPad }[] = [
  { name: '3x3 same, 3 -> 4 channels', xs: [2, 6, 5, 3], ws: [3, 3, 3, 4], pad: 'same' },
  { name: '5x5 valid, 2 -> 3 channels', xs: [2, 9, 8, 2], ws: [5, 5, 2, 3], pad: 'valid' },
  { name: '1x1 valid', xs: [1, 4, 4, 3], ws: [1, 1, 3, 2], pad: 'valid' },
];

const maxRelErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
  }
  return err / Math.max(scale, 1e-30);
};

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('im2col convolution against TF.js conv2d and its gradients (cpu backend)', () => {
  for (const cs of CASES) {
    it(cs.name, () => {
      tf.tidy(() => {
        const x = tf.tensor4d(rand(cs.xs, 1), cs.xs);
        const w = tf.tensor4d(rand(cs.ws, 2), cs.ws);
        const ref = tf.conv2d(x, w, 1, cs.pad);
        const ours = conv2dIm2col(x, w, cs.pad);
        expect(ours.shape).toEqual(ref.shape);
        expect(maxRelErr(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
        // L = sum(conv(x, w) * r): dL/dw and dL/dx by TF.js autodiff, and by im2col with dy = r
        const r = tf.tensor4d(rand(ref.shape, 3), ref.shape as Shape4);
        const f = (xx: tf.Tensor4D, ww: tf.Tensor4D) => tf.sum(tf.mul(tf.conv2d(xx, ww, 1, cs.pad), r));
        const [gx, gw] = tf.grads((a, b) => f(a as tf.Tensor4D, b as tf.Tensor4D))([x, w]);
        const dw = conv2dFilterGradIm2col(x, r, cs.ws, cs.pad);
        const dx = conv2dInputGradIm2col(r, w, cs.xs, cs.pad);
        const dwConv = conv2dFilterGradByConv(x, r, cs.ws, cs.pad);
        expect(dw.shape).toEqual(cs.ws);
        expect(dwConv.shape).toEqual(cs.ws);
        expect(maxRelErr(dwConv.dataSync(), gw!.dataSync())).toBeLessThan(1e-5);
        expect(dx.shape).toEqual(cs.xs);
        expect(maxRelErr(dw.dataSync(), gw!.dataSync())).toBeLessThan(1e-5);
        expect(maxRelErr(dx.dataSync(), gx!.dataSync())).toBeLessThan(1e-5);
      });
    });
  }
});

describe('im2col gradients against finite differences of a float64 convolution', () => {
  for (const cs of CASES) {
    it(cs.name, () => {
      const x32 = rand(cs.xs, 11);
      const w32 = rand(cs.ws, 12);
      const [, ys] = naiveConv(Float64Array.from(x32), cs.xs, Float64Array.from(w32), cs.ws, cs.pad);
      const r32 = rand(ys, 13);
      const loss = (x: Float64Array, w: Float64Array) => {
        const [y] = naiveConv(x, cs.xs, w, cs.ws, cs.pad);
        let s = 0;
        for (let i = 0; i < y.length; i++) s += y[i]! * r32[i]!;
        return s;
      };
      const [dw, dx, dwConv] = tf.tidy(() => {
        const r = tf.tensor4d(r32, ys);
        return [
          conv2dFilterGradIm2col(tf.tensor4d(x32, cs.xs), r, cs.ws, cs.pad).dataSync(),
          conv2dInputGradIm2col(r, tf.tensor4d(w32, cs.ws), cs.xs, cs.pad).dataSync(),
          conv2dFilterGradByConv(tf.tensor4d(x32, cs.xs), r, cs.ws, cs.pad).dataSync(),
        ];
      });
      // central differences (exact up to rounding: L is linear in each argument), every weight and
      // every 3rd input element
      const h = 1e-3;
      const x = Float64Array.from(x32);
      const w = Float64Array.from(w32);
      const fd = (arr: Float64Array, i: number) => {
        const v = arr[i]!;
        arr[i] = v + h;
        const up = loss(x, w);
        arr[i] = v - h;
        const down = loss(x, w);
        arr[i] = v;
        return (up - down) / (2 * h);
      };
      for (let i = 0; i < w.length; i++) {
        const g = fd(w, i);
        expect(dw[i]!).toBeCloseTo(g, 4);
        expect(dwConv[i]!).toBeCloseTo(g, 4);
      }
      for (let i = 0; i < x.length; i += 3) expect(dx[i]!).toBeCloseTo(fd(x, i), 4);
    });
  }
});

describe('on the wasm backend (no Conv2DBackpropFilter kernel)', () => {
  it('im2col forward and gradients equal TF.js cpu conv2d and autodiff; training uses the conv path', async () => {
    const cs = CASES[0]!;
    const x = rand(cs.xs, 21);
    const w = rand(cs.ws, 22);
    const ref = tf.tidy(() => {
      const xt = tf.tensor4d(x, cs.xs);
      const wt = tf.tensor4d(w, cs.ws);
      const y = tf.conv2d(xt, wt, 1, cs.pad);
      const r = tf.onesLike(y);
      const [gx, gw] = tf.grads((a, b) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, cs.pad), r)))([
        xt,
        wt,
      ]);
      return { y: y.dataSync(), gx: gx!.dataSync(), gw: gw!.dataSync(), ys: y.shape as Shape4 };
    });
    await tf.setBackend('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    const ours = tf.tidy(() => {
      const xt = tf.tensor4d(x, cs.xs);
      const wt = tf.tensor4d(w, cs.ws);
      const r = tf.ones(ref.ys) as tf.Tensor4D;
      return {
        y: conv2dIm2col(xt, wt, cs.pad).dataSync(),
        gw: conv2dFilterGradIm2col(xt, r, cs.ws, cs.pad).dataSync(),
        gx: conv2dInputGradIm2col(r, wt, cs.xs, cs.pad).dataSync(),
        // what training calls on wasm: the filter gradient as a convolution on wasm's Conv2D
        gwTrain: conv2dFilterGrad(xt, r, cs.ws, cs.pad).dataSync(),
      };
    });
    await tf.setBackend('cpu');
    expect(maxRelErr(ours.gwTrain, ref.gw)).toBeLessThan(1e-5);
    expect(maxRelErr(ours.y, ref.y)).toBeLessThan(1e-5);
    expect(maxRelErr(ours.gw, ref.gw)).toBeLessThan(1e-5);
    expect(maxRelErr(ours.gx, ref.gx)).toBeLessThan(1e-5);
  });
});
