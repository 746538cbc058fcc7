import { useCallback, useMemo, useState } from 'react';
import { ParetoChart, type ParetoDatum } from '../charts/ParetoChart.tsx';
import {
  csvHeader,
  csvRow,
  jsonRow,
  markParetoFront,
  paretoFront,
  parseSweepSpec,
  trainedCleanly,
  type SweepRow,
} from '../config/sweep.ts';
import type { Placement, TensorClass } from '../config/schema.ts';
import { useExplorer } from '../state/react.ts';
import { encodeConfig } from '../config/url.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { downloadText } from './download.ts';
import { si } from './format.ts';

type PlacementPreset = { id: string; label: string; placement: Record<TensorClass, Placement> };
const P = (w: Placement, a: Placement, e: Placement, g: Placement) => ({
  weights: w,
  activations: a,
  errors: e,
  weightGradients: g,
});
export const PLACEMENT_PRESETS: PlacementPreset[] = [
  { id: 'sram', label: 'all SRAM', placement: P('sram', 'sram', 'sram', 'sram') },
  { id: 'mram', label: 'all MRAM, nominal write', placement: P('mram', 'mram', 'mram', 'mram') },
  { id: 'relax-a', label: 'relaxed activations', placement: P('mram', 'relaxed', 'mram', 'mram') },
  { id: 'relax-e', label: 'relaxed errors', placement: P('mram', 'mram', 'relaxed', 'mram') },
  { id: 'relax-w', label: 'relaxed weights', placement: P('relaxed', 'mram', 'mram', 'mram') },
  { id: 'relax-ae', label: 'relaxed activations + errors', placement: P('mram', 'relaxed', 'relaxed', 'relaxed') },
  { id: 'relax-all', label: 'all relaxed', placement: P('relaxed', 'relaxed', 'relaxed', 'relaxed') },
];

const formatJ = (v: number) => si(v, 'J', 2);

function parseList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function ParetoPanel() {
  const sweep = useExplorer((s) => s.sweep);
  const config = useExplorer((s) => s.config);
  const training = useExplorer((s) => s.training.value);
  const system = useExplorer((s) =>
    s.analytic.value?.ok && s.analytic.value.result.system.ok ? s.analytic.value.result.system.result : undefined,
  );
  const { startSweep, pauseSweep, resumeSweep, cancelSweep, setConfig } = useExplorer((s) => s.actions);
  const [voltages, setVoltages] = useState('0.6, 0.7, 0.8');
  const [pulses, setPulses] = useState('3ns, 5ns, 10ns');
  const [presets, setPresets] = useState<string[]>(['sram', 'mram', 'relax-a', 'relax-ae']);
  const [accuracy, setAccuracy] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const start = () => {
    try {
      const { ui: _ui, ...base } = config;
      const spec = parseSweepSpec(
        {
          base,
          voltageV: parseList(voltages),
          pulseWidthS: parseList(pulses),
          placements: PLACEMENT_PRESETS.filter((p) => presets.includes(p.id)).map((p) => p.placement),
          accuracy,
        },
        'sweep',
      );
      setError(null);
      startSweep(spec);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  // Which rows plot follows the sweep that ran (its spec), not the checkbox as it is now.
  const trained = sweep.spec?.accuracy === true;
  const bad = sweep.rows.filter((r) => !r.out.ok || (trained && r.out.testAccuracy === undefined));
  const pts = useMemo<ParetoDatum[]>(
    () =>
      sweep.rows
        .filter((r) => r.out.ok && trained && r.out.testAccuracy !== undefined)
        .map((r) => ({
          id: r.index,
          x: r.out.energyPerStepJ,
          y: r.out.testAccuracy!,
          label: `${r.config.device.voltageV} V, ${si(r.config.device.pulseWidthS, 's')}${trainedCleanly(r.out) ? '' : ` (${r.out.trainStatus}${r.out.divergedAtStep !== undefined ? ` at step ${r.out.divergedAtStep}` : ''})`}`,
          ...(trainedCleanly(r.out) ? {} : { diverged: true }),
        })),
    [sweep.rows, trained],
  );
  const front = useMemo(() => paretoFront(pts.map((p) => ({ ...p, energyJ: p.x, accuracy: p.y }))), [pts]);
  const baselineRow = sweep.rows.find((r) => r.out.ok && Object.values(r.config.placement).every((p) => p === 'sram'));
  const bx = baselineRow?.out.energyPerStepJ;
  const by = baselineRow?.out.testAccuracy;
  const baseline = useMemo(() => (bx !== undefined && by !== undefined ? { x: bx, y: by } : undefined), [bx, by]);
  const design = system ? (config.array.iso === 'area' ? system.isoArea : system.isoCapacity) : undefined;
  const cx = design?.energyPerStepJ;
  // the current design's accuracy only when the last training run was of this very configuration
  const trainedKey = useExplorer((s) => s.training.configKey);
  const cy = training && trainedKey === encodeConfig(config) ? training.testAccuracy : undefined;
  const current = useMemo(() => (cx !== undefined && cy !== undefined ? { x: cx, y: cy } : undefined), [cx, cy]);
  const rowsSorted = useMemo(() => {
    const sorted = [...sweep.rows].sort((a, b) => a.index - b.index);
    return trained ? markParetoFront(sorted.map((r) => ({ ...r, out: { ...r.out } }))) : sorted;
  }, [sweep.rows, trained]);

  const pick = useCallback(
    (id: number) => {
      const row = sweep.rows.find((r) => r.index === id);
      if (row) setConfig({ ...row.config, ui: config.ui });
    },
    [sweep.rows, setConfig, config.ui],
  );

  return (
    <section className="panel wide" aria-labelledby="pareto-h" data-testid="panel.pareto">
      <h2 id="pareto-h">Sweep: energy against accuracy</h2>
      <div className="controls">
        <div className="control">
          <label htmlFor="sweep-v">Write voltages (V)</label>
          <input
            id="sweep-v"
            data-testid="sweep.voltages"
            value={voltages}
            onChange={(e) => setVoltages(e.target.value)}
          />
        </div>
        <div className="control">
          <label htmlFor="sweep-t">Write pulses</label>
          <input id="sweep-t" data-testid="sweep.pulses" value={pulses} onChange={(e) => setPulses(e.target.value)} />
        </div>
        <fieldset className="control">
          <legend>Placements</legend>
          {PLACEMENT_PRESETS.map((p) => (
            <label key={p.id} className="check">
              <input
                type="checkbox"
                data-testid={`sweep.preset.${p.id}`}
                checked={presets.includes(p.id)}
                onChange={(e) => setPresets((s) => (e.target.checked ? [...s, p.id] : s.filter((x) => x !== p.id)))}
              />{' '}
              {p.label}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={accuracy}
            data-testid="sweep.accuracy"
            onChange={(e) => setAccuracy(e.target.checked)}
          />{' '}
          train each point (accuracy)
        </label>
      </div>
      {error && (
        <p className="infeasible" role="alert" data-testid="sweep.error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={start} disabled={sweep.status === 'running'} data-testid="sweep.start">
          Start sweep
        </button>
        <button type="button" onClick={pauseSweep} disabled={sweep.status !== 'running'} data-testid="sweep.pause">
          Pause
        </button>
        <button type="button" onClick={resumeSweep} disabled={sweep.status !== 'paused'} data-testid="sweep.resume">
          Resume
        </button>
        <button
          type="button"
          onClick={cancelSweep}
          disabled={sweep.status !== 'running' && sweep.status !== 'paused'}
          data-testid="sweep.cancel"
        >
          Cancel
        </button>
        <span data-testid="sweep.status">
          {sweep.status} {sweep.done}/{sweep.total}
        </span>
        <progress value={sweep.total ? sweep.done / sweep.total : 0} max={1} aria-label="sweep progress" />
        <button
          type="button"
          data-testid="sweep.export.csv"
          disabled={!sweep.rows.length}
          onClick={() =>
            downloadText(
              'sweep.csv',
              [csvHeader(), ...rowsSorted.map((r: SweepRow) => csvRow(r))].join('\n') + '\n',
              'text/csv',
            )
          }
        >
          CSV
        </button>
        <button
          type="button"
          data-testid="sweep.export.json"
          disabled={!sweep.rows.length}
          onClick={() =>
            downloadText('sweep.json', JSON.stringify(rowsSorted.map(jsonRow), null, 2) + '\n', 'application/json')
          }
        >
          JSON
        </button>
      </div>
      <ChartFrame id="pareto" title="Energy per training step versus test accuracy (click a point to load it)">
        <ParetoChart points={pts} front={front} current={current} baseline={baseline} onPick={pick} xFormat={formatJ} />
      </ChartFrame>
      <p className="meta" data-testid="sweep.front">
        Pareto front: {front.length} of {pts.length} points.
      </p>
      <ul className="front-list">
        {front.map((p) => (
          <li key={p.id}>
            <button type="button" data-testid={`sweep.load.${p.id}`} onClick={() => pick(p.id)}>
              load #{p.id}
            </button>{' '}
            {p.label}: {si(p.x, 'J')}, {(100 * p.y).toFixed(1)} %
          </li>
        ))}
      </ul>
      {bad.length > 0 && (
        <details data-testid="sweep.infeasible" open>
          <summary>{bad.length} infeasible or failed points</summary>
          <ul>
            {bad.map((r) => (
              <li key={r.index}>
                #{r.index} ({r.config.device.voltageV} V, {si(r.config.device.pulseWidthS, 's')}):{' '}
                {r.out.reason || r.out.trainStatus}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
