/**
 * The accuracy engine's models in Node: CNN training steps per second on wasm (convolutions trained by
 * the filter gradient as a convolution on wasm's own Conv2D) against the cpu backend in the same run
 * (goal >= 10x), the ResNet's steps per second, and the clean test accuracy each model reaches on MNIST
 * and Fashion-MNIST in a stated number of epochs on a stated slice. Noisy shared machine: compare
 * ratios within one run.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadDatasetNode } from '../src/cli/commands/train-data.ts';
import { train, validateTrainRequest } from '../src/training/index.ts';

export const name = 'models';

const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 2);
const MAX_TRAIN = Number(process.env.BENCH_MAX_TRAIN ?? 5000);
const MAX_TEST = Number(process.env.BENCH_MAX_TEST ?? 1000);

export async function run(): Promise<Record<string, number | string>> {
  tf.env().set('PROD', true);
  const out: Record<string, number | string> = {
    accuracySetting: `${EPOCHS} epochs, first ${MAX_TRAIN} training / ${MAX_TEST} test images, batch 32, Adam 0.01, seed 1, clean`,
  };
  const mnist = loadDatasetNode('mnist', { maxTrain: MAX_TRAIN, maxTest: MAX_TEST });
  const sps = async (backend: string, model: string, steps: number) => {
    await tf.setBackend(backend);
    let best = 0;
    for (let k = 0; k < 2; k++) {
      const r = await train(
        validateTrainRequest({ dataset: 'mnist', model, epochs: 1, maxSteps: steps, maxTestSamples: 1 }),
        mnist,
        { fallbackBackends: [] },
      );
      if (r.backend !== backend) throw new Error(`${model} ran on ${r.backend}, not ${backend}`);
      best = Math.max(best, r.stepsPerSecond);
    }
    return best;
  };
  const cnnWasm = await sps('wasm', 'cnn', 60);
  const cnnCpu = await sps('cpu', 'cnn', 6);
  out['cnn.mnist.wasm.stepsPerSecond'] = round(cnnWasm);
  out['cnn.mnist.cpu.stepsPerSecond'] = round(cnnCpu);
  out['cnn.mnist.wasmOverCpu'] = round(cnnWasm / cnnCpu);
  out['resnet.mnist.wasm.stepsPerSecond'] = round(await sps('wasm', 'resnet', 30));
  await tf.setBackend('wasm');
  if (process.env.BENCH_MODELS_SPEED_ONLY === '1') return out; // speeds only (accuracy does not depend on load)
  for (const dataset of ['mnist', 'fashion'] as const) {
    const data = dataset === 'mnist' ? mnist : loadDatasetNode('fashion', { maxTrain: MAX_TRAIN, maxTest: MAX_TEST });
    for (const model of ['mlp', 'cnn', 'resnet']) {
      const r = await train(validateTrainRequest({ dataset, model, epochs: EPOCHS, seed: 1 }), data);
      out[`${model}.${dataset}.testAccuracy`] = round(r.testAccuracy);
      out[`${model}.${dataset}.trainSeconds`] = round(r.trainMs / 1000);
      out[`${model}.${dataset}.stepsPerSecond`] = round(r.stepsPerSecond);
    }
  }
  return out;
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
