/** Built-in networks against their published parameter and multiply-accumulate counts. */
import { describe, expect, it } from 'vitest';
import {
  NETWORK_IDS,
  getNetwork,
  layerGemms,
  layerParams,
  simulateTraining,
} from '../../src/models/accelerator/index.ts';

function stats(id: string): { params: number; macs: number } {
  const net = getNetwork(id)!;
  let params = 0;
  let macs = 0;
  for (const l of net.layers) {
    params += layerParams(l);
    const f = layerGemms(l, 1).forward;
    macs += f.M * f.N * f.K * f.instances;
  }
  return { params, macs };
}

// Published figures (weights of conv/FC layers; biases and batch-norm are not on the array):
// VGG-16 138M params, 15.5 G MACs (Simonyan 2015; the MAC count as commonly tabulated);
// ResNet-18 11.7M, 1.8 G (He 2016 Table 1: 1.8e9 FLOPs = multiply-adds);
// ResNet-50 25.6M, 4.1 G for the v1.5 stride placement (3.8e9 in He 2016 with stride on the 1x1);
// MobileNetV2 3.4M, 300 M multiply-adds (Sandler 2018 Table 3); AlexNet ~61M params.
const published: [string, number, number, number][] = [
  ['vgg16', 138.36e6, 15.47e9, 0.01],
  ['resnet18', 11.69e6, 1.82e9, 0.02],
  ['resnet50', 25.56e6, 4.09e9, 0.03],
  ['mobilenetv2', 3.5e6, 300e6, 0.05],
  ['alexnet', 61e6, 0.72e9, 0.03],
];

describe('published network sizes', () => {
  for (const [id, params, macs, tol] of published) {
    it(`${id}: params ${params}, MACs ${macs} within ${tol * 100}%`, () => {
      const s = stats(id);
      expect(Math.abs(s.params / params - 1)).toBeLessThan(tol);
      expect(Math.abs(s.macs / macs - 1)).toBeLessThan(tol);
    });
  }
  it('BERT-base layer: 4 x 768^2 + 2 x 768 x 3072 = 7,077,888 weights', () => {
    expect(stats('bert-base').params).toBe(7077888);
  });
  it('every built-in network simulates with all three dataflows', () => {
    for (const id of NETWORK_IDS) {
      for (const df of ['os', 'ws', 'is'] as const) {
        const r = simulateTraining({ network: getNetwork(id)!, batch: 2, array: { rows: 16, cols: 16, dataflow: df } });
        expect(r.ok).toBe(true);
      }
    }
  });
});
