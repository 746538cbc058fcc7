/** The CLI's Monte Carlo worker pool: results independent of the number of worker threads. */
import { describe, expect, it } from 'vitest';
import { defaultDeviceParams, runSllg, sllgSetup } from '../../src/models/device/index.ts';
import { runSllgPool } from '../../src/cli/mc/pool.ts';

describe('sLLG Monte Carlo over worker threads', () => {
  it('1 thread, 3 worker threads and the single-threaded engine give identical switching times', async () => {
    const opts = { trajectories: 90, seed: 77 };
    const setup = sllgSetup(defaultDeviceParams, 0.7, 4e-9, 'pToAp', opts);
    const one = await runSllgPool(setup, 1);
    const three = await runSllgPool(setup, 3);
    const ref = runSllg(defaultDeviceParams, 0.7, 4e-9, 'pToAp', opts);
    expect(Array.from(three.switchingTimesS)).toEqual(Array.from(ref.switchingTimesS));
    expect(Array.from(one.switchingTimesS)).toEqual(Array.from(ref.switchingTimesS));
    expect(three.stepsSimulated).toBe(ref.stepsSimulated);
    expect(three.failures).toBe(ref.failures);
    // the run is not degenerate: some trajectories switched within the pulse, at different times
    expect(new Set(Array.from(ref.switchingTimesS).filter(Number.isFinite)).size).toBeGreaterThan(10);
  }, 60000);
});
