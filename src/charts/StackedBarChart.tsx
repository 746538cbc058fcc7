/** Stacked bars: one bar per design, one stack segment per component. */
import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface StackedBars {
  /** One row per bar: its label and a value per stack key. */
  rows: ({ label: string } & Record<string, number | string>)[];
  stacks: { key: string; label: string; color: string }[];
}

export const StackedBarChart = memo(function StackedBarChart({
  testId,
  data,
  yLabel,
  yFormat,
  height = 280,
}: {
  testId: string;
  data: StackedBars;
  yLabel: string;
  yFormat?: (v: number) => string;
  height?: number;
}) {
  return (
    <div className="chart" data-testid={testId} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data.rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis
            tickFormatter={yFormat}
            width={86}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' && yFormat ? yFormat(v) : String(v))} />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
          {data.stacks.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="a" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
