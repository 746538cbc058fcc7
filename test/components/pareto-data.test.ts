import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExplorerConfig } from '../../src/schema/schema.ts';
import type { SweepRow } from '../../src/evaluate/sweep-points.ts';
import {
  DEFAULT_SWEEP_FORM,
  PLACEMENT_PRESETS,
  buildSweepSpec,
  drawnPoints,
  placementLabel,
} from '../../src/components/pareto-data.ts';
import { distinctLabels, linearTicks, niceTicks } from '../../src/charts/ticks.ts';

const preset = (id: string) => PLACEMENT_PRESETS.find((p) => p.id === id)!;

describe('sweep presets say exactly what they set', () => {
  it('"relaxed A+E" relaxes activations and errors only; weights and weight gradients stay nominal', () => {
    const p = preset('relax-ae');
    expect(p.placement).toEqual({
      weights: 'mram',
      activations: 'relaxed',
      errors: 'relaxed',
      weightGradients: 'mram',
    });
    expect(p.label).toBe('relaxed A+E');
    expect(p.title).toBe('relaxed MRAM: activations, errors; nominal MRAM: weights, weight gradients');
  });
  it('every label is generated from the placement it sets', () => {
    expect(preset('sram').label).toBe('all SRAM');
    expect(preset('mram').label).toBe('all nominal MRAM');
    expect(preset('relax-all').label).toBe('all relaxed MRAM');
    expect(preset('relax-w').label).toBe('relaxed W');
    expect(placementLabel({ weights: 'sram', activations: 'relaxed', errors: 'mram', weightGradients: 'sram' })).toBe(
      'relaxed MRAM: activations; nominal MRAM: errors; SRAM: weights, weight gradients',
    );
  });
  it('the default sweep runs the relaxed placements first (their points differ), 3 × 3 × 4 = 36 points', () => {
    const spec = buildSweepSpec(defaultConfig(), DEFAULT_SWEEP_FORM);
    expect(spec.placements.map((p) => placementLabel(p))).toEqual([
      preset('relax-a').title,
      preset('relax-ae').title,
      'all nominal MRAM',
      'all SRAM',
    ]);
    expect(spec.voltagesV).toEqual([0.6, 0.7, 0.8]);
    expect(spec.pulsesS).toEqual([3e-9, 5e-9, 10e-9]);
  });
});

describe('Pareto points', () => {
  const row = (index: number, placement: ExplorerConfig['placement'], v: number, e: number, acc: number): SweepRow => {
    const c = defaultConfig();
    return {
      index,
      config: { ...c, placement, device: { ...c.device, voltageV: v } },
      out: { ok: true, energyPerStepJ: e, testAccuracy: acc } as SweepRow['out'],
    };
  };
  it('identical points (same placement, energy, accuracy) are drawn once with their count', () => {
    const sram = preset('sram').placement;
    const relax = preset('relax-a').placement;
    const rows = [
      row(2, sram, 0.7, 1, 0.9),
      row(0, sram, 0.6, 1, 0.9),
      row(1, relax, 0.6, 0.8, 0.85),
      row(3, sram, 0.8, 1, 0.9),
    ];
    const pts = drawnPoints(rows, (c) => `${c.device.voltageV} V`);
    expect(pts).toHaveLength(2);
    expect(pts[0]).toMatchObject({ id: 0, count: 3, placement: 'all SRAM', writes: ['0.6 V', '0.7 V', '0.8 V'] });
    expect(pts[1]).toMatchObject({ id: 1, count: 1, x: 0.8, y: 0.85 });
  });
});

describe('axis ticks', () => {
  it('log decades where the data span a decade or more', () => {
    // 3 mJ .. 0.2 J spans 1e-3 .. 1 (decades -3 .. 0)
    expect(niceTicks(3e-3, 0.2)).toEqual({ scale: 'log', domain: [1e-3, 1], ticks: [1e-3, 1e-2, 0.1, 1] });
    // 1e-6 .. 1e3: ten decades thinned to every other: 1e-6, 1e-4, 1e-2, 1, 1e2, 1e4 (past 1e3)
    expect(niceTicks(1e-6, 1e3, 5).ticks).toEqual([1e-6, 1e-4, 1e-2, 1, 100, 10000]);
  });
  it('linear 1/2/2.5/5 steps within a decade: 381 mJ .. 524 mJ -> 350, 400, 450, 500, 550 mJ', () => {
    expect(niceTicks(0.381, 0.524)).toEqual({
      scale: 'linear',
      domain: [0.35, 0.55],
      ticks: [0.35, 0.4, 0.45, 0.5, 0.55],
    });
    expect(linearTicks(0, 1, 5).ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // a single value gets a padded range
    expect(linearTicks(0.5, 0.5).ticks.length).toBeGreaterThan(1);
  });
  it('labels get as many digits as it takes to tell them apart', () => {
    const f = (v: number, d: number) => v.toPrecision(d);
    expect(distinctLabels([0.35, 0.4, 0.45], f)).toEqual(['0.35', '0.40', '0.45']);
    expect(distinctLabels([1.001, 1.002], f)).toEqual(['1.001', '1.002']);
  });
});
