/**
 * Accelerator benchmark: the whole built-in suite (every network, three training GEMMs per layer,
 * three dataflows) on a 32 x 32 array, batch 32. Goal: under 50 ms for the whole suite in Node.
 * Also times one system evaluation (array costs cached after the first call).
 */
import { DATAFLOWS, NETWORK_IDS, getNetwork, simulateTraining } from '../src/models/accelerator/index.ts';
import { DEFAULT_SYSTEM_CONFIG, evaluateSystem } from '../src/models/system/index.ts';

export const name = 'accelerator';

function suiteOnce(): number {
  let layers = 0;
  for (const id of NETWORK_IDS) {
    const network = getNetwork(id)!;
    for (const dataflow of DATAFLOWS) {
      const r = simulateTraining({ network, batch: 32, array: { rows: 32, cols: 32, dataflow } });
      if (!r.ok) throw new Error(r.reason);
      layers += r.layers.length;
    }
  }
  return layers;
}

export async function run(): Promise<Record<string, number | string>> {
  const first0 = performance.now();
  const layers = suiteOnce();
  const firstMs = performance.now() - first0;
  const reps = 20;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    suiteOnce();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const sys0 = performance.now();
  const s = evaluateSystem({ ...DEFAULT_SYSTEM_CONFIG, network: 'resnet50' });
  const sysColdMs = performance.now() - sys0;
  const sys1 = performance.now();
  evaluateSystem({ ...DEFAULT_SYSTEM_CONFIG, network: 'resnet50' });
  const sysWarmMs = performance.now() - sys1;
  return {
    networks: NETWORK_IDS.length,
    dataflows: DATAFLOWS.length,
    layerEvaluations: layers,
    gemmEvaluations: layers * 3,
    suiteFirstRunMs: Number(firstMs.toFixed(2)),
    suiteMedianMs: Number(times[Math.floor(reps / 2)]!.toFixed(2)),
    suiteMinMs: Number(times[0]!.toFixed(2)),
    goalMs: 50,
    systemResnet50ColdMs: Number(sysColdMs.toFixed(1)),
    systemResnet50WarmMs: Number(sysWarmMs.toFixed(2)),
    systemRatioIsoCapacity: s.ok ? Number(s.ratioIsoCapacity.toFixed(3)) : 'infeasible',
  };
}
