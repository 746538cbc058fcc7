/**
 * Hand-written networks with an explicit forward, backward and update, so that every tensor the
 * training loop writes to the scratchpad passes through the store (and its write-error channel):
 * - activations: the network input, the output of every ReLU, pooling and global-average-pooling
 *   layer, and batch normalisation's normalised activations x^ (kept for its backward pass), written in
 *   the forward pass; the next layer AND the backward pass read the stored (possibly corrupted) copy;
 * - errors: the output error dL/dlogits, the error each weight layer (dense, conv, batch norm)
 *   propagates to its input (dL/dx), and the summed error at a residual block's input, written in the
 *   backward pass and read by the layer below;
 * - weights: every weight and bias tensor (and batch norm's gamma, beta and its running mean and
 *   variance, the statistics inference uses), written at initialisation and after every update/step;
 * - weightGradients: every weight gradient, written once computed; the update reads the stored copy;
 * - optimizer: Adam's first and second moments, written at every update and read at the next.
 * Pre-activations and a residual block's sum before its ReLU are not stored (fused).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../models/rng.ts';
import { conv2dFilterGrad, conv2dIm2col, conv2dInputGrad } from './conv.ts';
import type { TensorStore } from './store.ts';

export type ModelName = 'mlp' | 'cnn' | 'resnet';
export const MODEL_NAMES: readonly ModelName[] = ['mlp', 'cnn', 'resnet'];
export type OptimizerName = 'sgd' | 'adam';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'adam'];

export type LayerSpec =
  | { kind: 'dense'; name: string; inUnits: number; outUnits: number }
  | { kind: 'conv'; name: string; kernel: number; inChannels: number; outChannels: number; pad: 'same' | 'valid' }
  | { kind: 'relu'; name: string }
  | { kind: 'maxpool'; name: string }
  | { kind: 'flatten'; name: string }
  /** Batch normalisation over every axis but the last (Ioffe and Szegedy 2015). */
  | { kind: 'bn'; name: string; channels: number }
  /** Global average pooling [B, H, W, C] -> [B, C]. */
  | { kind: 'gap'; name: string }
  /** relu(body(x) + shortcut(x)); an empty shortcut is the identity (He et al. 2016). */
  | { kind: 'residual'; name: string; body: LayerSpec[]; shortcut: LayerSpec[] };

/** Batch-norm constants: running statistics' momentum and the variance epsilon. */
export const BN = { momentum: 0.9, eps: 1e-5 } as const;

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
  if (model === 'resnet') return buildResnet(inputShape, numClasses);
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

/**
 * A small ResNet (He et al. 2016), 8 weight layers: a 3x3 stem conv (8 channels) with batch norm, ReLU
 * and a 2x2 max pool, then three basic blocks of two 3x3 convs with batch norm (8, 16, 32 channels; a
 * 1x1 conv with batch norm on the shortcut where the width changes), a 2x2 max pool after the first
 * two blocks (28x28 -> 14 -> 7 -> 3; 8x8 -> 4 -> 2 -> 1), global average pooling and a dense classifier.
 */
function buildResnet(inputShape: readonly [number, number, number], numClasses: number): LayerSpec[] {
  const c = inputShape[2];
  const widths = [8, 16, 32];
  const conv = (name: string, k: number, ci: number, co: number): LayerSpec => ({
    kind: 'conv',
    name,
    kernel: k,
    inChannels: ci,
    outChannels: co,
    pad: 'same',
  });
  const layers: LayerSpec[] = [
    conv('stem', 3, c, widths[0]!),
    { kind: 'bn', name: 'stem_bn', channels: widths[0]! },
    { kind: 'relu', name: 'stem_relu' },
    { kind: 'maxpool', name: 'stem_pool' },
  ];
  let ci = widths[0]!;
  widths.forEach((co, i) => {
    const n = `b${i + 1}`;
    layers.push({
      kind: 'residual',
      name: n,
      body: [
        conv(`${n}c1`, 3, ci, co),
        { kind: 'bn', name: `${n}bn1`, channels: co },
        { kind: 'relu', name: `${n}relu1` },
        conv(`${n}c2`, 3, co, co),
        { kind: 'bn', name: `${n}bn2`, channels: co },
      ],
      shortcut: ci === co ? [] : [conv(`${n}sc`, 1, ci, co), { kind: 'bn', name: `${n}scbn`, channels: co }],
    });
    if (i < widths.length - 1) layers.push({ kind: 'maxpool', name: `${n}pool` });
    ci = co;
  });
  layers.push({ kind: 'gap', name: 'gap' }, { kind: 'dense', name: 'fc', inUnits: ci, outUnits: numClasses });
  return layers;
}

/** Every layer, residual blocks expanded (body, then shortcut). */
export function flattenLayers(layers: readonly LayerSpec[]): LayerSpec[] {
  return layers.flatMap((l) =>
    l.kind === 'residual' ? [l, ...flattenLayers(l.body), ...flattenLayers(l.shortcut)] : [l],
  );
}

/** Names of batch norm's running statistics (stored, not trained). */
export const isStatistic = (name: string): boolean => name.endsWith('.mean') || name.endsWith('.var');

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
  for (const l of flattenLayers(layers)) {
    if (l.kind === 'bn') {
      p.set(`${l.name}.gamma`, tf.ones([l.channels]));
      p.set(`${l.name}.beta`, tf.zeros([l.channels]));
      p.set(`${l.name}.mean`, tf.zeros([l.channels]));
      p.set(`${l.name}.var`, tf.ones([l.channels]));
    } else if (l.kind === 'dense') {
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

/** Number of trainable parameters (batch norm's running statistics excluded). */
export function paramCount(p: Params): number {
  let n = 0;
  for (const [name, t] of p) if (!isStatistic(name)) n += t.size;
  return n;
}

/** Whether the active backend has the kernels a model needs for training. */
export function backendSupports(layers: LayerSpec[], backend: string): boolean {
  const needs = new Set<string>(['BatchMatMul', 'Relu', 'Softmax']);
  for (const l of flattenLayers(layers)) {
    // Convolutions: TF.js's kernels where present, else im2col + matMul (conv.ts) from these ops.
    if (l.kind === 'conv') ['PadV2', 'Slice', 'Concat', 'AddN'].forEach((k) => needs.add(k));
    if (l.kind === 'maxpool') ['MaxPool', 'MaxPoolGrad'].forEach((k) => needs.add(k));
  }
  for (const k of needs) if (!tf.getKernel(k, backend)) return false;
  return true;
}

/** What a layer's forward pass keeps for its backward pass. */
interface Cache {
  /** The layer's input (the stored copy where the input was stored). */
  x?: tf.Tensor;
  /** The layer's stored output (ReLU, pooling, block output). */
  y?: tf.Tensor;
  inShape?: number[];
  /** Batch norm: the stored normalised activations and 1 / sqrt(var + eps) per channel. */
  xhat?: tf.Tensor;
  invStd?: tf.Tensor;
  body?: Cache[];
  shortcut?: Cache[];
}

/** Axes batch norm reduces over: all but the channel axis. */
const bnAxes = (rank: number) => Array.from({ length: rank - 1 }, (_, i) => i);

/**
 * Plain forward pass for evaluation (no stores: inference on the current stored weights; batch norm
 * uses its running statistics). `training: true` uses the batch's statistics instead (tests).
 */
export function predictLogits(
  layers: LayerSpec[],
  params: Params,
  x: tf.Tensor,
  opts: { training?: boolean } = {},
): tf.Tensor2D {
  return tf.tidy(() => forwardPlain(layers, params, x, opts.training === true) as tf.Tensor2D);
}

function forwardPlain(layers: readonly LayerSpec[], params: Params, x: tf.Tensor, training: boolean): tf.Tensor {
  let h = x;
  for (const l of layers) {
    if (l.kind === 'bn') {
      const g = params.get(`${l.name}.gamma`)!;
      const b = params.get(`${l.name}.beta`)!;
      const { mean, variance } = training
        ? tf.moments(h, bnAxes(h.rank))
        : { mean: params.get(`${l.name}.mean`)!, variance: params.get(`${l.name}.var`)! };
      h = tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, BN.eps))), g), b);
    } else if (l.kind === 'residual') {
      const a = forwardPlain(l.body, params, h, training);
      const sc = l.shortcut.length ? forwardPlain(l.shortcut, params, h, training) : h;
      h = tf.relu(tf.add(a, sc));
    } else h = forwardLayer(l, params, h);
  }
  return h;
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
    case 'gap':
      return tf.mean(x, [1, 2]);
    case 'bn':
    case 'residual':
      throw new Error(`${l.kind} is handled by the caller`);
  }
}

export interface StepOutput {
  /** Mean cross-entropy of the batch (scalar). */
  loss: tf.Scalar;
  /** Correct predictions in the batch (scalar). */
  correct: tf.Scalar;
  /** Gradients by parameter name. */
  grads: Map<string, tf.Tensor>;
  /** Batch norm's new running statistics by parameter name ("<bn>.mean", "<bn>.var"), stored copies. */
  stats: Map<string, tf.Tensor>;
}

interface Ctx {
  params: Params;
  store: TensorStore;
  step: number;
  grads: Map<string, tf.Tensor>;
  stats: Map<string, tf.Tensor>;
}

/** Forward through a list of layers, storing what memory holds; returns the output and the caches. */
function forwardSeq(layers: readonly LayerSpec[], h0: tf.Tensor, ctx: Ctx): { out: tf.Tensor; caches: Cache[] } {
  const { params, store, step } = ctx;
  const caches: Cache[] = [];
  let h = h0;
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
    } else if (l.kind === 'gap') {
      h = store.write('activations', `${l.name}.out`, tf.mean(h, [1, 2]), step);
    } else if (l.kind === 'bn') {
      const axes = bnAxes(h.rank);
      const { mean, variance } = tf.moments(h, axes);
      const invStd = tf.rsqrt(tf.add(variance, BN.eps));
      // x^ is what the backward pass reads: stored (activations)
      const xhat = store.write('activations', `${l.name}.xhat`, tf.mul(tf.sub(h, mean), invStd), step);
      c.xhat = xhat;
      c.invStd = invStd;
      h = tf.add(tf.mul(xhat, params.get(`${l.name}.gamma`)!), params.get(`${l.name}.beta`)!);
      // running statistics (biased batch variance), stored with the weights
      const m = BN.momentum;
      for (const [key, batch] of [
        ['mean', mean],
        ['var', variance],
      ] as const) {
        const name = `${l.name}.${key}`;
        const next = tf.add(tf.mul(params.get(name)!, m), tf.mul(batch, 1 - m));
        ctx.stats.set(name, store.write('weights', name, next, step));
      }
    } else if (l.kind === 'residual') {
      const body = forwardSeq(l.body, h, ctx);
      const sc = l.shortcut.length ? forwardSeq(l.shortcut, h, ctx) : { out: h, caches: [] };
      c.body = body.caches;
      c.shortcut = sc.caches;
      h = store.write('activations', `${l.name}.out`, tf.relu(tf.add(body.out, sc.out)), step);
      c.y = h;
    } else {
      h = forwardLayer(l, params, h);
    }
    caches.push(c);
  }
  return { out: h, caches };
}

const hasWeights = (l: LayerSpec) =>
  l.kind === 'dense' || l.kind === 'conv' || l.kind === 'bn' || l.kind === 'residual';

/**
 * Backward through a list of layers from the error at its output. `needDx`: whether the error at the
 * list's input is needed (false below the network's first weight layer). Returns that error.
 */
function backwardSeq(
  layers: readonly LayerSpec[],
  caches: Cache[],
  dyIn: tf.Tensor,
  needDx: boolean,
  ctx: Ctx,
): tf.Tensor | undefined {
  const { params, store, step, grads } = ctx;
  const firstWeighted = layers.findIndex(hasWeights);
  let dy: tf.Tensor = dyIn;
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i]!;
    const c = caches[i]!;
    const wantDx = needDx || i > firstWeighted;
    if (l.kind === 'dense') {
      const W = params.get(`${l.name}.W`) as tf.Tensor2D;
      grads.set(`${l.name}.W`, tf.matMul(c.x as tf.Tensor2D, dy as tf.Tensor2D, true, false));
      grads.set(`${l.name}.b`, tf.sum(dy, 0));
      if (!wantDx) return undefined;
      dy = store.write('errors', `${l.name}.dx`, tf.matMul(dy as tf.Tensor2D, W, false, true), step);
    } else if (l.kind === 'conv') {
      const W = params.get(`${l.name}.W`) as tf.Tensor4D;
      const x4 = c.x as tf.Tensor4D;
      // TF.js's filter-gradient kernel where the backend has one (cpu, GPUs), a convolution on wasm
      grads.set(`${l.name}.W`, conv2dFilterGrad(x4, dy as tf.Tensor4D, W.shape, l.pad));
      grads.set(`${l.name}.b`, tf.sum(dy, [0, 1, 2]));
      if (!wantDx) return undefined;
      dy = store.write('errors', `${l.name}.dx`, conv2dInputGrad(dy as tf.Tensor4D, W, x4.shape, l.pad), step);
    } else if (l.kind === 'bn') {
      // y = gamma x^ + beta, x^ = (x - mean) invStd over N values per channel:
      // dx = invStd / N (N dx^ - sum dx^ - x^ sum(dx^ x^)), dx^ = dy gamma
      const axes = bnAxes(dy.rank);
      const xhat = c.xhat!;
      const n = xhat.size / l.channels;
      grads.set(`${l.name}.gamma`, tf.sum(tf.mul(dy, xhat), axes));
      grads.set(`${l.name}.beta`, tf.sum(dy, axes));
      if (!wantDx) return undefined;
      const dxhat = tf.mul(dy, params.get(`${l.name}.gamma`)!);
      const dx = tf.mul(
        tf.div(c.invStd!, n),
        tf.sub(tf.sub(tf.mul(dxhat, n), tf.sum(dxhat, axes)), tf.mul(xhat, tf.sum(tf.mul(dxhat, xhat), axes))),
      );
      dy = store.write('errors', `${l.name}.dx`, dx, step);
    } else if (l.kind === 'relu') {
      dy = tf.mul(dy, tf.step(c.y!, 0));
    } else if (l.kind === 'maxpool') {
      dy = tf.engine().runKernel('MaxPoolGrad', { dy, input: c.x!, output: c.y! }, {
        filterSize: 2,
        strides: 2,
        pad: 'valid',
        dimRoundingMode: undefined,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    } else if (l.kind === 'gap') {
      const [b, hh, ww, ch] = c.inShape! as [number, number, number, number];
      dy = tf.mul(tf.ones([b, hh, ww, ch]), tf.div(tf.reshape(dy, [b, 1, 1, ch]), hh * ww));
    } else if (l.kind === 'residual') {
      const d = tf.mul(dy, tf.step(c.y!, 0));
      const dBody = backwardSeq(l.body, c.body!, d, true, ctx)!;
      const dSc = l.shortcut.length ? backwardSeq(l.shortcut, c.shortcut!, d, true, ctx)! : d;
      if (!wantDx) return undefined;
      dy = store.write('errors', `${l.name}.dx`, tf.add(dBody, dSc), step);
    } else {
      dy = tf.reshape(dy, c.inShape!);
    }
    if (!wantDx && i <= firstWeighted) return undefined;
  }
  return dy;
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
  const ctx: Ctx = { params, store, step, grads: new Map(), stats: new Map() };
  const input = store.write('activations', 'input', x, step);
  const { out, caches } = forwardSeq(layers, input, ctx);
  const logits = out as tf.Tensor2D;
  const batch = logits.shape[0];
  const logp = tf.logSoftmax(logits);
  const loss = tf.neg(tf.div(tf.sum(tf.mul(yOneHot, logp)), batch)) as tf.Scalar;
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(yOneHot, 1)), 'float32')) as tf.Scalar;
  // Output error of softmax cross-entropy: (softmax - onehot) / B.
  const dy = store.write('errors', 'logits.grad', tf.div(tf.sub(tf.exp(logp), yOneHot), batch), step);
  backwardSeq(layers, caches, dy, false, ctx);
  return { loss, correct, grads: ctx.grads, stats: ctx.stats };
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
 * Update every parameter and write it through the store. Each gradient is first written to memory
 * (class weightGradients) and the update reads the stored copy; Adam's moments are written (class
 * optimizer) and the next update reads the stored copies. Disposes the old parameters and the
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
      const gs = store.write('weightGradients', `${name}.grad`, g, step);
      let upd: tf.Tensor;
      if (opt.kind === 'sgd') upd = tf.mul(gs, opt.lr);
      else {
        const m0 = opt.m.get(name) ?? tf.zerosLike(gs);
        const v0 = opt.v.get(name) ?? tf.zerosLike(gs);
        const m = store.write(
          'optimizer',
          `${name}.m`,
          tf.add(tf.mul(m0, ADAM.beta1), tf.mul(gs, 1 - ADAM.beta1)),
          step,
        );
        const v = store.write(
          'optimizer',
          `${name}.v`,
          tf.add(tf.mul(v0, ADAM.beta2), tf.mul(tf.square(gs), 1 - ADAM.beta2)),
          step,
        );
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
