/**
 * WER versus pulse width, log-log, one curve per voltage and direction, with marked points.
 *
 * Drawn for speed on slider moves (each move changes most curves; the goal is the next frame within
 * 50 ms). The chart, its axes, grid, tooltip and the Monte Carlo markers (with error bars) are recharts;
 * the curves and the relaxed/nominal write markers are SVG drawn in recharts layers (`ZIndexLayer` at the
 * line and scatter levels) with the chart's own axis scales (`useXAxisScale`/`useYAxisScale`). A recharts
 * `Line` or `Scatter` remounts its animation subtree and re-registers with the chart store whenever its
 * data changes (~3 ms per curve and move here); these paths and circles are updated in place. The chart
 * data (the pulse grid, for the tooltip) and the static parts (grid, axes) do not change on a move, so
 * recharts recomputes nothing for them, and the legend is plain HTML beside the plot (recharts' legend
 * measures its box after every update: a forced layout).
 */
import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  DefaultZIndexes,
  ErrorBar,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  ZIndexLayer,
  useXAxisScale,
  useYAxisScale,
  type TooltipContentProps,
} from 'recharts';

export interface WerSeries {
  id: string;
  label: string;
  color: string;
  dashed?: boolean;
  /** WER at each pulse width of the chart's `xs` (same length). */
  ys: ArrayLike<number>;
}

export interface WerMarker {
  label: string;
  color: string;
  points: { x: number; y: number; errLow?: number; errHigh?: number }[];
}

/** Values below this are drawn at the floor (log axes cannot show 0). */
export const WER_FLOOR = 1e-18;

const tickExp = (v: number) => `1e${Math.round(Math.log10(v))}`;
const clamp = (y: number) => Math.max(WER_FLOOR, Math.min(1, y));

const MARGIN = { top: 8, right: 16, bottom: 24, left: 8 };
const GRID = <CartesianGrid strokeDasharray="3 3" />;
const X_AXIS = (
  <XAxis
    dataKey="x"
    type="number"
    scale="log"
    domain={[0.1, 100]}
    ticks={[0.1, 1, 10, 100]}
    allowDataOverflow
    label={{ value: 'pulse width (ns)', position: 'insideBottom', offset: -12 }}
  />
);
const Y_AXIS = (
  <YAxis
    type="number"
    scale="log"
    domain={[WER_FLOOR, 1]}
    ticks={[1e-18, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3, 1]}
    tickFormatter={tickExp}
    allowDataOverflow
    width={56}
    label={{ value: 'WER', angle: -90, position: 'insideLeft' }}
  />
);

const hasErrorBars = (m: WerMarker) => m.points.some((p) => p.errLow !== undefined);

/**
 * recharts shows its tooltip box only when chart items give it a payload; the curves are not recharts items,
 * so the box is always visible and the content (empty when the pointer is away) decides.
 */
const TOOLTIP_WRAPPER = { visibility: 'visible' } as const;

type MarkerDatum = { x: number; y: number; err: [number, number] };
/** Scatter data per marker point list: an unchanged marker (e.g. the nominal write) keeps its data object. */
const markerData = new WeakMap<WerMarker['points'], MarkerDatum[]>();
function scatterData(points: WerMarker['points']): MarkerDatum[] {
  let d = markerData.get(points);
  if (!d) {
    d = points.map((p) => ({
      x: p.x,
      y: clamp(p.y),
      err: [p.y - (p.errLow ?? p.y), (p.errHigh ?? p.y) - p.y],
    }));
    markerData.set(points, d);
  }
  return d;
}

export const WerChart = memo(function WerChart({
  xs,
  series,
  markers,
  height = 320,
}: {
  /** Pulse widths (ns) shared by every series. */
  xs: ArrayLike<number>;
  series: WerSeries[];
  markers: WerMarker[];
  height?: number;
}) {
  // The pulse grid as chart data: it gives the tooltip its positions and does not change on a move.
  const data = useMemo(() => Array.from(xs, (x) => ({ x })), [xs]);
  const tooltip = useMemo(
    () => (
      <Tooltip
        content={(p: TooltipContentProps) => <WerTooltip {...p} xs={xs} series={series} />}
        wrapperStyle={TOOLTIP_WRAPPER}
        isAnimationActive={false}
      />
    ),
    [xs, series],
  );
  const plainMarkers = useMemo(() => markers.filter((m) => !hasErrorBars(m)), [markers]);
  const barMarkers = useMemo(() => markers.filter(hasErrorBars), [markers]);
  return (
    <div className="chart chart-with-legend" data-testid="chart.wer" style={{ height }}>
      <WerLegend series={series} markers={markers} />
      <div className="chart-plot">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={MARGIN}>
            {GRID}
            {X_AXIS}
            {Y_AXIS}
            {tooltip}
            <WerCurves xs={xs} series={series} markers={plainMarkers} />
            {barMarkers.map((m) => (
              <Scatter
                key={m.label}
                name={m.label}
                data={scatterData(m.points)}
                dataKey="y"
                fill={m.color}
                isAnimationActive={false}
              >
                <ErrorBar dataKey="err" direction="y" stroke={m.color} />
              </Scatter>
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
});

/** SVG path through the points (linear segments, as recharts' `Line type="linear"`). */
function curvePath(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  sx: (v: number) => number | undefined,
  sy: (v: number) => number | undefined,
): string {
  let d = '';
  for (let i = 0; i < xs.length; i++) {
    const px = sx(xs[i]!);
    const py = sy(clamp(ys[i]!));
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) continue;
    d += `${d ? 'L' : 'M'}${px.toFixed(2)},${py.toFixed(2)}`;
  }
  return d;
}

/**
 * The curves (one path per series, in the lines' layer) and the markers without error bars (the relaxed
 * and nominal writes: circles as recharts' scatter draws them, in the scatter layer), placed with the
 * chart's axis scales. Markers with error bars (Monte Carlo) are recharts `Scatter`s with `ErrorBar`s.
 */
function WerCurves({ xs, series, markers }: { xs: ArrayLike<number>; series: WerSeries[]; markers: WerMarker[] }) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  if (!xScale || !yScale) return null;
  const sx = (v: number) => xScale(v);
  const sy = (v: number) => yScale(v);
  return (
    <>
      <ZIndexLayer zIndex={DefaultZIndexes.line}>
        <g className="recharts-layer wer-curves">
          {series.map((s, k) => (
            <path
              key={`s${k}`}
              className="recharts-curve recharts-line-curve"
              d={curvePath(xs, s.ys, sx, sy)}
              stroke={s.color}
              strokeWidth={1}
              strokeDasharray={s.dashed ? '5 4' : undefined}
              fill="none"
            />
          ))}
        </g>
      </ZIndexLayer>
      <ZIndexLayer zIndex={DefaultZIndexes.scatter}>
        {markers.map((m) => (
          <g key={m.label} className="recharts-layer recharts-scatter wer-markers">
            {m.points.map((p, i) => {
              const cx = sx(p.x);
              const cy = sy(clamp(p.y));
              if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return null;
              // recharts' default scatter symbol: a circle of area 64 px²
              return <circle key={i} className="recharts-symbols" cx={cx} cy={cy} r={4.51} fill={m.color} />;
            })}
          </g>
        ))}
      </ZIndexLayer>
    </>
  );
}

/** Tooltip: the WER of every curve at the pulse width under the pointer. */
function WerTooltip({
  active,
  label,
  xs,
  series,
}: TooltipContentProps & { xs: ArrayLike<number>; series: WerSeries[] }) {
  if (!active || typeof label !== 'number' || !(label > 0) || xs.length === 0) return null;
  // the grid point nearest the pointer's position (log distance; markers sit between grid points)
  let i = 0;
  for (let k = 1; k < xs.length; k++)
    if (Math.abs(Math.log(xs[k]! / label)) < Math.abs(Math.log(xs[i]! / label))) i = k;
  return (
    <div className="recharts-default-tooltip wer-tooltip">
      <p className="recharts-tooltip-label">{`${xs[i]!.toPrecision(3)} ns`}</p>
      <ul className="recharts-tooltip-item-list">
        {series.map((s) => (
          <li key={s.id} className="recharts-tooltip-item" style={{ color: s.color }}>
            {s.label}: {s.ys[i]!.toExponential(2)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The legend: one entry per curve (line swatch, dashed for AP→P) and per marker (dot). */
function WerLegend({ series, markers }: { series: WerSeries[]; markers: WerMarker[] }) {
  return (
    <ul className="chart-legend" aria-label="legend">
      {series.map((s, k) => (
        <li key={`s${k}`}>
          <svg width="18" height="10" aria-hidden="true">
            <line
              x1="1"
              y1="5"
              x2="17"
              y2="5"
              stroke={s.color}
              strokeWidth="2"
              strokeDasharray={s.dashed ? '4 3' : undefined}
            />
          </svg>
          <span className="chart-legend-text" style={{ color: s.color }}>
            {s.label}
          </span>
        </li>
      ))}
      {markers.map((m) => (
        <li key={m.label}>
          <svg width="10" height="10" aria-hidden="true">
            <circle cx="5" cy="5" r="4" fill={m.color} />
          </svg>
          <span className="chart-legend-text" style={{ color: m.color }}>
            {m.label}
          </span>
        </li>
      ))}
    </ul>
  );
}
