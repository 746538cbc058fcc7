/** WER versus pulse width, log-log, one curve per voltage and direction, with marked points. */
import { memo } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  Legend,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface WerSeries {
  id: string;
  label: string;
  color: string;
  dashed?: boolean;
  /** Pairs (pulse width in ns, WER). */
  points: { x: number; y: number }[];
}

export interface WerMarker {
  label: string;
  color: string;
  points: { x: number; y: number; errLow?: number; errHigh?: number }[];
}

/** Values below this are drawn at the floor (log axes cannot show 0). */
export const WER_FLOOR = 1e-18;

const tickExp = (v: number) => `1e${Math.round(Math.log10(v))}`;

export const WerChart = memo(function WerChart({
  series,
  markers,
  height = 320,
}: {
  series: WerSeries[];
  markers: WerMarker[];
  height?: number;
}) {
  const clamp = (y: number) => Math.max(WER_FLOOR, Math.min(1, y));
  return (
    <div className="chart" data-testid="chart.wer" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            scale="log"
            domain={[0.1, 100]}
            ticks={[0.1, 1, 10, 100]}
            allowDataOverflow
            label={{ value: 'pulse width (ns)', position: 'insideBottom', offset: -12 }}
          />
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
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? v.toExponential(2) : String(v))}
            labelFormatter={(x) => `${x} ns`}
          />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
          {series.map((s) => (
            <Line
              key={s.id}
              data={s.points.map((p) => ({ x: p.x, y: clamp(p.y) }))}
              dataKey="y"
              name={s.label}
              stroke={s.color}
              strokeDasharray={s.dashed ? '5 4' : undefined}
              dot={false}
              isAnimationActive={false}
            />
          ))}
          {markers.map((m) => (
            <Scatter
              key={m.label}
              name={m.label}
              data={m.points.map((p) => ({
                x: p.x,
                y: clamp(p.y),
                err: [p.y - (p.errLow ?? p.y), (p.errHigh ?? p.y) - p.y],
              }))}
              dataKey="y"
              fill={m.color}
              isAnimationActive={false}
            >
              {m.points.some((p) => p.errLow !== undefined) && (
                <ErrorBar dataKey="err" direction="y" stroke={m.color} />
              )}
            </Scatter>
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
});
