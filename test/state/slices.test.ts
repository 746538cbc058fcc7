/**
 * The store's slices in Node, without rendering: the derivations components used to do themselves
 * (imported-JSON parsing, sweep specs from the form, staleness keys) are store actions and selectors now.
 */
import { describe, expect, it } from 'vitest';
import { createExplorerStore, type PickedFile } from '../../src/state/store.ts';
import { configKey, designAccuracy, sramAccuracy, trainedAccuracyHere, trainingStale } from '../../src/state/derive.ts';
import type { SweepRow } from '../../src/evaluate/sweep-points.ts';
import { defaultConfig } from '../../src/schema/schema.ts';
import { encodeConfig } from '../../src/schema/url.ts';
import type { AnalyticJobs } from '../../src/jobs/analytic.ts';
import type { SweepWorker } from '../../src/jobs/training.ts';
import type { SweepOutputs } from '../../src/evaluate/sweep-points.ts';
import type { TrainResult } from '../../src/training/index.ts';

const noAnalytic = { evaluate: () => new Promise(() => undefined) } as unknown as AnalyticJobs;
const file = (name: string, text: string): PickedFile => ({ name, size: text.length, text: async () => text });
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};
/** Sweep workers that answer every point at once with a fixed energy (no model, no training). */
const instantPool = (): SweepWorker[] => [
  {
    point: async () => ({ ok: true, energyPerStepJ: 1, reason: '' }) as unknown as SweepOutputs,
    dispose: () => undefined,
  },
];

describe('configuration slice: importConfig', () => {
  it('loads a valid file and names the file and field of each bad entry', async () => {
    const store = createExplorerStore({ analytic: noAnalytic });
    await store
      .getState()
      .actions.importConfig(
        file('mine.json', JSON.stringify({ device: { voltageV: 0.75 }, accelerator: { rows: 0 } })),
      );
    const s = store.getState();
    expect(s.config.device.voltageV).toBe(0.75);
    // rows 0 is outside [1, 1024]: it keeps its default and becomes an issue that names file and field
    expect(s.config.accelerator.rows).toBe(defaultConfig().accelerator.rows);
    expect(s.issues).toHaveLength(1);
    expect(s.issues[0]!.field).toBe('accelerator.rows');
    expect(s.issues[0]!.message).toMatch(/^mine\.json: accelerator\.rows: 0 is not accepted/);
  });

  it('a file that is not JSON keeps the configuration and gives one issue named after the file', async () => {
    const store = createExplorerStore({ analytic: noAnalytic });
    store.getState().actions.setField('device.voltageV', 0.7);
    const before = store.getState().config;
    await store.getState().actions.importConfig(file('broken.json', '{"device": '));
    const s = store.getState();
    expect(s.config).toBe(before);
    expect(s.issues.map((i) => [i.field, i.accepted])).toEqual([['broken.json', 'a JSON document']]);
  });
});

describe('sweep slice: the form and the default sweep', () => {
  it('a bad form entry sets formError and starts nothing; a good one starts the enumerated points', async () => {
    const store = createExplorerStore({ analytic: noAnalytic, sweepPool: instantPool });
    const a = store.getState().actions;
    const form = { voltages: '0.6, abc', pulses: '5ns', presets: ['sram'], accuracy: false };
    expect(a.startSweepForm(form)).toBe(false);
    expect(store.getState().sweep.status).toBe('idle');
    expect(store.getState().sweep.formError).toContain('abc');
    // 2 voltages x 1 pulse x 2 placements = 4 points
    expect(a.startSweepForm({ ...form, voltages: '0.6, 0.7', presets: ['sram', 'mram'] })).toBe(true);
    const sw = store.getState().sweep;
    expect(sw.formError).toBeUndefined();
    expect(sw.total).toBe(4);
    expect(sw.auto).toBeUndefined();
    expect(sw.spec!.base.device.nominalVoltageV).toBe(store.getState().config.device.nominalVoltageV);
    await until(() => store.getState().sweep.status === 'done');
    expect(store.getState().sweep.rows).toHaveLength(4);
  });

  it('the default sweep runs in the background, is marked auto, and never replaces a sweep the user started', () => {
    const store = createExplorerStore({ analytic: noAnalytic, sweepPool: instantPool });
    const a = store.getState().actions;
    a.startDefaultSweep();
    const auto = store.getState().sweep;
    expect(auto.auto).toBe(true);
    // DEFAULT_SWEEP_FORM: 3 voltages x 3 pulses x 4 placements
    expect(auto.total).toBe(36);
    a.startSweepForm({ voltages: '0.6', pulses: '5ns', presets: ['sram'], accuracy: false });
    const mine = store.getState().sweep.spec;
    a.startDefaultSweep();
    expect(store.getState().sweep.spec).toBe(mine);
  });

  it('in talk mode the default sweep is over the scene that shows the front', () => {
    const store = createExplorerStore({ analytic: noAnalytic, sweepPool: instantPool });
    const s = store.getState();
    const scene = s.scenes.findIndex((x) => x.panels.includes('pareto'));
    expect(scene).toBeGreaterThanOrEqual(0);
    s.actions.goToScene(0);
    store.getState().actions.startDefaultSweep();
    const { ui: _u, ...base } = store.getState().sweep.spec!.base as typeof s.config;
    // the scene's own configuration, whatever scene is on screen (the sweep base carries no talk state)
    store.getState().actions.goToScene(scene);
    const { ui: _ui, ...want } = store.getState().config;
    expect(base).toEqual(want);
  });
});

describe('derived state: staleness against the current configuration', () => {
  it('a training result is current only for the configuration it was trained on', async () => {
    const training = { train: async () => ({ testAccuracy: 0.91 }) as TrainResult, study: async () => ({}) };
    const store = createExplorerStore({ analytic: noAnalytic, training: training as never });
    expect(trainingStale(store.getState())).toBe(false); // nothing trained yet
    await store.getState().actions.runTraining();
    expect(store.getState().training.configKey).toBe(encodeConfig(store.getState().config));
    expect(trainingStale(store.getState())).toBe(false);
    expect(trainedAccuracyHere(store.getState())).toBe(0.91);
    expect(designAccuracy(store.getState())).toBe(0.91);
    store.getState().actions.setField('device.voltageV', 0.71);
    expect(trainingStale(store.getState())).toBe(true);
    expect(trainedAccuracyHere(store.getState())).toBeUndefined();
    // the key is memoised by configuration object: the same object, the same string
    const c = store.getState().config;
    expect(configKey(c)).toBe(configKey(c));
    expect(configKey(c)).toBe(encodeConfig(c));
  });
});

describe('derived state: accuracies from sweep rows', () => {
  it('the design takes a sweep row of this very configuration; the SRAM baseline an all-SRAM row of the same training', () => {
    const store = createExplorerStore({ analytic: noAnalytic });
    const c = store.getState().config;
    const { ui: _ui, ...base } = c;
    const sram = {
      ...base,
      placement: { ...c.placement, weights: 'sram', activations: 'sram', errors: 'sram', weightGradients: 'sram' },
    };
    const otherEpochs = { ...sram, training: { ...sram.training, epochs: sram.training.epochs + 1 } };
    const row = (index: number, config: object, testAccuracy: number) =>
      ({ index, config, out: { ok: true, energyPerStepJ: 1, testAccuracy } }) as unknown as SweepRow;
    const rows = [row(0, otherEpochs, 0.5), row(1, sram, 0.8), row(2, base, 0.7)];
    store.setState((s) => ({ sweep: { ...s.sweep, rows } }));
    expect(sramAccuracy(store.getState())).toBe(0.8);
    expect(designAccuracy(store.getState())).toBe(0.7);
    // another write voltage: no row of this design, the baseline stays
    store.getState().actions.setField('device.voltageV', 0.71);
    expect(designAccuracy(store.getState())).toBeUndefined();
    expect(sramAccuracy(store.getState())).toBe(0.8);
  });
});

describe('talk slice: importScenes', () => {
  it('a bad scenes file answers its error and keeps the scenes', async () => {
    const store = createExplorerStore({ analytic: noAnalytic });
    const before = store.getState().scenes;
    const err = await store.getState().actions.importScenes(file('talk.json', '[{"title": 3}]'));
    expect(err).toContain('talk.json: scenes[0]');
    expect(store.getState().scenes).toBe(before);
  });
});
