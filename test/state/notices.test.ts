/** Item 5: a double worker crash marks the old numbers stale; identical notices are counted, not stacked. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/schema/schema.ts';
import { WorkerFailedError } from '../../src/jobs/bridge.ts';
import { createExplorerStore, pushNotice } from '../../src/state/store.ts';

describe('notices', () => {
  it('identical notices become one with a count', () => {
    let n: string[] = [];
    for (let i = 0; i < 40; i++) n = pushNotice(n, 'model worker failed twice: boom');
    n = pushNotice(n, 'other');
    expect(n).toEqual(['model worker failed twice: boom (×40)', 'other']);
  });
  it('a failed analytic job keeps the old numbers, marked stale, and one counted notice', async () => {
    let calls = 0;
    const outcome = { ok: true } as never;
    const analytic = {
      evaluate: async () => {
        calls++;
        if (calls === 1) return outcome;
        throw new WorkerFailedError('model worker failed twice: crashed');
      },
    };
    const store = createExplorerStore({ analytic } as never, { config: defaultConfig() });
    await store.getState().actions.runAnalytic();
    expect(store.getState().analytic.status).toBe('done');
    for (let i = 0; i < 5; i++) await store.getState().actions.runAnalytic();
    const s = store.getState();
    // the value on screen is the previous configuration's, and the state says the job failed: StaleNotice shows
    expect(s.analytic.status).toBe('error');
    expect(s.analytic.value).toBe(outcome);
    expect(s.notices).toEqual(['model worker failed twice: crashed (×5)']);
  });
  it('long training is announced before it starts (a CNN on MNIST for 100 epochs: ~17 min at 1,000 samples/s)', () => {
    const train = async () => ({}) as never;
    const store = createExplorerStore(
      { analytic: { evaluate: async () => ({}) as never }, training: { train } } as never,
      {
        config: {
          ...defaultConfig(),
          training: { ...defaultConfig().training, model: 'cnn', dataset: 'mnist', epochs: 100 },
        },
      },
    );
    void store.getState().actions.runTraining();
    expect(store.getState().notices[0]).toMatch(
      /^warning: this training run is estimated to take about 17 min; it can be cancelled/,
    );
    // the default (digits MLP, 10 epochs: ~2 s) is not
    const quiet = createExplorerStore(
      { analytic: { evaluate: async () => ({}) as never }, training: { train } } as never,
      {
        config: defaultConfig(),
      },
    );
    void quiet.getState().actions.runTraining();
    expect(quiet.getState().notices).toEqual([]);
  });
  it('a long tolerance study is announced before it starts (37 MLP runs on MNIST, 10 epochs: 37 x 100,000 samples at 20,000/s = 185 s)', () => {
    const study = async () => ({}) as never;
    const cfg = {
      ...defaultConfig(),
      training: { ...defaultConfig().training, model: 'mlp' as const, dataset: 'mnist' as const, epochs: 10 },
    };
    const store = createExplorerStore(
      { analytic: { evaluate: async () => ({}) as never }, training: { study } } as never,
      { config: cfg },
    );
    // 6 targets x 6 rates + the clean run = 37 trainings
    const rates = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
    void store.getState().actions.runStudy({
      targets: ['activations', 'weights', 'errors', 'weightGradients', 'optimizer', 'all'],
      rates,
    } as never);
    expect(store.getState().notices[0]).toMatch(
      /^warning: this tolerance study \(37 training runs\) is estimated to take about 3 min/,
    );
  });
  it('a long Monte Carlo run is announced before it starts; the default 400 trajectories are not', () => {
    // Default device by hand: Hk = 2 Delta kT / (mu0 Ms V), V = pi (20 nm)^2 1.3 nm = 1.634e-24 m^3,
    // Hk = 2 * 60 * 4.14e-21 / (4 pi 1e-7 * 1e6 * 1.634e-24) = 2.42e5 A/m; t0 = 1 / (gamma mu0 Hk)
    // = 1 / (1.76e11 * 0.304) = 1.87e-11 s; dt = 0.05 t0 = 9.3e-13 s; the panel simulates 2 x 5 ns = 10 ns:
    // ~10,700 steps. 100,000 trajectories x 2 directions x 10,700 = 2.1e9 steps at 5e6 steps/s = ~430 s.
    const monteCarlo = async () => ({}) as never;
    const mk = () =>
      createExplorerStore({ analytic: { evaluate: async () => ({}) as never, monteCarlo } } as never, {
        config: defaultConfig(),
      });
    const big = mk();
    void big.getState().actions.runMonteCarlo({ trajectories: 100_000, engine: 'cpu' });
    expect(big.getState().notices[0]).toMatch(
      /^warning: this Monte Carlo run \(100000 trajectories per direction\) is estimated to take about 7 min/,
    );
    const small = mk();
    void small.getState().actions.runMonteCarlo({ trajectories: 400, engine: 'cpu' });
    expect(small.getState().notices).toEqual([]);
  });
});
