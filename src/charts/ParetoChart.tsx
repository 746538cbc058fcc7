/** Energy (x, log) versus accuracy (y) scatter with the Pareto front, the current design and the SRAM baseline. */
import { memo } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface ParetoDatum {
  id: number;
  x: number;
  y: number;
  label: string;
  /** A diverged (or unfinished) run: drawn as a cross, never on the front. */
  diverged?: boolean;
}

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
  xFormat?: (v: number) => string;
  height?: number;
}) {
  return (
    <div className="chart" data-testid="chart.pareto" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            scale="log"
            domain={['auto', 'auto']}
            tickFormatter={xFormat}
            label={{ value: 'energy per training step', position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            dataKey="y"
            type="number"
            domain={[0, 1]}
            width={56}
            label={{ value: 'test accuracy', angle: -90, position: 'insideLeft' }}
          />
          <Tooltip
            formatter={(v, name) =>
              name === 'x' && typeof v === 'number' && xFormat
                ? xFormat(v)
                : typeof v === 'number'
                  ? v.toFixed(3)
                  : String(v)
            }
          />
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
            data={points.filter((p) => !p.diverged)}
            fill="#1f77b4"
            isAnimationActive={false}
            cursor={onPick ? 'pointer' : undefined}
            onClick={(d: unknown) => {
              const id = (d as { id?: number; payload?: { id: number } }).payload?.id ?? (d as { id?: number }).id;
              if (onPick && typeof id === 'number') onPick(id);
            }}
          />
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
