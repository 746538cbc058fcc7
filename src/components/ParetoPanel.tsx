import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { ParetoChart, type ParetoDatum } from '../charts/ParetoChart.tsx';
import { csvHeader, csvRow, jsonRow, markParetoFront, paretoFront, type SweepRow } from '../evaluate/sweep-points.ts';
import type { ExplorerConfig } from '../schema/schema.ts';
import { systemOutcome, trainedAccuracyHere } from '../state/derive.ts';
import { useExplorer } from '../state/react.ts';
import { sweepRowMeta } from '../schema/sweep.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { downloadText } from './download.ts';
import { si } from './format.ts';
import { AnalyticReason } from './AnalyticReason.tsx';
import { DEFAULT_SWEEP_FORM, drawnPoints, PLACEMENT_PRESETS, placementLabel } from './pareto-data.ts';

export { PLACEMENT_PRESETS } from './pareto-data.ts';

const formatJ = (v: number, digits = 2) => si(v, 'J', digits);
const writeText = (c: ExplorerConfig) => `${c.device.voltageV} V, ${si(c.device.pulseWidthS, 's')}`;

export function ParetoPanel() {
  const sweep = useExplorer((s) => s.sweep);
  const config = useExplorer((s) => s.config);
  const systemSection = useExplorer(systemOutcome);
  const system = systemSection?.ok ? systemSection.result : undefined;
  const { startSweepForm, pauseSweep, resumeSweep, cancelSweep, setConfig } = useExplorer((s) => s.actions);
  const [voltages, setVoltages] = useState(DEFAULT_SWEEP_FORM.voltages);
  const [pulses, setPulses] = useState(DEFAULT_SWEEP_FORM.pulses);
  const [presets, setPresets] = useState<string[]>(DEFAULT_SWEEP_FORM.presets);
  const [accuracy, setAccuracy] = useState(DEFAULT_SWEEP_FORM.accuracy);
  const error = sweep.formError;

  // Export rows carry the sweep's spec hash, point count and shard 0/1, as the CLI's rows do (`sweep merge`).
  const meta = useMemo(() => (sweep.spec ? sweepRowMeta(sweep.spec) : undefined), [sweep.spec]);
  const start = () => void startSweepForm({ voltages, pulses, presets, accuracy });

  // Which rows plot follows the sweep that ran (its spec), not the checkbox as it is now.
  const trained = sweep.spec?.accuracy === true;
  const auto = sweep.auto === true;
  const bad = sweep.rows.filter((r) => !r.out.ok || (trained && r.out.testAccuracy === undefined));
  // new rows redraw the chart at low priority: a slider move is not held up by a streaming sweep
  const rows = useDeferredValue(sweep.rows);
  const pts = useMemo<ParetoDatum[]>(
    () =>
      trained
        ? drawnPoints(rows, writeText).map((g) => ({
            id: g.id,
            x: g.x,
            y: g.y,
            count: g.count,
            label: g.diverged ? `${g.placement} (${g.status})` : g.placement,
            ...(g.diverged ? { diverged: true } : {}),
            detail: [
              g.count > 1
                ? `${g.count} write points with the same result (${g.writes[0]} … ${g.writes[g.writes.length - 1]})`
                : g.writes[0]!,
            ],
          }))
        : [],
    [rows, trained],
  );
  const front = useMemo(() => paretoFront(pts.map((p) => ({ ...p, energyJ: p.x, accuracy: p.y }))), [pts]);
  const baselineRow = sweep.rows.find((r) => r.out.ok && Object.values(r.config.placement).every((p) => p === 'sram'));
  const bx = baselineRow?.out.energyPerStepJ;
  const by = baselineRow?.out.testAccuracy;
  const baseline = useMemo(() => (bx !== undefined && by !== undefined ? { x: bx, y: by } : undefined), [bx, by]);
  const design = system ? (config.array.iso === 'area' ? system.isoArea : system.isoCapacity) : undefined;
  const cx = design?.energyPerStepJ;
  // the current design's accuracy only when the last training run was of this very configuration
  const cy = useExplorer(trainedAccuracyHere);
  const current = useMemo(() => (cx !== undefined && cy !== undefined ? { x: cx, y: cy } : undefined), [cx, cy]);
  const rowsSorted = useMemo(() => {
    const sorted = [...sweep.rows].sort((a, b) => a.index - b.index);
    return trained ? markParetoFront(sorted.map((r) => ({ ...r, out: { ...r.out } }))) : sorted;
  }, [sweep.rows, trained]);
  const baseNote = sweep.spec
    ? `${sweep.spec.base.accelerator.network}, ${sweep.spec.base.training.dataset} ${sweep.spec.base.training.model}, ${sweep.spec.base.training.epochs} epochs`
    : '';

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
      <AnalyticReason what="the current design's point" section="system" />
      <div className="controls sweep-form">
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
        <fieldset className="control presets-field">
          <legend>
            Placements (relaxed X: classes X in relaxed MRAM, the others in nominal MRAM; W weights, A activations, E
            errors, G weight gradients)
          </legend>
          {PLACEMENT_PRESETS.map((p) => (
            <label key={p.id} className="check" title={p.title}>
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
        <button type="button" onClick={start} disabled={sweep.status === 'running' && !auto} data-testid="sweep.start">
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
              [csvHeader(), ...rowsSorted.map((r: SweepRow) => csvRow(r, meta))].join('\n') + '\n',
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
            downloadText(
              'sweep.json',
              JSON.stringify(
                rowsSorted.map((r) => jsonRow(r, meta)),
                null,
                2,
              ) + '\n',
              'application/json',
            )
          }
        >
          JSON
        </button>
      </div>
      <ChartFrame id="pareto" title="Energy per training step vs test accuracy (click a point to load it)">
        <ParetoChart points={pts} front={front} current={current} baseline={baseline} onPick={pick} xFormat={formatJ} />
      </ChartFrame>
      <p className="meta" data-testid="sweep.front">
        Pareto front: {front.length} of {pts.length} distinct points
        {sweep.spec && (
          <>
            {' '}
            ({auto ? 'default sweep, started on load' : 'your sweep'}: {baseNote})
          </>
        )}
        .
      </p>
      <ul className="front-list" data-testid="sweep.front-list">
        {front.map((p) => (
          <li key={p.id}>
            <button type="button" data-testid={`sweep.load.${p.id}`} onClick={() => pick(p.id)}>
              load #{p.id}
            </button>{' '}
            <strong>{p.label}</strong>, {p.detail?.[0]}: {si(p.x, 'J')}, {(100 * p.y).toFixed(1)} %
          </li>
        ))}
      </ul>
      {bad.length > 0 && (
        <details data-testid="sweep.infeasible" open>
          <summary>{bad.length} infeasible or failed points</summary>
          <ul>
            {bad.map((r) => (
              <li key={r.index}>
                #{r.index} ({placementLabel(r.config.placement)}, {writeText(r.config)}):{' '}
                {r.out.reason || r.out.trainStatus}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
