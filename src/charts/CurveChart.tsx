/** A generic log/linear line chart of named series over a shared x axis. */
import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface CurveSeries {
  id: string;
  label: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

export const CurveChart = memo(function CurveChart({
  testId,
  series,
  xLabel,
  yLabel,
  xLog = true,
  yLog = true,
  xFormat,
  yFormat,
  height = 260,
}: {
  testId: string;
  series: CurveSeries[];
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  height?: number;
}) {
  return (
    <div className="chart" data-testid={testId} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
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
            type="number"
            scale={yLog ? 'log' : 'linear'}
            domain={['auto', 'auto']}
            tickFormatter={yFormat}
            width={72}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: -8 }}
          />
          <Tooltip
            formatter={(v) => (typeof v === 'number' && yFormat ? yFormat(v) : String(v))}
            labelFormatter={(x) => (typeof x === 'number' && xFormat ? xFormat(x) : String(x))}
          />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
          {series.map((s) => (
            <Line
              key={s.id}
              data={s.points.filter((p) => Number.isFinite(p.y) && (!yLog || p.y > 0))}
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
