/** Energy (x, log where the range spans a decade) versus accuracy (y) with the Pareto front, the current design and the SRAM baseline. */
import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  LabelList,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { distinctLabels, linearTicks, niceTicks } from './ticks.ts';

export interface ParetoDatum {
  id: number;
  x: number;
  y: number;
  label: string;
  /** Identical points merged into this one (drawn once, with "×count" beside it). */
  count?: number;
  /** Tooltip lines (placement, write points). */
  detail?: string[];
  /** A diverged (or unfinished) run: drawn as a cross, never on the front. */
  diverged?: boolean;
}

const pctTick = (v: number) => `${Number((100 * v).toPrecision(3))} %`;

export const ParetoChart = memo(function ParetoChart({
  points,
  front,
  current,
  baseline,
  onPick,
  xFormat,
  height = 320,
}: {
  points: ParetoDatum[];
  front: ParetoDatum[];
  current?: { x: number; y: number };
  baseline?: { x: number; y: number };
  onPick?: (id: number) => void;
  /** Energy label at a number of significant digits. */
  xFormat?: (v: number, digits?: number) => string;
  height?: number;
}) {
  const axes = useMemo(() => {
    const xs = [...points.map((p) => p.x), ...(current ? [current.x] : []), ...(baseline ? [baseline.x] : [])].filter(
      (v) => Number.isFinite(v) && v > 0,
    );
    const ys = [...points.map((p) => p.y), ...(current ? [current.y] : []), ...(baseline ? [baseline.y] : [])].filter(
      Number.isFinite,
    );
    const x = xs.length ? niceTicks(Math.min(...xs), Math.max(...xs), 4) : undefined;
    const yLo = ys.length ? Math.min(...ys) : 0;
    const yHi = ys.length ? Math.max(...ys) : 1;
    const yt = linearTicks(Math.max(0, yLo - 0.02), Math.min(1, yHi + 0.02), 5);
    const y = { ...yt, ticks: yt.ticks.filter((t) => t >= 0 && t <= 1) };
    const fmt = xFormat ?? ((v: number, d = 3) => v.toPrecision(d));
    const xLabels = x ? distinctLabels(x.ticks, (v, d) => fmt(v, d)) : [];
    const xLabelOf = new Map(x?.ticks.map((t, i) => [t, xLabels[i]!]) ?? []);
    return { x, y, xTick: (v: number) => xLabelOf.get(v) ?? fmt(v, 3), xFull: (v: number) => fmt(v, 3) };
  }, [points, current, baseline, xFormat]);
  const data = useMemo(
    () => points.map((p) => ({ ...p, countLabel: p.count && p.count > 1 ? `×${p.count}` : '' })),
    [points],
  );
  return (
    <div className="chart" data-testid="chart.pareto" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 8, right: 24, bottom: 28, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            scale={axes.x?.scale ?? 'linear'}
            domain={axes.x?.domain ?? ['auto', 'auto']}
            ticks={axes.x?.ticks}
            tickFormatter={axes.xTick}
            allowDataOverflow
            label={{ value: 'energy per training step', position: 'insideBottom', offset: -16 }}
          />
          <YAxis
            dataKey="y"
            type="number"
            domain={axes.y.domain}
            ticks={axes.y.ticks}
            tickFormatter={pctTick}
            allowDataOverflow
            width={64}
            label={{ value: 'test accuracy', angle: -90, position: 'insideLeft', offset: 6, dy: 44 }}
          />
          <Tooltip content={(p: TooltipContentProps) => <ParetoTooltip {...p} xFormat={axes.xFull} />} />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
          {points.some((p) => p.diverged) && (
            <Scatter
              name="diverged (not on the front)"
              data={points.filter((p) => p.diverged)}
              fill="#7f7f7f"
              shape="cross"
              isAnimationActive={false}
            />
          )}
          <Scatter
            name="design points"
            data={data.filter((p) => !p.diverged)}
            fill="#1f77b4"
            isAnimationActive={false}
            cursor={onPick ? 'pointer' : undefined}
            onClick={(d: unknown) => {
              const id = (d as { id?: number; payload?: { id: number } }).payload?.id ?? (d as { id?: number }).id;
              if (onPick && typeof id === 'number') onPick(id);
            }}
          >
            <LabelList dataKey="countLabel" position="right" fontSize={11} fill="#1f77b4" />
          </Scatter>
          <Line
            name="Pareto front"
            data={front}
            dataKey="y"
            stroke="#d62728"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {baseline && (
            <Scatter name="SRAM baseline" data={[baseline]} fill="#000" shape="square" isAnimationActive={false} />
          )}
          {current && (
            <Scatter name="current design" data={[current]} fill="#ff7f0e" shape="star" isAnimationActive={false} />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
});

function ParetoTooltip({ active, payload, xFormat }: TooltipContentProps & { xFormat: (v: number) => string }) {
  const d = payload?.[0]?.payload as (ParetoDatum & { x: number; y: number }) | undefined;
  if (!active || !d) return null;
  return (
    <div className="recharts-default-tooltip wer-tooltip" data-testid="pareto.tooltip">
      <p className="recharts-tooltip-label">
        <strong>{d.label ?? 'design'}</strong>
      </p>
      <ul>
        {(d.detail ?? []).map((t) => (
          <li key={t}>{t}</li>
        ))}
        <li>energy per step: {xFormat(d.x)}</li>
        <li>test accuracy: {(100 * d.y).toFixed(1)} %</li>
        {d.count !== undefined && d.count > 1 && <li>{d.count} identical points drawn once</li>}
      </ul>
    </div>
  );
}
