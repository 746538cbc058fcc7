/**
 * "Why this ratio": the system-model controls (banks, accumulator, gating, SRAM cell class,
 * read-before-write, access transistor, per-GEMM dataflow, switching fractions), what bounds the step,
 * and on demand the ladder of cited assumptions towards the reference study's regime with a tornado
 * chart of single changes. Computed in the model worker (src/evaluate/analytic.ts explainAnalytic).
 */
import { useState } from 'react';
import type { ExplainOutcome } from '../evaluate/analytic.ts';
import type { Explanation } from '../models/system/index.ts';
import { systemOutcome } from '../state/derive.ts';
import { useExplorer } from '../state/react.ts';
import { EnumControl, NumberControl } from './controls.tsx';
import { ratio, si } from './format.ts';

export function WhyRatio() {
  const system = useExplorer(systemOutcome);
  const explainRatio = useExplorer((s) => s.actions.explainRatio);
  const [state, setState] = useState<{ running: boolean; out?: ExplainOutcome }>({ running: false });
  const r = system?.ok ? system.result : undefined;
  const run = async () => {
    setState({ running: true });
    try {
      setState({ running: false, out: await explainRatio() });
    } catch (e) {
      setState({ running: false, out: { ok: false, reason: (e as Error).message } });
    }
  };
  return (
    <fieldset className="placement" data-testid="system-model">
      <legend>Memory system: banks, accumulator, leakage, writes</legend>
      <div className="controls">
        <EnumControl path="system.banks" />
        <EnumControl
          path="system.accumulator"
          labels={{ sram: 'SRAM accumulator', none: 'none (partial sums to scratchpad)' }}
        />
        <EnumControl path="system.gating" />
        <EnumControl path="system.sramCell" labels={{ hp: 'HP', lop: 'LOP', lstp: 'LSTP' }} />
        <EnumControl path="system.rbw" />
        <EnumControl path="system.accessR" labels={{ array: "array's transistor", device: 'device field' }} />
        <NumberControl path="system.accessWidthF" slider={false} />
        <EnumControl
          path="system.gemmDataflow"
          labels={{ fixed: 'as the accelerator', best: 'least energy per GEMM' }}
        />
        <NumberControl path="system.switching.weights" />
        <NumberControl path="system.switching.activations" />
        <NumberControl path="system.switching.errors" />
        <NumberControl path="system.switching.weightGradients" />
      </div>
      {r && (
        <p className="meta" data-testid="result.system.bound">
          Step time {si(r.sram.runtimeS, 's')} (SRAM, bound by {r.sram.boundBy}) and {si(r.isoCapacity.runtimeS, 's')}{' '}
          (MRAM iso-capacity, bound by {r.isoCapacity.boundBy}); MRAM banks per class:{' '}
          {Object.entries(r.isoCapacity.banks)
            .map(([c, b]) => `${c} ${b}`)
            .join(', ')}
          ; accumulator {si(r.isoCapacity.breakdown.accumulator, 'J')} per step; {r.temperatureK} K, access transistor{' '}
          {si(r.accessResistanceOhm, 'Ω')}
          <span data-testid="result.system.access">
            {' '}
            ({r.access.widthF} F wide{r.access.sized ? ', sized for the nominal write' : ''}: MRAM cell{' '}
            {Number(r.access.cellAreaF2.toPrecision(4))} F²)
          </span>
          .
        </p>
      )}
      {r?.warnings.map((w) => (
        <p key={w} className="infeasible" role="status" data-testid="result.system.warning">
          Warning: {w}
        </p>
      ))}
      <button type="button" onClick={() => void run()} disabled={state.running} data-testid="action.why-ratio">
        {state.running ? 'Computing…' : 'Why this ratio?'}
      </button>
      {state.out && !state.out.ok && (
        <p className="infeasible" role="status">
          {state.out.reason}
        </p>
      )}
      {state.out?.ok && <Ladder ex={state.out.result} />}
    </fieldset>
  );
}

function Ladder({ ex }: { ex: Explanation }) {
  return (
    <div data-testid="result.why-ratio">
      <h3>Why this ratio: one assumption per rung</h3>
      <div className="table-scroll">
        <table className="numbers">
          <thead>
            <tr>
              <th>#</th>
              <th>assumption</th>
              <th>iso-capacity</th>
              <th>iso-area</th>
              <th>SRAM leakage share</th>
              <th>why (source)</th>
            </tr>
          </thead>
          <tbody>
            {ex.steps.map((s, i) => {
              const b = s.breakdown.sram;
              const tot = Object.values(b).reduce((x, y) => x + y, 0);
              return (
                <tr key={s.name} title={`system ${s.flags}`}>
                  <td>{i}</td>
                  <td>{s.name}</td>
                  <td>{ratio(s.ratioIsoCapacity)}</td>
                  <td>{ratio(s.ratioIsoArea)}</td>
                  <td>{tot > 0 ? `${((100 * b.leakage) / tot).toFixed(0)} %` : '—'}</td>
                  <td>
                    {s.reason} <span className="meta">({s.citation})</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p data-testid="result.why-ratio.verdict">{ex.verdict}</p>
      <Tornado ex={ex} />
    </div>
  );
}

/** Tornado chart: each single change's ratio (iso-capacity) against the configuration's, largest swing first. */
function Tornado({ ex }: { ex: Explanation }) {
  const items = ex.sensitivity;
  if (!items.length) return null;
  const base = ex.baseRatioIsoCapacity;
  const logs = items.map((s) => Math.log10(s.ratioIsoCapacity / base));
  const span = Math.max(1e-3, ...logs.map(Math.abs));
  const W = 640;
  const label = 190;
  const row = 18;
  const mid = label + (W - label) / 2;
  const half = (W - label) / 2 - 50;
  return (
    <figure data-testid="chart.tornado">
      <figcaption>
        Sensitivity: ratio (iso-capacity) after one change, against {ratio(base)} (log scale, largest swing first)
      </figcaption>
      <svg width={W} height={items.length * row + 10} role="img" aria-label="tornado chart of single changes">
        <line x1={mid} x2={mid} y1={0} y2={items.length * row + 10} stroke="#444" />
        {items.map((s, i) => {
          const x = (logs[i]! / span) * half;
          const y = i * row + 4;
          return (
            <g key={s.name}>
              <text x={label - 6} y={y + 11} textAnchor="end" fontSize="12">
                {s.name}
              </text>
              <rect
                x={Math.min(mid, mid + x)}
                y={y}
                width={Math.max(1, Math.abs(x))}
                height={row - 5}
                fill={x >= 0 ? '#2ca02c' : '#d62728'}
              >
                <title>{`system ${s.change}`}</title>
              </rect>
              <text
                x={x >= 0 ? mid + x + 4 : mid + x - 4}
                y={y + 11}
                textAnchor={x >= 0 ? 'start' : 'end'}
                fontSize="11"
              >
                {ratio(s.ratioIsoCapacity)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
