import { useCallback, useMemo, useState } from 'react';
import type { ArrayMetric, ArraySection } from '../evaluate/analytic.ts';
import type { ArrayOrganization, ArrayResult } from '../models/array/index.ts';
import { formatBytes } from '../schema/schema.ts';
import { CurveChart, type CurveSeries } from '../charts/CurveChart.tsx';
import { arrayOutcome } from '../state/derive.ts';
import { useExplorer } from '../state/react.ts';
import { AnalyticReason } from './AnalyticReason.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { downloadText } from './download.ts';
import { EnumControl, NumberControl, Pow2Control } from './controls.tsx';
import { si } from './format.ts';

const METRICS: { key: ArrayMetric; label: string; unit: string }[] = [
  { key: 'areaMm2', label: 'Area', unit: 'mm²' },
  { key: 'readLatencyS', label: 'Read latency', unit: 's' },
  { key: 'writeLatencyS', label: 'Write latency', unit: 's' },
  { key: 'readEnergyJ', label: 'Read energy / access', unit: 'J' },
  { key: 'writeEnergyJ', label: 'Write energy / access', unit: 'J' },
  { key: 'leakageW', label: 'Leakage power', unit: 'W' },
];

const CURVE_COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e'];
const ROADMAP_LABELS = { hp: 'high performance', lop: 'low operating power' };
const formatBits = (n: number) => `${n} bit`;

function fmt(key: ArrayMetric, v: number | undefined): string {
  if (v === undefined) return '—';
  if (key === 'areaMm2') return `${v.toPrecision(3)} mm²`;
  return si(v, METRICS.find((m) => m.key === key)!.unit);
}

function Cell({ o, k }: { o: ArraySection['sram']; k: ArrayMetric }) {
  return <td>{o.ok ? fmt(k, o.result[k]) : '—'}</td>;
}

export function ArrayPanel() {
  const outcome = useExplorer(arrayOutcome);
  const array = outcome?.ok ? outcome : undefined;
  const [metric, setMetric] = useState<ArrayMetric>('areaMm2');
  const curves = array?.curves;
  const series = useMemo<CurveSeries[]>(() => {
    if (!curves) return [];
    const x = curves.capacitiesBytes;
    // One curve per registry technology (src/evaluate/analytic.ts iterates src/models/tech).
    return curves.byTech.map((t, k) => ({
      id: t.id === 'stt-mram' ? 'mram' : t.id,
      label: t.label,
      color: CURVE_COLORS[k % CURVE_COLORS.length]!,
      points: x.map((c, i) => ({ x: c, y: t.metrics[metric][i]! })),
    }));
  }, [curves, metric]);
  const m = METRICS.find((x) => x.key === metric)!;
  const yFormat = useCallback(
    (v: number) => (metric === 'areaMm2' ? v.toPrecision(2) : si(v, m.unit, 2)),
    [metric, m.unit],
  );
  const nvsimFiles = useExplorer((s) => s.actions.nvsimFiles);
  const [exportError, setExportError] = useState<string | null>(null);
  const exportNvsim = async (name: string) => {
    try {
      const files = await nvsimFiles();
      setExportError(null);
      downloadText(name, files[name]!, 'text/plain');
    } catch (e) {
      setExportError(`NVSim export not possible for this point: ${(e as Error).message}`);
    }
  };
  return (
    <section className="panel" aria-labelledby="array-h" data-testid="panel.array">
      <h2 id="array-h">Array: SRAM vs MRAM scratchpads</h2>
      <AnalyticReason what="the arrays" section="array" />
      <div className="controls">
        <Pow2Control path="array.capacityBytes" format={formatBytes} />
        <NumberControl path="array.nodeNm" />
        <EnumControl path="array.roadmap" labels={ROADMAP_LABELS} />
        <Pow2Control path="array.wordBits" format={formatBits} />
      </div>
      {array && (
        <table className="numbers compare" data-testid="result.array">
          <thead>
            <tr>
              <th scope="col">per access of one word</th>
              {array.byPlacement.map((p) => (
                <th key={p.value} scope="col">
                  {p.label}
                </th>
              ))}
              <th scope="col" data-testid="result.array.isoCapacity">
                MRAM iso-area ({array.isoArea.ok ? formatBytes(array.isoArea.capacityBytes) : '—'})
              </th>
            </tr>
          </thead>
          <tbody>
            {METRICS.map((x) => (
              <tr key={x.key} data-testid={`result.array.${x.key}`}>
                <th scope="row">{x.label}</th>
                {array.byPlacement.map((p) => (
                  <Cell key={p.value} o={p.outcome} k={x.key} />
                ))}
                <td>{array.isoArea.ok ? fmt(x.key, array.isoArea.result[x.key]) : '—'}</td>
              </tr>
            ))}
            <tr data-testid="result.array.cell">
              <th scope="row">Cell</th>
              {array.byPlacement.map(({ value, outcome: o }) => (
                <td key={value}>{o.ok ? cellText(o.result) : '—'}</td>
              ))}
              <td>{array.isoArea.ok ? cellText(array.isoArea.result) : '—'}</td>
            </tr>
            <tr>
              <th scope="row">Organisation</th>
              {array.byPlacement.map(({ value, outcome: o }) => (
                <td key={value}>{o.ok ? orgText(o.result.organization) : o.reason}</td>
              ))}
              <td>{array.isoArea.ok ? orgText(array.isoArea.result.organization) : array.isoArea.reason}</td>
            </tr>
          </tbody>
        </table>
      )}
      <div className="actions">
        NVSim input files for this point:
        {['sram.cfg', 'SRAM.cell', 'mram.cfg', 'mram.cell'].map((f) => (
          <button key={f} type="button" data-testid={`export.nvsim.${f}`} onClick={() => void exportNvsim(f)}>
            {f}
          </button>
        ))}
      </div>
      {exportError && (
        <p className="infeasible" role="alert" data-testid="export.nvsim.error">
          {exportError}
        </p>
      )}
      <div className="control inline">
        <label htmlFor="array-metric">Plot</label>
        <select
          id="array-metric"
          data-testid="control.array-metric"
          value={metric}
          onChange={(e) => setMetric(e.target.value as ArrayMetric)}
        >
          {METRICS.map((x) => (
            <option key={x.key} value={x.key}>
              {x.label}
            </option>
          ))}
        </select>
      </div>
      <ChartFrame id="array-metric" title={`${m.label} versus capacity`}>
        <CurveChart
          testId="chart.array"
          series={series}
          xLabel="capacity"
          yLabel={`${m.label} (${m.unit})`}
          xFormat={formatBytes}
          yFormat={yFormat}
        />
      </ChartFrame>
    </section>
  );
}

/** The cell's area and, for a 1T-1MTJ cell, its access transistor's width. */
function cellText(r: ArrayResult): string {
  const area = `${Number(r.cellAreaF2.toPrecision(4))} F²`;
  return r.tech === 'sram' ? area : `${area}, ${Number(r.accessWidthF.toPrecision(4))} F access`;
}

function orgText(o: ArrayOrganization): string {
  return `${o.banks} bank${o.banks === 1 ? '' : 's'}, ${o.matRows}×${o.matCols} mats, ${o.subarrayRows}×${o.subarrayCols} subarrays, mux ${o.muxDegree}`;
}
