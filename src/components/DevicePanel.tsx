import { memo, useMemo, useState } from 'react';
import { MC_MAX_WORKERS, type McDirectionSummary } from '../evaluate/monte-carlo.ts';
import type { DeviceWriteResult } from '../models/device/index.ts';
import { FIELDS } from '../schema/schema.ts';
import { WerChart, type WerMarker, type WerSeries } from '../charts/WerChart.tsx';
import { deviceOutcome, monteCarloHere } from '../state/derive.ts';
import { useExplorer } from '../state/react.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { NumberControl } from './controls.tsx';
import { DEVICE_MODEL_PATHS, DeviceModelControls } from './DeviceModelControls.tsx';
import { prob, ratio, si } from './format.ts';

const DEVICE_PARAM_PATHS = FIELDS.filter(
  (f) => f.path.startsWith('deviceParams.') && !DEVICE_MODEL_PATHS.includes(f.path),
).map((f) => f.path);

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

export function DevicePanel() {
  const outcome = useExplorer(deviceOutcome);
  const seed = useExplorer((s) => s.config.seed);
  const device = outcome?.ok ? outcome : undefined;

  const curves = device?.curves;
  const pulsesS = curves?.pulsesS;
  const [showClosedForm, setShowClosedForm] = useState(false);
  const [showSot, setShowSot] = useState(false);
  const sot = device?.sot;
  const cfCurves = showClosedForm ? device?.closedFormCurves : undefined;
  const variation = device?.variationCurves;
  const modelName = device?.relaxed.werModel === 'closed-form' ? 'closed form' : 'Fokker-Planck';
  const xs = useMemo(() => (pulsesS ? Array.from(pulsesS, (t) => t * 1e9) : []), [pulsesS]);
  const series = useMemo<WerSeries[]>(() => {
    if (!curves) return [];
    const volts = [...new Set(curves.curves.map((c) => c.voltageV))];
    const dirLabel = (d: 'pToAp' | 'apToP') => (d === 'pToAp' ? 'P→AP' : 'AP→P');
    const out: WerSeries[] = curves.curves.map((c) => ({
      id: `${c.voltageV}-${c.direction}`,
      label: `${c.voltageV.toFixed(2)} V ${dirLabel(c.direction)}`,
      color: PALETTE[volts.indexOf(c.voltageV) % PALETTE.length]!,
      dashed: c.direction === 'apToP',
      ys: c.wer,
    }));
    for (const c of cfCurves ?? [])
      out.push({
        id: `cf-${c.voltageV}-${c.direction}`,
        label: `${c.voltageV.toFixed(2)} V ${dirLabel(c.direction)} closed form`,
        color: '#aaaaaa',
        dashed: c.direction === 'apToP',
        ys: c.wer,
      });
    if (variation)
      for (const d of ['pToAp', 'apToP'] as const) {
        out.push({
          id: `mean-${d}`,
          label: `${variation.voltageV.toFixed(2)} V ${dirLabel(d)} array mean`,
          color: '#ff7f0e',
          dashed: d === 'apToP',
          ys: variation.arrayMean[d],
        });
        out.push({
          id: `worst-${d}`,
          label: `${variation.voltageV.toFixed(2)} V ${dirLabel(d)} worst bit (${variation.percentile} %)`,
          color: '#8c564b',
          dashed: d === 'apToP',
          ys: variation.worstBit[d],
        });
      }
    // SOT-MRAM (registry technology, its own stack and write point): one curve per drive voltage, both directions.
    if (showSot && sot)
      for (const c of sot.curves)
        out.push({
          id: `sot-${c.voltageV}`,
          label: `SOT-MRAM ${c.voltageV.toFixed(2)} V`,
          color: '#17becf',
          dashed: c.voltageV !== sot.write.voltageV,
          ys: c.wer,
        });
    return out;
  }, [curves, cfCurves, variation, showSot, sot]);

  const mcDirs = useExplorer(monteCarloHere);
  const relaxedMarker = useMemo(() => writeMarker('relaxed write', '#000', device?.relaxed), [device?.relaxed]);
  const nominalMarker = useMemo(() => writeMarker('nominal write', '#888', device?.nominal), [device?.nominal]);
  const markers = useMemo<WerMarker[]>(() => {
    if (!relaxedMarker || !nominalMarker) return [];
    const mcMarkers: WerMarker[] = (mcDirs ?? []).map((d) => ({
      label: `Monte Carlo ${d.direction === 'pToAp' ? 'P→AP' : 'AP→P'} (${d.trajectories} traj.)`,
      color: d.direction === 'pToAp' ? '#e377c2' : '#17becf',
      points: d.table
        .filter((t) => t.wer > 0)
        .map((t) => ({ x: t.tS * 1e9, y: t.wer, errLow: t.low, errHigh: t.high })),
    }));
    return [...mcMarkers, relaxedMarker, nominalMarker];
  }, [relaxedMarker, nominalMarker, mcDirs]);

  const r = device?.relaxed;
  return (
    <section className="panel" aria-labelledby="device-h" data-testid="panel.device">
      <h2 id="device-h">Device: STT-MRAM write</h2>
      <div className="controls">
        <NumberControl path="device.voltageV" />
        <NumberControl path="device.pulseWidthS" />
        <NumberControl path="device.nominalVoltageV" />
        <NumberControl path="device.nominalPulseWidthS" />
      </div>
      {outcome && !outcome.ok && (
        <p className="infeasible" role="status" data-testid="result.device.error">
          {outcome.reason}
        </p>
      )}
      <DeviceModelControls showClosedForm={showClosedForm} onShowClosedForm={setShowClosedForm} />
      <label className="control">
        <input
          type="checkbox"
          data-testid="device.showSot"
          checked={showSot}
          onChange={(e) => setShowSot(e.target.checked)}
        />{' '}
        show SOT-MRAM (write through the heavy-metal line; its own write point and stack)
      </label>
      {showSot && sot && (
        <p data-testid="result.device.sot">
          SOT-MRAM at {sot.write.voltageV} V, {si(sot.write.pulseWidthS, 's')}: I<sub>c0</sub>{' '}
          {si(sot.write.criticalCurrentA, 'A')}, write current {si(sot.write.currentA, 'A')}, energy{' '}
          {si(sot.write.energyJ.average, 'J')} per bit (line {si(sot.write.lineEnergyJ, 'J')}), WER{' '}
          {prob(sot.write.wer.pToAp)} (both directions).
        </p>
      )}
      <ChartFrame id="wer" title={`Write error rate vs pulse width (${modelName})`}>
        <WerChart xs={xs} series={series} markers={markers} />
      </ChartFrame>
      {r && (
        <table className="numbers" data-testid="result.device">
          <tbody>
            <tr>
              <th scope="row">
                WER P→AP / AP→P ({r.werModel === 'fp' ? 'Fokker-Planck' : 'closed form'}, nominal bit)
              </th>
              <td data-testid="result.device.wer.pToAp">{prob(r.wer.pToAp)}</td>
              <td data-testid="result.device.wer.apToP">{prob(r.wer.apToP)}</td>
            </tr>
            <tr>
              <th scope="row">WER array mean / worst bit ({r.worstPercentile} %), P→AP</th>
              <td data-testid="result.device.werArrayMean.pToAp">{prob(r.werArrayMean.pToAp)}</td>
              <td data-testid="result.device.werWorstBit.pToAp">{prob(r.werWorstBit.pToAp)}</td>
            </tr>
            <tr>
              <th scope="row">WER array mean / worst bit ({r.worstPercentile} %), AP→P</th>
              <td data-testid="result.device.werArrayMean.apToP">{prob(r.werArrayMean.apToP)}</td>
              <td data-testid="result.device.werWorstBit.apToP">{prob(r.werWorstBit.apToP)}</td>
            </tr>
            <tr>
              <th scope="row">Write current P→AP / AP→P</th>
              <td>{si(r.writeCurrentA.pToAp, 'A')}</td>
              <td>{si(r.writeCurrentA.apToP, 'A')}</td>
            </tr>
            <tr>
              <th scope="row">Critical current Ic0 P→AP / AP→P</th>
              <td>{si(r.criticalCurrentA.pToAp, 'A')}</td>
              <td>{si(r.criticalCurrentA.apToP, 'A')}</td>
            </tr>
            <tr>
              <th scope="row">Write energy per bit P→AP / AP→P</th>
              <td data-testid="result.device.energy.pToAp">{si(r.writeEnergyJ.pToAp, 'J')}</td>
              <td>{si(r.writeEnergyJ.apToP, 'J')}</td>
            </tr>
            <tr>
              <th scope="row">Average write energy per bit (random data)</th>
              <td data-testid="result.device.energy.average">{si(r.writeEnergyJ.average, 'J')}</td>
              <td data-testid="result.device.saving">
                saves {ratio(device.writeEnergySaving)} vs nominal ({si(device.nominal.writeEnergyJ.average, 'J')})
              </td>
            </tr>
            <tr>
              <th scope="row">Thermal stability Δ / τ_D</th>
              <td>{r.thermalStability.toFixed(1)}</td>
              <td>{si(r.tauDS, 's')}</td>
            </tr>
            <tr>
              <th scope="row">R_P / R_AP</th>
              <td>{si(r.resistanceOhm.p, 'Ω')}</td>
              <td>{si(r.resistanceOhm.ap, 'Ω')}</td>
            </tr>
            <tr>
              <th scope="row">Access transistor in series</th>
              <td data-testid="result.device.access">{si(device.access.resistanceOhm, 'Ω')}</td>
              <td>
                {device.access.source === 'array'
                  ? `array's, ${device.access.widthF} F${device.access.sized ? ' (sized for the nominal write)' : ''}`
                  : 'device field'}
              </td>
            </tr>
            <tr>
              <th scope="row">Read disturb per read / retention failure</th>
              <td>{prob(r.readDisturbProbability)}</td>
              <td>{prob(r.retentionFailureProbability)}</td>
            </tr>
          </tbody>
        </table>
      )}
      <MonteCarlo dirs={mcDirs} />
      <details className="device-params" data-testid="device-params">
        <summary>MTJ parameters (defaults: 40 nm CoFeB/MgO, Ikeda 2010; see README)</summary>
        <div className="controls">
          {DEVICE_PARAM_PATHS.map((p) => (
            <NumberControl key={p} path={p} slider={false} />
          ))}
        </div>
      </details>
      <p className="meta">seed {seed}</p>
    </section>
  );
}

function writeMarker(label: string, color: string, w: DeviceWriteResult | undefined): WerMarker | undefined {
  if (!w) return undefined;
  return {
    label,
    color,
    points: [
      { x: w.pulseWidthS * 1e9, y: w.wer.pToAp },
      { x: w.pulseWidthS * 1e9, y: w.wer.apToP },
    ],
  };
}

const MonteCarlo = memo(function MonteCarlo({ dirs }: { dirs: McDirectionSummary[] | undefined }) {
  const mc = useExplorer((s) => s.monteCarlo);
  const { runMonteCarlo, cancelMonteCarlo } = useExplorer((s) => s.actions);
  const [trajectories, setTrajectories] = useState(400);
  const [engine, setEngine] = useState<'auto' | 'cpu' | 'webgpu'>('auto');
  // CPU engine: Web Workers in the pool ('' = auto: the browser's cores, capped); the result does not depend on it
  const [workers, setWorkers] = useState('');
  const workersReq = workers === '' ? undefined : Number(workers);
  return (
    <div className="mc" data-testid="mc">
      <div className="actions">
        <label>
          trajectories{' '}
          <input
            type="number"
            min={10}
            max={100000}
            value={trajectories}
            data-testid="mc.trajectories"
            onChange={(e) => setTrajectories(Math.max(10, Math.min(100000, Math.round(Number(e.target.value) || 10))))}
          />
        </label>
        <label>
          engine{' '}
          <select
            value={engine}
            data-testid="mc.engine"
            onChange={(e) => setEngine(e.target.value as 'auto' | 'cpu' | 'webgpu')}
          >
            <option value="auto">auto (WebGPU if available)</option>
            <option value="webgpu">WebGPU</option>
            <option value="cpu">CPU</option>
          </select>
        </label>
        <label title="CPU engine: trajectories are spread over this many Web Workers (WebGPU runs on one device)">
          CPU workers{' '}
          <input
            type="number"
            min={1}
            max={MC_MAX_WORKERS}
            placeholder="auto"
            value={workers}
            data-testid="mc.workers"
            onChange={(e) =>
              setWorkers(
                e.target.value === ''
                  ? ''
                  : String(Math.max(1, Math.min(MC_MAX_WORKERS, Math.round(Number(e.target.value) || 1)))),
              )
            }
          />
        </label>
        <button
          type="button"
          data-testid="mc.run"
          disabled={mc.status === 'running'}
          onClick={() => void runMonteCarlo({ trajectories, engine, workers: workersReq })}
        >
          Monte Carlo check (sLLG)
        </button>
        {mc.status === 'running' && (
          <button type="button" onClick={cancelMonteCarlo} data-testid="mc.cancel">
            Cancel
          </button>
        )}
        <span data-testid="mc.status">
          {mc.status === 'running'
            ? 'running…'
            : mc.status === 'done'
              ? mc.value?.engineNote
              : mc.status === 'error'
                ? mc.error
                : ''}
        </span>
      </div>
      {dirs && (
        <table className="numbers" data-testid="mc.compare">
          <thead>
            <tr>
              <th>direction</th>
              <th>I/Ic0</th>
              <th>engine</th>
              <th>stated agreement</th>
              <th>worst model/MC ratio (WER ≥ 1e-2)</th>
            </tr>
          </thead>
          <tbody>
            {dirs.map((d) => (
              <tr key={d.direction} data-testid={`mc.row.${d.direction}`}>
                <td>{d.direction === 'pToAp' ? 'P→AP' : 'AP→P'}</td>
                <td>{d.normalizedCurrent.toFixed(2)}</td>
                <td data-testid={`mc.engine.${d.direction}`}>{d.engine}</td>
                <td>
                  {d.statedFactor === null
                    ? d.model === 'fp'
                      ? 'no claim outside 1 ≤ i ≤ 3'
                      : 'no claim near i = 1 (closed form pessimistic)'
                    : `${d.model === 'fp' ? 'Fokker-Planck' : 'closed form'} within ×${d.statedFactor}`}
                </td>
                <td data-testid={`mc.ratio.${d.direction}`}>
                  {d.worstRatio === null ? '—' : `×${d.worstRatio.toFixed(2)}`}
                  {d.worstRatio !== null && d.statedFactor !== null && (d.worstRatio <= d.statedFactor ? ' ✓' : ' ✗')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
});
