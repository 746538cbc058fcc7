/**
 * Hand-written networks with an explicit forward, backward and update, so that every tensor the
 * training loop writes to the scratchpad passes through the store (and its write-error channel):
 * - activations: the network input and the output of every ReLU and pooling layer, written in the
 *   forward pass; the next layer AND the backward pass read the stored (possibly corrupted) copy;
 * - errors: the output error dL/dlogits and the error each weight layer propagates to its input
 *   (dL/dx), written in the backward pass and read by the layer below;
 * - weights: every weight and bias tensor, written at initialisation and after every update.
 * Pre-activations are not stored (ReLU is fused into the layer that produces them), weight gradients
 * are consumed by the update as they are produced, and optimiser state (Adam moments) is kept clean.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../models/rng.ts';
import { conv2dFilterGrad, conv2dIm2col, conv2dInputGrad } from './conv.ts';
import type { TensorStore } from './store.ts';

export type ModelName = 'mlp' | 'cnn';
export const MODEL_NAMES: readonly ModelName[] = ['mlp', 'cnn'];
export type OptimizerName = 'sgd' | 'adam';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'adam'];

export type LayerSpec =
  | { kind: 'dense'; name: string; inUnits: number; outUnits: number }
  | { kind: 'conv'; name: string; kernel: number; inChannels: number; outChannels: number; pad: 'same' | 'valid' }
  | { kind: 'relu'; name: string }
  | { kind: 'maxpool'; name: string }
  | { kind: 'flatten'; name: string };

/**
 * The two models. MLP: 64-32-10 for 8x8 inputs, 784-128-10 for 28x28. CNN (LeNet-like): for 8x8,
 * conv3x3x8 same, relu, pool2, conv3x3x16 same, relu, pool2, dense 64-10; for 28x28, conv5x5x6 valid,
 * relu, pool2, conv5x5x16 valid, relu, pool2, dense 256-10.
 */
export function buildModel(
  model: ModelName,
  inputShape: readonly [number, number, number],
  numClasses: number,
): LayerSpec[] {
  const [h, w, c] = inputShape;
  const small = h <= 8;
  if (model === 'mlp') {
    const hidden = small ? 32 : 128;
    return [
      { kind: 'flatten', name: 'flat' },
      { kind: 'dense', name: 'fc1', inUnits: h * w * c, outUnits: hidden },
      { kind: 'relu', name: 'relu1' },
      { kind: 'dense', name: 'fc2', inUnits: hidden, outUnits: numClasses },
    ];
  }
  const k = small ? 3 : 5;
  const pad = small ? 'same' : 'valid';
  const c1 = small ? 8 : 6;
  const c2 = 16;
  let s = h;
  s = pad === 'same' ? s : s - k + 1;
  s = Math.floor(s / 2);
  s = pad === 'same' ? s : s - k + 1;
  s = Math.floor(s / 2);
  return [
    { kind: 'conv', name: 'conv1', kernel: k, inChannels: c, outChannels: c1, pad },
    { kind: 'relu', name: 'relu1' },
    { kind: 'maxpool', name: 'pool1' },
    { kind: 'conv', name: 'conv2', kernel: k, inChannels: c1, outChannels: c2, pad },
    { kind: 'relu', name: 'relu2' },
    { kind: 'maxpool', name: 'pool2' },
    { kind: 'flatten', name: 'flat' },
    { kind: 'dense', name: 'fc', inUnits: s * s * c2, outUnits: numClasses },
  ];
}

/** Parameters by name ("fc1.W", "fc1.b", ...), each kept outside tidy scopes. */
export type Params = Map<string, tf.Tensor>;

/** He-uniform initialisation (limit sqrt(6 / fanIn)) from the seeded Rng; biases zero. */
export function initParams(layers: LayerSpec[], rng: Rng): Params {
  const p: Params = new Map();
  const uniform = (shape: number[], fanIn: number) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const lim = Math.sqrt(6 / fanIn);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) v[i] = (2 * rng.next() - 1) * lim;
    return tf.tensor(v, shape);
  };
  for (const l of layers) {
    if (l.kind === 'dense') {
      p.set(`${l.name}.W`, uniform([l.inUnits, l.outUnits], l.inUnits));
      p.set(`${l.name}.b`, tf.zeros([l.outUnits]));
    } else if (l.kind === 'conv') {
      p.set(
        `${l.name}.W`,
        uniform([l.kernel, l.kernel, l.inChannels, l.outChannels], l.kernel * l.kernel * l.inChannels),
      );
      p.set(`${l.name}.b`, tf.zeros([l.outChannels]));
    }
  }
  return p;
}

/** Number of trainable parameters. */
export function paramCount(p: Params): number {
  let n = 0;
  for (const t of p.values()) n += t.size;
  return n;
}

/** Whether the active backend has the kernels a model needs for training. */
export function backendSupports(layers: LayerSpec[], backend: string): boolean {
  const needs = new Set<string>(['BatchMatMul', 'Relu', 'Softmax']);
  for (const l of layers) {
    // Convolutions: TF.js's kernels where present, else im2col + matMul (conv.ts) from these ops.
    if (l.kind === 'conv') ['PadV2', 'Slice', 'Concat', 'AddN'].forEach((k) => needs.add(k));
    if (l.kind === 'maxpool') ['MaxPool', 'MaxPoolGrad'].forEach((k) => needs.add(k));
  }
  for (const k of needs) if (!tf.getKernel(k, backend)) return false;
  return true;
}

interface Cache {
  x?: tf.Tensor;
  y?: tf.Tensor;
  inShape?: number[];
}

/** Plain forward pass for evaluation (no stores: inference on the current stored weights). */
export function predictLogits(layers: LayerSpec[], params: Params, x: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    for (const l of layers) h = forwardLayer(l, params, h);
    return h as tf.Tensor2D;
  });
}

function forwardLayer(l: LayerSpec, params: Params, x: tf.Tensor): tf.Tensor {
  switch (l.kind) {
    case 'dense':
      return tf.add(tf.matMul(x as tf.Tensor2D, params.get(`${l.name}.W`) as tf.Tensor2D), params.get(`${l.name}.b`)!);
    case 'conv': {
      const W = params.get(`${l.name}.W`) as tf.Tensor4D;
      const y = tf.getKernel('Conv2D', tf.getBackend())
        ? tf.conv2d(x as tf.Tensor4D, W, 1, l.pad)
        : conv2dIm2col(x as tf.Tensor4D, W, l.pad);
      return tf.add(y, params.get(`${l.name}.b`)!);
    }
    case 'relu':
      return tf.relu(x);
    case 'maxpool':
      return tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
    case 'flatten':
      return tf.reshape(x, [x.shape[0]!, -1]);
  }
}

export interface StepOutput {
  /** Mean cross-entropy of the batch (scalar). */
  loss: tf.Scalar;
  /** Correct predictions in the batch (scalar). */
  correct: tf.Scalar;
  /** Gradients by parameter name. */
  grads: Map<string, tf.Tensor>;
}

/**
 * Forward and backward pass of one batch through the store. `x` is [B, H, W, C]; `yOneHot` [B, K].
 * Call inside tf.tidy; returns tensors that the caller keeps or disposes.
 */
export function forwardBackward(
  layers: LayerSpec[],
  params: Params,
  store: TensorStore,
  step: number,
  x: tf.Tensor4D,
  yOneHot: tf.Tensor2D,
): StepOutput {
  const caches: Cache[] = [];
  let h: tf.Tensor = store.write('activations', 'input', x, step);
  for (const l of layers) {
    const c: Cache = { inShape: h.shape };
    if (l.kind === 'dense' || l.kind === 'conv') {
      c.x = h;
      h = forwardLayer(l, params, h);
    } else if (l.kind === 'relu') {
      h = store.write('activations', `${l.name}.out`, tf.relu(h), step);
      c.y = h;
    } else if (l.kind === 'maxpool') {
      c.x = h;
      h = store.write('activations', `${l.name}.out`, tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid'), step);
      c.y = h;
    } else {
      h = forwardLayer(l, params, h);
    }
    caches.push(c);
  }
  const logits = h as tf.Tensor2D;
  const batch = logits.shape[0];
  const logp = tf.logSoftmax(logits);
  const loss = tf.neg(tf.div(tf.sum(tf.mul(yOneHot, logp)), batch)) as tf.Scalar;
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(yOneHot, 1)), 'float32')) as tf.Scalar;
  // Output error of softmax cross-entropy: (softmax - onehot) / B.
  let dy: tf.Tensor = store.write('errors', 'logits.grad', tf.div(tf.sub(tf.exp(logp), yOneHot), batch), step);
  const grads = new Map<string, tf.Tensor>();
  const firstWeighted = layers.findIndex((l) => l.kind === 'dense' || l.kind === 'conv');
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i]!;
    const c = caches[i]!;
    if (l.kind === 'dense') {
      const W = params.get(`${l.name}.W`) as tf.Tensor2D;
      const x2 = c.x as tf.Tensor2D;
      grads.set(`${l.name}.W`, tf.matMul(x2, dy as tf.Tensor2D, true, false));
      grads.set(`${l.name}.b`, tf.sum(dy, 0));
      if (i > firstWeighted)
        dy = store.write('errors', `${l.name}.dx`, tf.matMul(dy as tf.Tensor2D, W, false, true), step);
    } else if (l.kind === 'conv') {
      const W = params.get(`${l.name}.W`) as tf.Tensor4D;
      const x4 = c.x as tf.Tensor4D;
      // TF.js's filter-gradient kernel where the backend has one (cpu, GPUs), im2col + matMul on wasm
      grads.set(`${l.name}.W`, conv2dFilterGrad(x4, dy as tf.Tensor4D, W.shape, l.pad));
      grads.set(`${l.name}.b`, tf.sum(dy, [0, 1, 2]));
      if (i > firstWeighted) {
        const dx = conv2dInputGrad(dy as tf.Tensor4D, W, x4.shape, l.pad);
        dy = store.write('errors', `${l.name}.dx`, dx, step);
      }
    } else if (l.kind === 'relu') {
      dy = tf.mul(dy, tf.step(c.y!, 0));
    } else if (l.kind === 'maxpool') {
      dy = tf.engine().runKernel('MaxPoolGrad', { dy, input: c.x!, output: c.y! }, {
        filterSize: 2,
        strides: 2,
        pad: 'valid',
        dimRoundingMode: undefined,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    } else {
      dy = tf.reshape(dy, c.inShape!);
    }
    if (i <= firstWeighted) break;
  }
  return { loss, correct, grads };
}

export interface OptimizerState {
  kind: OptimizerName;
  lr: number;
  t: number;
  m: Map<string, tf.Tensor>;
  v: Map<string, tf.Tensor>;
}

/** Adam constants (Kingma and Ba 2015 defaults). */
export const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

export function createOptimizer(kind: OptimizerName, lr: number): OptimizerState {
  return { kind, lr, t: 0, m: new Map(), v: new Map() };
}

/**
 * Update every parameter and write it through the store. Disposes the old parameters and the
 * gradients; the new parameters and optimiser moments are kept outside tidy scopes.
 */
export function applyUpdate(
  params: Params,
  grads: Map<string, tf.Tensor>,
  opt: OptimizerState,
  store: TensorStore,
  step: number,
): void {
  opt.t++;
  for (const [name, g] of grads) {
    const w = params.get(name)!;
    const next = tf.tidy(() => {
      let upd: tf.Tensor;
      if (opt.kind === 'sgd') upd = tf.mul(g, opt.lr);
      else {
        const m0 = opt.m.get(name) ?? tf.zerosLike(g);
        const v0 = opt.v.get(name) ?? tf.zerosLike(g);
        const m = tf.add(tf.mul(m0, ADAM.beta1), tf.mul(g, 1 - ADAM.beta1));
        const v = tf.add(tf.mul(v0, ADAM.beta2), tf.mul(tf.square(g), 1 - ADAM.beta2));
        opt.m.get(name)?.dispose();
        opt.v.get(name)?.dispose();
        opt.m.set(name, tf.keep(m));
        opt.v.set(name, tf.keep(v));
        const c1 = 1 - Math.pow(ADAM.beta1, opt.t);
        const c2 = 1 - Math.pow(ADAM.beta2, opt.t);
        upd = tf.div(tf.mul(m, opt.lr / c1), tf.add(tf.sqrt(tf.div(v, c2)), ADAM.eps));
      }
      return store.write('weights', name, tf.sub(w, upd), step);
    });
    w.dispose();
    g.dispose();
    params.set(name, next);
  }
}

/** Write the initial parameters through the store (the first write of the weight memory). */
export function storeInitialParams(params: Params, store: TensorStore): void {
  for (const [name, w] of [...params]) {
    const next = tf.tidy(() => store.write('weights', name, w, 0));
    if (next !== w) {
      w.dispose();
      params.set(name, next);
    }
  }
}

export function disposeOptimizer(opt: OptimizerState): void {
  for (const t of opt.m.values()) t.dispose();
  for (const t of opt.v.values()) t.dispose();
  opt.m.clear();
  opt.v.clear();
}
