/**
 * System benchmark: the whole built-in suite (every network) through evaluateSystem with banks `auto`,
 * an SRAM accumulator and power gating (all three designs: SRAM, iso-capacity, iso-area). Goal: under
 * 50 ms for the suite once the array costs are cached (the first run performs the organisation searches).
 * Also the accelerator suite (3 dataflows) with the accumulator's tiling.
 */
import { DATAFLOWS, NETWORK_IDS, getNetwork, simulateTraining } from '../src/models/accelerator/index.ts';
import { ACCUMULATOR_DEPTH, DEFAULT_SYSTEM_CONFIG, evaluateSystem } from '../src/models/system/index.ts';

export const name = 'system';

function systemSuite(): number {
  let n = 0;
  for (const id of NETWORK_IDS) {
    const r = evaluateSystem({
      ...DEFAULT_SYSTEM_CONFIG,
      network: id,
      banks: 'auto',
      accumulator: 'sram',
      gating: true,
    });
    if (!r.ok) throw new Error(`${id}: ${r.reason}`);
    n++;
  }
  return n;
}

function acceleratorSuite(): void {
  for (const id of NETWORK_IDS) {
    for (const dataflow of DATAFLOWS) {
      const r = simulateTraining({
        network: getNetwork(id)!,
        batch: 32,
        array: { rows: 32, cols: 32, dataflow },
        accumulator: { depth: ACCUMULATOR_DEPTH },
      });
      if (!r.ok) throw new Error(r.reason);
    }
  }
}

function median(f: () => unknown, reps: number): number {
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(reps / 2)]!;
}

export async function run(): Promise<Record<string, number | string>> {
  const c0 = performance.now();
  const networks = systemSuite();
  const coldMs = performance.now() - c0;
  const warm = median(systemSuite, 10);
  const acc = median(acceleratorSuite, 10);
  return {
    networks,
    systemSuiteBanksAutoAccumulatorGatingColdMs: Number(coldMs.toFixed(1)),
    systemSuiteBanksAutoAccumulatorGatingMedianMs: Number(warm.toFixed(2)),
    acceleratorSuiteWithAccumulatorMedianMs: Number(acc.toFixed(2)),
    goalMs: 50,
  };
}
