/**
 * The training engine under Node (wasm), on the bundled digits set.
 * Thresholds are claims of the issue (>= 90 % clean; exponent errors break training, protected
 * exponents do not), not numbers copied from a run.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetNode } from '../../src/cli/commands/train-data.ts';
import { FieldError } from '../../src/models/errors.ts';
import {
  type Dataset,
  ResultCache,
  TensorStore,
  type TrainRequest,
  buildModel,
  evaluate,
  forwardBackward,
  initParams,
  predictLogits,
  selectBackend,
  toleranceStudy,
  train,
  trainCached,
  validateTrainRequest,
} from '../../src/training/index.ts';
import { createRng } from '../../src/models/rng.ts';

let digits: Dataset;
beforeAll(async () => {
  tf.env().set('PROD', true);
  digits = loadDatasetNode('digits');
  const choice = await selectBackend(['wasm', 'cpu'], { timeoutMs: 20_000 });
  expect(Object.keys(choice.warmupMs)).toContain('wasm');
  await tf.setBackend('wasm');
});

const req = (over: Record<string, unknown>): TrainRequest =>
  validateTrainRequest({ dataset: 'digits', model: 'mlp', ...over });
const all = (rate: number, protect: string[] = []) => ({
  activations: { rate01: rate, rate10: rate, protect },
  weights: { rate01: rate, rate10: rate, protect },
  errors: { rate01: rate, rate10: rate, protect },
});

describe('digits set', () => {
  it('is the 1,797-sample UCI set split 80/20, pixels in [0, 1]', () => {
    expect(digits.trainY.length + digits.testY.length).toBe(1797);
    expect(digits.trainY.length).toBe(1438);
    expect(Math.max(...digits.trainX)).toBe(1);
    expect(Math.min(...digits.trainX)).toBe(0);
    // all ten classes appear in the test set
    expect(new Set(digits.testY).size).toBe(10);
  });
});

describe('Fashion-MNIST (Debian dataset-fashion-mnist, installed by npm test)', () => {
  it('loads as 28x28 grey images of 10 classes; the first labels are those of the published files', () => {
    const f = loadDatasetNode('fashion', { maxTrain: 1000, maxTest: 200 });
    expect(f.inputShape).toEqual([28, 28, 1]);
    expect(f.numClasses).toBe(10);
    expect(f.trainY.length).toBe(1000);
    expect(f.testY.length).toBe(200);
    // Xiao et al. 2017: train starts ankle boot (9), T-shirt (0), T-shirt (0), dress (3);
    // t10k starts ankle boot (9), pullover (2), trouser (1), trouser (1), shirt (6)
    expect([...f.trainY.subarray(0, 4)]).toEqual([9, 0, 0, 3]);
    expect([...f.testY.subarray(0, 5)]).toEqual([9, 2, 1, 1, 6]);
    expect(Math.min(...f.trainX.subarray(0, 784 * 10))).toBe(0);
    expect(Math.max(...f.trainX.subarray(0, 784 * 10))).toBe(1);
  });
});

describe('training', () => {
  it('a clean MLP run reaches >= 90 % test accuracy', async () => {
    const r = await train(req({ epochs: 5 }), digits);
    expect(r.status).toBe('ok');
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.corruptedBits).toEqual({ activations: 0, weights: 0, errors: 0, weightGradients: 0, optimizer: 0 });
    expect(r.backend).toBe('wasm');
    expect(r.stepsPerSecond).toBeGreaterThan(0);
    expect(r.history.at(-1)!.testAccuracy).toBe(r.testAccuracy);
  });

  it('unprotected exponents at a high rate break training; the same rate with exponents protected does not', async () => {
    const broken = await train(req({ epochs: 5, classes: all(1e-2, ['sign']) }), digits);
    const safe = await train(req({ epochs: 5, classes: all(1e-2, ['sign', 'exponent']) }), digits);
    expect(broken.status === 'diverged' || broken.testAccuracy < 0.5).toBe(true);
    expect(safe.status).toBe('ok');
    expect(safe.testAccuracy).toBeGreaterThanOrEqual(0.85);
    // the protected run still saw plenty of corrupted (mantissa) bits in every class
    for (const c of ['activations', 'weights', 'errors'] as const) expect(safe.corruptedBits[c]).toBeGreaterThan(100);
  });

  it('leaves no tensors behind (wasm heap path and cpu path)', async () => {
    for (const b of ['wasm', 'cpu']) {
      await tf.setBackend(b);
      const before = tf.memory().numTensors;
      const r = await train(req({ epochs: 1, maxSteps: 5, classes: all(1e-3) }), digits);
      expect(r.channelImpl).toBe(b === 'wasm' ? 'typed-array:wasm-heap' : 'typed-array');
      expect(tf.memory().numTensors).toBe(before);
    }
    await tf.setBackend('wasm');
  });

  it('the wasm heap path and the copying path store the same bits (fp32 and bf16)', async () => {
    await tf.setBackend('wasm');
    for (const format of ['fp32', 'bf16']) {
      const heap = await train(req({ epochs: 1, maxSteps: 20, format, classes: all(1e-2) }), digits);
      const copy = await train(req({ epochs: 1, maxSteps: 20, format, classes: all(1e-2) }), digits, {
        forceCpuChannel: true,
        forceCopyChannel: true,
      });
      expect(heap.channelImpl).toBe('typed-array:wasm-heap');
      expect(copy.channelImpl).toBe('typed-array');
      expect(heap.corruptedBits).toEqual(copy.corruptedBits);
      expect(heap.finalLoss).toBe(copy.finalLoss);
    }
  });

  it('same seed, same accuracy and bit counts; another seed differs', async () => {
    const a = await train(req({ epochs: 1, classes: all(1e-3), seed: 5 }), digits);
    const b = await train(req({ epochs: 1, classes: all(1e-3), seed: 5 }), digits);
    const c = await train(req({ epochs: 1, classes: all(1e-3), seed: 6 }), digits);
    expect(b.testAccuracy).toBe(a.testAccuracy);
    expect(b.corruptedBits).toEqual(a.corruptedBits);
    expect(b.finalLoss).toBe(a.finalLoss);
    expect(c.corruptedBits).not.toEqual(a.corruptedBits);
  });

  it('a NaN loss ends the run as "diverged" with the step; the NaN model is scored at chance', async () => {
    const poisoned: Dataset = { ...digits, trainX: digits.trainX.map(() => NaN) };
    const t0 = performance.now();
    const r = await train(req({ epochs: 3 }), poisoned);
    expect(r.status).toBe('diverged');
    expect(r.divergedAtStep).toBe(1);
    expect(r.steps).toBe(1);
    // NaN inputs give NaN gradients, the update makes every weight NaN: each test sample is scored
    // 1/10 (ten classes), whatever argMax returns for NaN logits.
    expect(r.testAccuracy).toBeCloseTo(0.1, 12);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('a late divergence reports the model as it ends (chance), not the accuracy from before it', async () => {
    // One poisoned training sample: the batch that holds it yields a NaN loss (with seed 1, late in
    // the first epoch). The same run stopped one step earlier has learned: far above chance.
    const x = digits.trainX.slice();
    x.fill(NaN, 0, 64);
    const poisoned: Dataset = { ...digits, trainX: x };
    const r = await train(req({ epochs: 1 }), poisoned);
    expect(r.status).toBe('diverged');
    expect(r.divergedAtStep).toBeGreaterThan(20);
    const before = await train(req({ epochs: 1, maxSteps: r.divergedAtStep! - 1 }), poisoned);
    expect(before.status).toBe('ok');
    expect(before.testAccuracy).toBeGreaterThan(0.5);
    expect(r.testAccuracy).toBeCloseTo(0.1, 12);
  });

  it('chance scoring: rows with non-finite logits count 1/K each, finite rows by their prediction', async () => {
    const layers = buildModel('mlp', [8, 8, 1], 10);
    const params = initParams(layers, createRng(3, 1));
    const n = 40;
    const x = digits.testX.slice(0, n * 64);
    const y = digits.testY.slice(0, n);
    const shape = { inputShape: digits.inputShape, numClasses: 10 };
    // all finite: the plain fraction of argMax hits, counted here by hand from the logits
    const logits = tf.tidy(() => predictLogits(layers, params, tf.tensor4d(x, [n, 8, 8, 1])).arraySync());
    const hits = logits.filter((row, i) => row.indexOf(Math.max(...row)) === y[i]).length;
    expect(await evaluate(layers, params, shape, x, y, 16)).toBeCloseTo(hits / n, 12);
    // the first 10 rows poisoned: they score 0.1 each, the other 30 as before
    const xp = x.slice();
    xp.fill(NaN, 0, 10 * 64);
    const hitsRest = logits.slice(10).filter((row, i) => row.indexOf(Math.max(...row)) === y[i + 10]).length;
    expect(await evaluate(layers, params, shape, xp, y, 16)).toBeCloseTo((10 * 0.1 + hitsRest) / n, 12);
    // a NaN model: exactly chance, for 10 classes and for 4
    params.set('fc2.b', tf.fill([10], NaN));
    expect(await evaluate(layers, params, shape, x, y, 16)).toBeCloseTo(0.1, 12);
    const l4 = buildModel('mlp', [8, 8, 1], 4);
    const p4 = initParams(l4, createRng(3, 1));
    p4.get('fc1.W')!.dispose();
    p4.set('fc1.W', tf.fill([64, 32], NaN));
    expect(await evaluate(l4, p4, { inputShape: [8, 8, 1], numClasses: 4 }, x, y, 16)).toBeCloseTo(0.25, 12);
    for (const p of [...params.values(), ...p4.values()]) p.dispose();
  });

  it('the backward pass uses the stored (corrupted) activations', () => {
    // Activations at rate 1 over fresh (all-zero) memory: every 0->1 switch fails, so the stored input
    // and hidden activations are all zero. Backward reads them, so both weight gradients are exactly 0
    // while the bias gradient of the output layer (from the clean error) is not.
    const layers = buildModel('mlp', [8, 8, 1], 10);
    const params = initParams(layers, createRng(1, 1));
    const store = new TensorStore({
      seed: 1,
      format: 'fp32',
      readBeforeWrite: true,
      classes: {
        activations: { rate01: 1, rate10: 1, protect: [] },
        weights: { rate01: 0, rate10: 0, protect: [] },
        errors: { rate01: 0, rate10: 0, protect: [] },
      },
    });
    tf.tidy(() => {
      const x = tf.tensor4d(digits.trainX.subarray(0, 16 * 64), [16, 8, 8, 1]);
      const y = tf.oneHot(tf.tensor1d(digits.trainY.subarray(0, 16), 'int32'), 10).toFloat() as tf.Tensor2D;
      const out = forwardBackward(layers, params, store, 1, x, y);
      expect(tf.max(tf.abs(out.grads.get('fc1.W')!)).dataSync()[0]).toBe(0);
      expect(tf.max(tf.abs(out.grads.get('fc2.W')!)).dataSync()[0]).toBe(0);
      expect(tf.max(tf.abs(out.grads.get('fc2.b')!)).dataSync()[0]).toBeGreaterThan(0);
    });
    expect(store.stats.activations.corrupted).toBeGreaterThan(0);
    store.dispose();
    for (const p of params.values()) p.dispose();
  });

  it('bf16 storage trains and its weights are bf16 values', async () => {
    const r = await train(req({ epochs: 3, format: 'bf16' }), digits);
    expect(r.status).toBe('ok');
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.85);
    // the store hands back bf16 values: the low 16 bits of every stored float32 are zero
    const store = new TensorStore({ seed: 1, format: 'bf16', readBeforeWrite: true, classes: all(0) as never });
    const stored = tf.tidy(
      () => store.write('weights', 'w', tf.tensor1d([0.1, -1 / 3, 1e-20, 12345.678]), 1).dataSync() as Float32Array,
    );
    const bitsOf = new Uint32Array(Float32Array.from(stored).buffer);
    for (const b of bitsOf) expect(b & 0xffff).toBe(0);
    // 0.1 = 0x3DCCCCCD rounds to bf16 0x3DCD (round half up of 0xCCCD), i.e. 0.10009765625
    expect(stored[0]).toBe(0.10009765625);
    store.dispose();
  });

  it('stops when asked (cancelled) and caches finished results', async () => {
    let calls = 0;
    const r = await train(req({ epochs: 2 }), digits, { shouldStop: () => ++calls > 3 });
    expect(r.status).toBe('cancelled');
    expect(r.steps).toBe(3);
    const cache = new ResultCache();
    const q = req({ epochs: 1, maxSteps: 20, classes: all(1e-3) });
    const first = await trainCached(cache, q, digits);
    const t0 = performance.now();
    const second = await trainCached(cache, q, digits);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(second.cached).toBe(true);
    expect(second.testAccuracy).toBe(first.testAccuracy);
  });

  it('the CNN trains on wasm itself (im2col filter gradients), no fallback', async () => {
    await tf.setBackend('wasm');
    const r = await train(req({ model: 'cnn', epochs: 1, maxSteps: 3, classes: all(1e-3) }), digits);
    expect(r.status).toBe('ok');
    expect(r.backend).toBe('wasm');
    expect(r.backendFallbackFrom).toBeUndefined();
    expect(r.steps).toBe(3);
    expect(Number.isFinite(r.finalLoss)).toBe(true);
    expect(r.corruptedBits.activations).toBeGreaterThan(0);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('weight gradients and Adam moments are written through the channel; SGD has no moments to corrupt', async () => {
    const only = (cls: string, rate: number) => ({ [cls]: { rate01: rate, rate10: rate, protect: [] } });
    const g = await train(req({ epochs: 1, maxSteps: 3, classes: only('weightGradients', 1e-2) }), digits);
    expect(g.corruptedBits.weightGradients).toBeGreaterThan(0);
    const o = await train(req({ epochs: 1, maxSteps: 3, classes: only('optimizer', 1e-2) }), digits);
    expect(o.corruptedBits.optimizer).toBeGreaterThan(0);
    for (const [r, cls] of [
      [g, 'weightGradients'],
      [o, 'optimizer'],
    ] as const) {
      for (const other of ['activations', 'weights', 'errors', 'weightGradients', 'optimizer'] as const)
        if (other !== cls) expect(r.corruptedBits[other]).toBe(0);
    }
    // a corrupted gradient changes the update: the weights (and so the loss) differ from a clean run
    const clean = await train(req({ epochs: 1, maxSteps: 3 }), digits);
    expect(g.finalLoss).not.toBe(clean.finalLoss);
    const sgd = await train(
      req({ epochs: 1, maxSteps: 3, optimizer: 'sgd', classes: only('optimizer', 1e-1) }),
      digits,
    );
    expect(sgd.corruptedBits.optimizer).toBe(0);
    expect(sgd.bitStats.optimizer.written).toBe(0);
  });

  it('the ResNet trains on wasm with every class corrupted', async () => {
    await tf.setBackend('wasm');
    const r = await train(
      req({
        model: 'resnet',
        epochs: 1,
        maxSteps: 2,
        classes: {
          ...all(1e-3, ['sign', 'exponent']),
          weightGradients: { rate01: 1e-3, rate10: 1e-3, protect: ['sign', 'exponent'] },
          optimizer: { rate01: 1e-3, rate10: 1e-3, protect: ['sign', 'exponent'] },
        },
      }),
      digits,
    );
    expect(r.status).toBe('ok');
    expect(r.backend).toBe('wasm');
    expect(r.steps).toBe(2);
    for (const c of ['activations', 'weights', 'errors', 'weightGradients', 'optimizer'] as const)
      expect(r.corruptedBits[c], c).toBeGreaterThan(0);
  });

  it('tolerance study: one class at a time leaves the other classes clean', async () => {
    const points: string[] = [];
    const s = await toleranceStudy(
      req({ epochs: 1, maxSteps: 10 }),
      { targets: ['weights', 'activations+errors'], rates: [1e-2] },
      digits,
      (p) => points.push(p.target),
    );
    expect(points).toEqual(['clean', 'weights', 'activations+errors']);
    const w = s.points[1]!;
    expect(w.corruptedBits.weights).toBeGreaterThan(0);
    expect(w.corruptedBits.activations + w.corruptedBits.errors).toBe(0);
    const ae = s.points[2]!;
    expect(ae.corruptedBits.weights).toBe(0);
    expect(ae.corruptedBits.activations).toBeGreaterThan(0);
    expect(ae.corruptedBits.errors).toBeGreaterThan(0);
  });
});

describe('bad input names the field', () => {
  const field = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(FieldError);
      return (e as FieldError).field;
    }
    return 'no error';
  };
  it('rates outside [0, 1], unknown dataset or model, epochs <= 0', () => {
    expect(field(() => req({ classes: { weights: { rate01: 1.5, rate10: 0 } } }))).toBe('classes.weights.rate01');
    expect(field(() => req({ classes: { errors: { rate01: 0, rate10: -1e-3 } } }))).toBe('classes.errors.rate10');
    expect(field(() => req({ dataset: 'cifar' }))).toBe('dataset');
    expect(field(() => req({ model: 'vgg' }))).toBe('model');
    expect(field(() => req({ classes: { moments: { rate01: 0, rate10: 0 } } }))).toBe('classes.moments');
    expect(field(() => req({ classes: { optimizer: { rate01: 2, rate10: 0 } } }))).toBe('classes.optimizer.rate01');
    expect(field(() => req({ epochs: 0 }))).toBe('epochs');
    expect(field(() => req({ epochs: -2 }))).toBe('epochs');
    expect(field(() => req({ classes: { activations: { rate01: 0, rate10: 0, protect: ['mantissa-low'] } } }))).toBe(
      'classes.activations.protect[0]',
    );
    expect(field(() => req({ format: 'fp8' }))).toBe('format');
  });
});
