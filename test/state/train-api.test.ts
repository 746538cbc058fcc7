/**
 * The training worker's API in Node, without a Worker (workers/train-api.ts; train.worker.ts only exposes
 * it): sweep points, the per-instance result cache, named errors for bad requests.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainApi } from '../../workers/train-api.ts';
import { loadDatasetNode } from '../../src/cli/commands/train-data.ts';
import { defaultConfig, type ExplorerConfig } from '../../src/schema/schema.ts';
import { evaluatePointAnalytic } from '../../src/evaluate/sweep-points.ts';
import { FieldError } from '../../src/models/errors.ts';
import type { TrainProgress } from '../../src/training/index.ts';

const loaded: string[] = [];
const api = createTrainApi({
  defaultAssetBase: () => 'http://localhost/',
  loadDataset: async (name) => {
    loaded.push(name);
    return loadDatasetNode(name);
  },
});

// one epoch of the MLP on digits, pinned to the CPU backend (backend= in the link)
const config: ExplorerConfig = (() => {
  const c = defaultConfig();
  return { ...c, training: { ...c.training, dataset: 'digits', model: 'mlp', epochs: 1, backend: 'cpu' } };
})();

beforeAll(() => {
  tf.env().set('PROD', true);
});

describe('train-api (the training worker without a Worker)', () => {
  it('a sweep point without accuracy is the analytic evaluation of that point', async () => {
    expect(await api.sweepPoint(config, false)).toEqual(evaluatePointAnalytic(config));
  });

  it('trains a configuration with progress, caches it, and answers the second run from the cache', async () => {
    const progress: TrainProgress[] = [];
    const first = await api.trainConfig(config, (p) => progress.push(p));
    expect(first.backend).toBe('cpu');
    expect(first.cached).toBeFalsy();
    // ten digit classes: a trained model beats chance (10 %) by far after one epoch
    expect(first.testAccuracy).toBeGreaterThan(0.5);
    expect(progress.length).toBeGreaterThan(0);
    expect(api.cacheSize()).toBe(1);
    const again = await api.trainConfig(config);
    expect(again.cached).toBe(true);
    expect(again.testAccuracy).toBe(first.testAccuracy);
    // the dataset is loaded once per API instance
    expect(loaded).toEqual(['digits']);
  }, 120_000);

  it('a bad request is a named-field error, not a crash', async () => {
    const err = await api.train({ dataset: 'digits', model: 'mlp', epochs: -1 } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FieldError);
    expect((err as FieldError).field).toContain('epochs');
  });
});
