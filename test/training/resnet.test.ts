/**
 * Batch normalisation and residual connections (src/training/model.ts): the hand-written backward pass
 * against TF.js autodiff of the plain forward pass, and against central finite differences; batch
 * norm's normalised activations and running statistics go through the store.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/models/rng.ts';
import {
  type LayerSpec,
  TensorStore,
  buildModel,
  forwardBackward,
  initParams,
  paramCount,
  predictLogits,
} from '../../src/training/index.ts';

const clean = { rate01: 0, rate10: 0, protect: [] };
const cleanStore = () =>
  new TensorStore({
    seed: 1,
    format: 'fp32',
    readBeforeWrite: true,
    classes: { activations: clean, weights: clean, errors: clean, weightGradients: clean, optimizer: clean },
  });

const conv = (name: string, k: number, ci: number, co: number): LayerSpec => ({
  kind: 'conv',
  name,
  kernel: k,
  inChannels: ci,
  outChannels: co,
  pad: 'same',
});
/** conv-bn-relu, an identity residual block, a projection residual block, global average pool, dense. */
const NET: LayerSpec[] = [
  conv('c1', 3, 2, 3),
  { kind: 'bn', name: 'bn1', channels: 3 },
  { kind: 'relu', name: 'r1' },
  {
    kind: 'residual',
    name: 'res1',
    body: [conv('res1c', 3, 3, 3), { kind: 'bn', name: 'res1bn', channels: 3 }],
    shortcut: [],
  },
  {
    kind: 'residual',
    name: 'res2',
    body: [conv('res2c', 3, 3, 4), { kind: 'bn', name: 'res2bn', channels: 4 }],
    shortcut: [conv('res2sc', 1, 3, 4), { kind: 'bn', name: 'res2scbn', channels: 4 }],
  },
  { kind: 'gap', name: 'gap' },
  { kind: 'dense', name: 'fc', inUnits: 4, outUnits: 3 },
];
const XS: [number, number, number, number] = [4, 5, 5, 2];

function setup() {
  const params = initParams(NET, createRng(5, 1));
  // non-trivial gamma and beta, so their gradients and their effect on dx are exercised
  const rng = createRng(5, 9);
  for (const [name, t] of [...params]) {
    if (name.endsWith('.gamma') || name.endsWith('.beta')) {
      const v = Float32Array.from({ length: t.size }, () =>
        name.endsWith('.gamma') ? 0.5 + rng.next() : rng.next() - 0.5,
      );
      t.dispose();
      params.set(name, tf.tensor(v, t.shape));
    }
  }
  const x = Float32Array.from({ length: XS.reduce((a, b) => a * b, 1) }, () => 2 * rng.next() - 1);
  const labels = [0, 2, 1, 2];
  return { params, x, labels };
}

/** Mean cross-entropy of the plain forward pass in training mode (batch statistics). */
const lossOf = (params: Map<string, tf.Tensor>, x: tf.Tensor4D, y: tf.Tensor2D) =>
  tf.tidy(() => {
    const logits = predictLogits(NET, params, x, { training: true });
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('batch norm and residual blocks: backward pass', () => {
  it('gradients equal TF.js autodiff of the forward pass (every parameter)', () => {
    const { params, x, labels } = setup();
    const names = [...params.keys()].filter((n) => !n.endsWith('.mean') && !n.endsWith('.var'));
    const store = cleanStore();
    tf.tidy(() => {
      const xt = tf.tensor4d(x, XS);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D;
      const ours = forwardBackward(NET, params, store, 1, xt, y);
      const f = (...ts: tf.Tensor[]) => {
        const p = new Map(params);
        names.forEach((n, i) => p.set(n, ts[i]!));
        return lossOf(p, xt, y);
      };
      const ref = tf.grads(f)(names.map((n) => params.get(n)!));
      expect(ours.loss.dataSync()[0]).toBeCloseTo(f(...names.map((n) => params.get(n)!)).dataSync()[0]!, 5);
      expect([...ours.grads.keys()].sort()).toEqual([...names].sort());
      names.forEach((n, i) => {
        const a = ours.grads.get(n)!.dataSync();
        const b = ref[i]!.dataSync();
        const scale = Math.max(...b.map(Math.abs), 1e-3);
        for (let j = 0; j < a.length; j++) expect(Math.abs(a[j]! - b[j]!) / scale, `${n}[${j}]`).toBeLessThan(1e-4);
      });
    });
    store.dispose();
  });

  it('gradients agree with central finite differences of the loss', () => {
    const { params, x, labels } = setup();
    const store = cleanStore();
    const xt = tf.tensor4d(x, XS);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D;
    const grads = tf.tidy(() => {
      const g = forwardBackward(NET, params, store, 1, xt, y).grads;
      return Object.fromEntries([...g].map(([k, v]) => [k, v.dataSync().slice()]));
    });
    const h = 1e-2;
    const checked: string[] = [];
    for (const name of ['bn1.gamma', 'bn1.beta', 'res1bn.gamma', 'res2scbn.beta', 'res2c.W', 'res2sc.W', 'c1.W']) {
      const t = params.get(name)!;
      const base = t.dataSync().slice();
      for (let j = 0; j < Math.min(base.length, 6); j++) {
        const at = (delta: number) => {
          const v = base.slice();
          v[j] = v[j]! + delta;
          const p = new Map(params);
          p.set(name, tf.tensor(v, t.shape));
          const l = lossOf(p, xt, y);
          const out = l.dataSync()[0]!;
          l.dispose();
          p.get(name)!.dispose();
          return out;
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        // float32 loss: rounding noise ~ 1e-7 / h; curvature error ~ h^2
        expect(Math.abs(fd - grads[name]![j]!), `${name}[${j}]`).toBeLessThan(2e-3 + 0.02 * Math.abs(fd));
        checked.push(name);
      }
    }
    expect(new Set(checked).size).toBe(7);
    xt.dispose();
    y.dispose();
    store.dispose();
  });
});

describe('what batch norm stores', () => {
  it('x^ is written as activations and the running statistics with the weights', () => {
    const { params, x, labels } = setup();
    const store = cleanStore();
    const stats = tf.tidy(() => {
      const xt = tf.tensor4d(x, XS);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D;
      const out = forwardBackward(NET, params, store, 1, xt, y);
      // bn1's running mean after one step: 0.9 * 0 + 0.1 * (batch mean of conv c1's output)
      const c1 = tf.add(tf.conv2d(xt, params.get('c1.W') as tf.Tensor4D, 1, 'same'), params.get('c1.b')!);
      const mean = tf.mean(c1, [0, 1, 2]).dataSync();
      const run = out.stats.get('bn1.mean')!.dataSync();
      for (let i = 0; i < 3; i++) expect(run[i]!).toBeCloseTo(0.1 * mean[i]!, 6);
      return [...out.stats.keys()].sort();
    });
    expect(stats).toEqual(['bn1', 'res1bn', 'res2bn', 'res2scbn'].flatMap((b) => [`${b}.mean`, `${b}.var`]).sort());
    // Activation elements written (batch 4, 5x5): input 200; c1's x^ 300 and ReLU 300; res1's x^ 300 and
    // output 300; res2's body x^ 400, shortcut x^ 400 and output 400; global average pool 16: 2,616 x 32 bits.
    expect(store.stats.activations.written).toBe(2616 * 32);
    // Weights written in the step: the 4 x 2 running statistics (3 + 3 + 4 + 4 channels) x 2 = 28 values.
    expect(store.stats.weights.written).toBe(28 * 32);
    store.dispose();
  });
});

describe('the ResNet', () => {
  it('has 8 weight layers (stem, three blocks of two convs, classifier) and the parameters counted by hand', () => {
    const layers = buildModel('resnet', [28, 28, 1], 10);
    const weightLayers = (ls: LayerSpec[]): number =>
      ls.reduce(
        (n, l) => n + (l.kind === 'residual' ? weightLayers(l.body) : l.kind === 'conv' || l.kind === 'dense' ? 1 : 0),
        0,
      );
    expect(weightLayers(layers)).toBe(8);
    const params = initParams(layers, createRng(1, 1));
    // 3x3 convs: stem 1->8 (80), b1 8->8 x2 (1,168), b2 8->16 + 16->16 (1,168 + 2,320), b3 16->32 +
    // 32->32 (4,640 + 9,248); shortcuts 1x1 8->16 (144), 16->32 (544); batch norm gamma+beta 2 x (8 + 8 + 8
    // + 16 + 16 + 16 + 32 + 32 + 32) = 336; dense 32->10 (330)
    expect(paramCount(params)).toBe(80 + 1168 + 1168 + 2320 + 4640 + 9248 + 144 + 544 + 336 + 330);
    for (const p of params.values()) p.dispose();
  });
});
