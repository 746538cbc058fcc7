/**
 * Reproducibility (item 13): the backend is part of the result and of the cache key, and a link pins it
 * (backend=): the same link on the same backend gives the same numbers, run after run.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDatasetNode } from '../../src/cli/commands/train-data.ts';
import { decodeConfig, encodeConfig } from '../../src/schema/url.ts';
import { trainRequestFor } from '../../src/training/from-config.ts';
import { ResultCache, selectBackend, train, trainCached, type TrainResult } from '../../src/training/index.ts';
import type { Dataset } from '../../src/training/data.ts';

let digits: Dataset;
beforeAll(() => {
  tf.env().set('PROD', true);
  digits = loadDatasetNode('digits', { maxTrain: 256, maxTest: 128 });
});

/** Train what a link describes, on the backend the link pins. */
async function runLink(query: string): Promise<TrainResult> {
  const { config, issues } = decodeConfig(query);
  expect(issues).toEqual([]);
  await selectBackend([config.training.backend], { timeoutMs: 20_000 });
  // relaxed writes at 0.5 V / 1 ns in every class put real errors in every class, so the flips are part of the numbers
  return train({ ...trainRequestFor(config), maxSteps: 12 }, digits);
}

describe('backend= pins the backend and the numbers', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`same link, ${backend}: same accuracy, loss and corrupted bits; the backend is in the result`, async () => {
      const link = `v=2&seed=7&V=0.5&pulse=1ns&pw=relaxed&pa=relaxed&pe=relaxed&ds=digits&model=mlp&epochs=1&backend=${backend}`;
      const a = await runLink(link);
      const b = await runLink(link);
      expect(a.backend).toBe(backend);
      expect(b.backend).toBe(backend);
      expect(a.corruptedBits.activations + a.corruptedBits.weights).toBeGreaterThan(0);
      expect(b.testAccuracy).toBe(a.testAccuracy);
      expect(b.finalLoss).toBe(a.finalLoss);
      expect(b.corruptedBits).toEqual(a.corruptedBits);
      // and the link round-trips with its backend
      expect(encodeConfig(decodeConfig(link).config)).toContain(`backend=${backend}`);
    });
  }
  it('the cache key holds the backend: a wasm result is not served for cpu', async () => {
    const cache = new ResultCache();
    const req = { ...trainRequestFor(decodeConfig('seed=3').config), maxSteps: 4 };
    await selectBackend(['wasm'], { timeoutMs: 20_000 });
    const w = await trainCached(cache, req, digits);
    await selectBackend(['cpu'], { timeoutMs: 20_000 });
    const c = await trainCached(cache, req, digits);
    expect(w.backend).toBe('wasm');
    expect(c.backend).toBe('cpu');
    expect(c.cached).toBeFalsy();
    expect(cache.key(req, 'wasm')).not.toBe(cache.key(req, 'cpu'));
  });
});
