import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { it } from 'vitest';
import { loadDatasetNode } from '../src/cli/commands/train-data.ts';
import { train, validateTrainRequest } from '../src/training/index.ts';
it('probe', async () => {
  tf.env().set('PROD', true);
  const d = loadDatasetNode('mnist', { maxTrain: 2000, maxTest: 500 });
  const dg = loadDatasetNode('digits');
  await tf.setBackend('wasm');
  for (const m of ['mlp', 'cnn', 'resnet']) {
    const r = await train(validateTrainRequest({ dataset: 'digits', model: m, epochs: 3 }), dg);
    console.log('digits', m, r.backend, r.status, r.stepsPerSecond.toFixed(1), r.testAccuracy, r.paramCount, tf.memory().numTensors);
  }
  const r = await train(validateTrainRequest({ dataset: 'mnist', model: 'resnet', epochs: 1, maxSteps: 60, maxTrainSamples: 2000, maxTestSamples: 500 }), d);
  console.log('mnist resnet', r.backend, r.status, r.stepsPerSecond.toFixed(1), r.testAccuracy, r.finalLoss, r.paramCount);
}, 300000);
