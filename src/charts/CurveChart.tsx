/** A generic log/linear line chart of named series over a shared x axis, with an optional right-hand axis. */
import { memo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface CurveSeries {
  id: string;
  label: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
  /** Plot against the right-hand axis (its own unit and range, e.g. loss beside accuracy). */
  right?: boolean;
}

/** A horizontal reference (e.g. the clean accuracy, at an error rate of 0 that a log axis cannot show). */
export interface CurveReference {
  y: number;
  label: string;
  color: string;
}

/** Points a log axis can draw: finite, and positive on each log axis. */
export function drawable(points: { x: number; y: number }[], xLog: boolean, yLog: boolean) {
  return points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!xLog || p.x > 0) && (!yLog || p.y > 0));
}

export const CurveChart = memo(function CurveChart({
  testId,
  series,
  xLabel,
  yLabel,
  y2Label,
  xLog = true,
  yLog = true,
  xFormat,
  yFormat,
  y2Format,
  references,
  height = 260,
}: {
  testId: string;
  series: CurveSeries[];
  xLabel: string;
  yLabel: string;
  y2Label?: string;
  xLog?: boolean;
  yLog?: boolean;
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  y2Format?: (v: number) => string;
  references?: CurveReference[];
  height?: number;
}) {
  const hasRight = series.some((s) => s.right);
  return (
    <div className="chart" data-testid={testId} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={{ top: 8, right: hasRight ? 8 : 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            scale={xLog ? 'log' : 'linear'}
            domain={['dataMin', 'dataMax']}
            tickFormatter={xFormat}
            label={{ value: xLabel, position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            yAxisId="left"
            type="number"
            scale={yLog ? 'log' : 'linear'}
            domain={['auto', 'auto']}
            tickFormatter={yFormat}
            width={78}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }}
          />
          {hasRight && (
            <YAxis
              yAxisId="right"
              orientation="right"
              type="number"
              domain={['auto', 'auto']}
              tickFormatter={y2Format}
              width={56}
              label={{ value: y2Label, angle: 90, position: 'insideRight', style: { textAnchor: 'middle' } }}
            />
          )}
          <Tooltip
            formatter={(v) => (typeof v === 'number' && yFormat ? yFormat(v) : String(v))}
            labelFormatter={(x) => (typeof x === 'number' && xFormat ? xFormat(x) : String(x))}
          />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
          {(references ?? []).map((r) => (
            <ReferenceLine
              key={r.label}
              yAxisId="left"
              y={r.y}
              stroke={r.color}
              strokeDasharray="6 3"
              label={{ value: r.label, position: 'insideTopRight', fontSize: 11, fill: r.color }}
            />
          ))}
          {series.map((s) => (
            <Line
              key={s.id}
              yAxisId={s.right ? 'right' : 'left'}
              data={drawable(s.points, xLog, yLog && !s.right)}
              dataKey="y"
              name={s.label}
              stroke={s.color}
              strokeDasharray={s.dashed ? '5 4' : undefined}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
