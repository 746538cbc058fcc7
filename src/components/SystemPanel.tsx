import { useMemo, useState } from 'react';
import { StackedBarChart, type StackedBars } from '../charts/StackedBarChart.tsx';
import { PLACEMENT_LABELS, TENSOR_CLASSES } from '../schema/schema.ts';
import type { SystemResult } from '../models/system/index.ts';
import { systemOutcome } from '../state/derive.ts';
import { useExplorer } from '../state/react.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { EnumControl, NumberControl } from './controls.tsx';
import { ratio, si } from './format.ts';
import { WhyRatio } from './WhyRatio.tsx';
import { StoredClassControls } from './StoredClassControls.tsx';

const COMPONENTS = [
  { key: 'compute', label: 'compute', color: '#7f7f7f' },
  { key: 'read', label: 'scratchpad read', color: '#1f77b4' },
  { key: 'write', label: 'scratchpad write', color: '#ff7f0e' },
  { key: 'leakage', label: 'leakage', color: '#2ca02c' },
  { key: 'dram', label: 'DRAM', color: '#d62728' },
  { key: 'accumulator', label: 'accumulator', color: '#8c564b' },
] as const;
const CLASS_COLORS = { weights: '#1f77b4', activations: '#ff7f0e', errors: '#2ca02c', weightGradients: '#9467bd' };
const CLASS_LABELS = {
  weights: 'weights',
  activations: 'activations',
  errors: 'errors',
  weightGradients: 'weight gradients',
};

const formatJ = (v: number) => si(v, 'J', 2);

/** The placement editor lists the technology registry's placements (src/models/tech/registry.ts). */
export { PLACEMENT_LABELS };
export const PROTECT_LABELS = {
  none: 'no protection',
  sign: 'sign in reliable memory',
  'sign-exp': 'sign + exponent reliable',
  'sign-exp-mant': 'sign + exponent + high mantissa reliable',
};

function bars(r: SystemResult, by: 'component' | 'class'): StackedBars {
  const designs = [
    { label: 'SRAM', d: r.sram },
    { label: 'iso-capacity', d: r.isoCapacity },
    { label: 'iso-area', d: r.isoArea },
  ];
  if (by === 'component') {
    return {
      stacks: COMPONENTS.map((c) => ({ ...c })),
      rows: designs.map(({ label, d }) => ({
        label,
        ...Object.fromEntries(COMPONENTS.map((c) => [c.key, d.breakdown[c.key]])),
      })),
    };
  }
  return {
    stacks: [
      { key: 'compute', label: 'compute', color: '#7f7f7f' },
      ...TENSOR_CLASSES.map((c) => ({ key: c, label: CLASS_LABELS[c], color: CLASS_COLORS[c] })),
      { key: 'accumulator', label: 'accumulator', color: '#8c564b' },
    ],
    rows: designs.map(({ label, d }) => ({
      label,
      compute: d.breakdown.compute,
      ...Object.fromEntries(TENSOR_CLASSES.map((c) => [c, d.byClass[c].total])),
      accumulator: d.breakdown.accumulator,
    })),
  };
}

export function PlacementEditor() {
  return (
    <fieldset className="placement" data-testid="placement-editor">
      <legend>Placement: where each tensor class lives</legend>
      <div className="controls">
        <EnumControl path="placement.weights" labels={PLACEMENT_LABELS} />
        <EnumControl path="placement.activations" labels={PLACEMENT_LABELS} />
        <EnumControl path="placement.errors" labels={PLACEMENT_LABELS} />
        <EnumControl path="placement.weightGradients" labels={PLACEMENT_LABELS} />
        <EnumControl path="protect.weights" labels={PROTECT_LABELS} />
        <EnumControl path="protect.activations" labels={PROTECT_LABELS} />
        <EnumControl path="protect.errors" labels={PROTECT_LABELS} />
      </div>
    </fieldset>
  );
}

export function SystemPanel() {
  const system = useExplorer(systemOutcome);
  const iso = useExplorer((s) => s.config.array.iso);
  const [by, setBy] = useState<'component' | 'class'>('component');
  const r = system?.ok ? system.result : undefined;
  const data = useMemo(() => (r ? bars(r, by) : { rows: [], stacks: [] }), [r, by]);
  const [showLayers, setShowLayers] = useState(false);
  return (
    <section className="panel wide" aria-labelledby="system-h" data-testid="panel.system">
      <h2 id="system-h">Accelerator and system energy per training step</h2>
      <div className="controls">
        <EnumControl path="accelerator.network" />
        <NumberControl path="accelerator.rows" />
        <NumberControl path="accelerator.cols" />
        <EnumControl
          path="accelerator.dataflow"
          labels={{ os: 'output stationary', ws: 'weight stationary', is: 'input stationary' }}
        />
        <NumberControl path="accelerator.batch" />
        <EnumControl path="array.iso" labels={{ capacity: 'iso-capacity', area: 'iso-area' }} />
      </div>
      <PlacementEditor />
      {system && !system.ok && (
        <p className="infeasible" role="status" data-testid="result.system.infeasible">
          Infeasible: {system.reason}
        </p>
      )}
      {r && (
        <>
          <div className="control inline">
            <label htmlFor="system-by">Break down by</label>
            <select
              id="system-by"
              data-testid="control.system-by"
              value={by}
              onChange={(e) => setBy(e.target.value as 'component' | 'class')}
            >
              <option value="component">component</option>
              <option value="class">tensor class</option>
            </select>
          </div>
          <ChartFrame
            id="energy-breakdown"
            title={`Energy per training step by ${by === 'class' ? 'tensor class' : 'component'}`}
          >
            <StackedBarChart testId="chart.energy" data={data} yLabel="energy per step (J)" yFormat={formatJ} />
          </ChartFrame>
          <p className="headline" data-testid="result.system.ratio">
            SRAM / this design, {iso === 'area' ? 'iso-area' : 'iso-capacity'}: <strong>{ratio(r.ratio)}</strong>{' '}
            (iso-capacity {ratio(r.ratioIsoCapacity)}, iso-area {ratio(r.ratioIsoArea)}); energy per step{' '}
            {si(r.sram.energyPerStepJ, 'J')} (SRAM) vs{' '}
            <span data-testid="result.system.energy">
              {si((iso === 'area' ? r.isoArea : r.isoCapacity).energyPerStepJ, 'J')}
            </span>
          </p>
          <table className="numbers" data-testid="result.system.summary">
            <tbody>
              <tr>
                <th scope="row">Step time / cycles</th>
                <td>{si(r.sram.runtimeS, 's')}</td>
                <td>{r.sram.cycles.toLocaleString('en-US')} cycles</td>
              </tr>
              <tr>
                <th scope="row">Energy per epoch (SRAM / design)</th>
                <td>{si(r.sram.energyPerEpochJ, 'J')}</td>
                <td>{si((iso === 'area' ? r.isoArea : r.isoCapacity).energyPerEpochJ, 'J')}</td>
              </tr>
              <tr>
                <th scope="row">DRAM bytes per step (SRAM / design)</th>
                <td>{si(r.sram.dramTotalBytes, 'B')}</td>
                <td>{si((iso === 'area' ? r.isoArea : r.isoCapacity).dramTotalBytes, 'B')}</td>
              </tr>
              <tr>
                <th scope="row">Scratchpad area (SRAM / design)</th>
                <td>{r.sram.areaMm2.toPrecision(3)} mm²</td>
                <td>{(iso === 'area' ? r.isoArea : r.isoCapacity).areaMm2.toPrecision(3)} mm²</td>
              </tr>
            </tbody>
          </table>
          <button
            type="button"
            onClick={() => setShowLayers((v) => !v)}
            aria-expanded={showLayers}
            data-testid="action.toggle-layers"
          >
            {showLayers ? 'Hide' : 'Show'} per-layer counts ({r.training.layers.length} layers)
          </button>
          {showLayers && <LayerTable r={r} />}
        </>
      )}
      <fieldset className="placement" data-testid="stored-classes">
        <legend>Gradients and optimiser state (training runs)</legend>
        <div className="controls">
          <StoredClassControls />
        </div>
      </fieldset>
      <WhyRatio />
    </section>
  );
}

function LayerTable({ r }: { r: SystemResult }) {
  return (
    <div className="table-scroll">
      <table className="numbers layers" data-testid="result.system.layers">
        <thead>
          <tr>
            <th>layer</th>
            <th>GEMM</th>
            <th>M×K×N</th>
            <th>MACs</th>
            <th>cycles</th>
            <th>util.</th>
            <th>ifmap reads</th>
            <th>filter reads</th>
            <th>ofmap writes</th>
          </tr>
        </thead>
        <tbody>
          {r.training.layers.flatMap((l) =>
            (['forward', 'backwardData', 'weightGradient'] as const).map((p) => {
              const g = l[p];
              return (
                <tr key={`${l.name}-${p}`}>
                  <td>{p === 'forward' ? l.name : ''}</td>
                  <td>{p}</td>
                  <td>
                    {g.M}×{g.K}×{g.N}
                    {g.instances > 1 ? ` ×${g.instances}` : ''}
                  </td>
                  <td>{g.macs.toExponential(2)}</td>
                  <td>{g.computeCycles.toExponential(2)}</td>
                  <td>{(100 * g.overallUtil).toFixed(0)}%</td>
                  <td>{g.ifmapSramReads.toExponential(2)}</td>
                  <td>{g.filterSramReads.toExponential(2)}</td>
                  <td>{g.ofmapSramWrites.toExponential(2)}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}
