import { useMemo } from 'react';
import { CurveChart, type CurveSeries } from '../charts/CurveChart.tsx';
import { deviceOutcome, trainingStale } from '../state/derive.ts';
import { useExplorer } from '../state/react.ts';
import { AnalyticReason } from './AnalyticReason.tsx';
import { ChartFrame } from './ChartFrame.tsx';
import { EnumControl, NumberControl } from './controls.tsx';
import { prob } from './format.ts';
import { ClaimView } from './ClaimView.tsx';

const STUDY_RATES = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
const TARGET_COLORS: Record<string, string> = {
  activations: '#ff7f0e',
  weights: '#1f77b4',
  errors: '#2ca02c',
  weightGradients: '#9467bd',
  optimizer: '#8c564b',
  all: '#000000',
};
const STUDY_TARGETS = ['activations', 'weights', 'errors', 'weightGradients', 'optimizer', 'all'];
const CLASS_LABELS = {
  weights: 'weights',
  activations: 'activations',
  errors: 'errors',
  weightGradients: 'weight gradients',
  optimizer: 'optimiser state (Adam moments)',
} as const;
/** Runs estimated at or above this are announced with a warning (the engine's LONG_RUN_S). */
const LONG_RUN_S = 60;

const DATASET_LABELS = { digits: 'UCI digits 8×8', mnist: 'MNIST', fashion: 'Fashion-MNIST' };
const MODEL_LABELS = { mlp: 'MLP', cnn: 'LeNet-like CNN', resnet: 'ResNet-8 (batch norm)' };
const OPTIMIZER_LABELS = { sgd: 'SGD', adam: 'Adam' };
const FORMAT_LABELS = { fp32: 'float32', bf16: 'bfloat16' };

export function TrainingPanel() {
  const training = useExplorer((s) => s.training);
  const study = useExplorer((s) => s.study);
  const deviceSection = useExplorer(deviceOutcome);
  const device = deviceSection?.ok ? deviceSection : undefined;
  const placement = useExplorer((s) => s.config.placement);
  const { runTraining, cancelTraining, runStudy, cancelStudy } = useExplorer((s) => s.actions);
  const last = training.progress[training.progress.length - 1];
  const result = training.value;
  const stale = useExplorer(trainingStale);
  const totalSteps =
    last && last.etaS && last.stepsPerSecond > 0 ? last.step + last.etaS * last.stepsPerSecond : undefined;
  const progressFrac = result ? 1 : last && totalSteps ? last.step / totalSteps : 0;
  // the warm-up estimate, reported before the first step (and kept in the result)
  const estimateEvent = training.progress.find((p) => p.estimatedSeconds !== undefined);
  const estimate = result ? result.estimatedSeconds : estimateEvent?.estimatedSeconds;
  const estimateBackend = result?.backend ?? estimateEvent?.backend;

  const lossSeries = useMemo<CurveSeries[]>(() => {
    const pts = result?.history ?? training.progress;
    const acc = pts.filter((p) => p.testAccuracy !== undefined).map((p) => ({ x: p.step, y: p.testAccuracy! }));
    const loss = pts.filter((p) => Number.isFinite(p.loss)).map((p) => ({ x: p.step, y: p.loss }));
    return [
      { id: 'loss', label: 'training loss (right axis)', color: '#d62728', points: loss, right: true },
      { id: 'acc', label: 'test accuracy', color: '#1f77b4', points: acc },
    ];
  }, [result, training.progress]);

  // the clean run (rate 0) cannot sit on the log rate axis: it is drawn as a reference line
  const clean = study.points.find((p) => p.target === 'clean');
  const studyRefs = useMemo(
    () =>
      clean
        ? [
            {
              y: clean.testAccuracy,
              label: `clean (rate 0): ${(100 * clean.testAccuracy).toFixed(1)} %`,
              color: '#555',
            },
          ]
        : [],
    [clean],
  );
  const studySeries = useMemo<CurveSeries[]>(() => {
    const targets = [...new Set(study.points.filter((p) => p.target !== 'clean').map((p) => p.target))];
    return targets.map((t) => ({
      id: t,
      label: t,
      color: TARGET_COLORS[t] ?? '#888',
      points: study.points.filter((p) => p.target === t).map((p) => ({ x: p.rate, y: p.testAccuracy })),
    }));
  }, [study.points]);

  const rateOf = (cls: keyof typeof CLASS_LABELS) => {
    if (!device) return '—';
    const p = placement[cls] ?? 'sram';
    if (p === 'sram') return '0 (SRAM)';
    const w = device.placementWer[p];
    return `${prob(w.pToAp)} / ${prob(w.apToP)}`;
  };

  return (
    <section className="panel" aria-labelledby="training-h" data-testid="panel.training">
      <h2 id="training-h">Accuracy: training with write errors</h2>
      <AnalyticReason what="the write error rates" section="device" />
      <div className="controls">
        <EnumControl path="training.dataset" labels={DATASET_LABELS} />
        <EnumControl path="training.model" labels={MODEL_LABELS} />
        <EnumControl path="training.optimizer" labels={OPTIMIZER_LABELS} />
        <NumberControl path="training.epochs" />
        <EnumControl path="training.format" labels={FORMAT_LABELS} />
      </div>
      <table className="numbers" data-testid="training.rates">
        <tbody>
          {(Object.keys(CLASS_LABELS) as (keyof typeof CLASS_LABELS)[]).map((c) => (
            <tr key={c}>
              <th scope="row">{CLASS_LABELS[c]}: write error rate 0→1 / 1→0</th>
              <td data-testid={`training.rate.${c}`}>{rateOf(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button
          type="button"
          onClick={() => void runTraining()}
          disabled={training.status === 'running'}
          data-testid="training.run"
        >
          Train this configuration
        </button>
        {training.status === 'running' && (
          <button type="button" onClick={cancelTraining} data-testid="training.cancel">
            Cancel
          </button>
        )}
      </div>
      {estimate !== undefined && estimate >= LONG_RUN_S && (training.status === 'running' || result) && (
        <p className="notice" role="alert" data-testid="training.long">
          This run is estimated at about {Math.round(estimate)} s on {estimateBackend} (from a warm-up of a few steps).
          Cancel it and lower the epochs, or pick a smaller model or dataset, for an interactive run.
        </p>
      )}
      {(training.status === 'running' || result) && (
        <div className="progress" data-testid="training.progress">
          <progress value={progressFrac} max={1} aria-label="training progress" />
          <span>
            {last && !result && (
              <>
                {last.step === 0 && last.estimatedSeconds !== undefined && (
                  <span data-testid="training.estimate">estimated {Math.ceil(last.estimatedSeconds)} s; </span>
                )}
                step {last.step}, epoch {last.epoch + 1}, {last.stepsPerSecond.toFixed(0)} steps/s on {last.backend}
                {last.etaS !== undefined && <>, about {Math.ceil(last.etaS)} s left</>}
              </>
            )}
          </span>
        </div>
      )}
      {result && (
        <table className={stale ? 'numbers stale' : 'numbers'} data-testid="training.result">
          {stale && (
            <caption data-testid="training.stale">From an earlier configuration: train again for this one.</caption>
          )}
          <tbody>
            <tr>
              <th scope="row">Test accuracy</th>
              <td data-testid="training.accuracy">{(100 * result.testAccuracy).toFixed(2)} %</td>
              <td data-testid="training.status">
                {result.status === 'diverged'
                  ? `diverged at step ${result.divergedAtStep}: accuracy of the model as it ends (NaN scores chance)`
                  : result.status}
                {result.cached ? ' (cached)' : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">Corrupted bits (weights / activations / errors)</th>
              <td data-testid="training.corrupted" colSpan={2}>
                {result.corruptedBits.weights.toLocaleString('en-US')} /{' '}
                {result.corruptedBits.activations.toLocaleString('en-US')} /{' '}
                {result.corruptedBits.errors.toLocaleString('en-US')}
              </td>
            </tr>
            <tr>
              <th scope="row">Corrupted bits (weight gradients / optimiser state)</th>
              <td data-testid="training.corrupted2" colSpan={2}>
                {(result.corruptedBits.weightGradients ?? 0).toLocaleString('en-US')} /{' '}
                {(result.corruptedBits.optimizer ?? 0).toLocaleString('en-US')}
              </td>
            </tr>
            <tr>
              <th scope="row">Backend, speed</th>
              <td data-testid="training.backend">{result.backend}</td>
              <td>
                {result.stepsPerSecond.toFixed(1)} steps/s, {result.steps} steps
              </td>
            </tr>
          </tbody>
        </table>
      )}
      {lossSeries[0]!.points.length > 0 && (
        <ChartFrame id="training-curve" title="Test accuracy (left) and training loss (right)">
          <CurveChart
            testId="chart.training"
            series={lossSeries}
            xLabel="step"
            yLabel="test accuracy"
            y2Label="loss"
            xLog={false}
            yLog={false}
            yFormat={(v) => v.toFixed(2)}
            y2Format={(v) => v.toPrecision(2)}
            height={220}
          />
        </ChartFrame>
      )}
      <h3>Error tolerance by tensor class</h3>
      <p className="meta">
        One class at a time (the others clean), then all five together, at write error rates 1e-6 … 1e-1 (both
        directions), with this configuration's model, data, format and protection. Diverged runs are listed below the
        chart: their accuracy is the model's as it ends.
      </p>
      <div className="actions">
        <button
          type="button"
          data-testid="study.run"
          disabled={study.status === 'running'}
          onClick={() => void runStudy({ targets: STUDY_TARGETS, rates: STUDY_RATES, rate10Ratio: 1 })}
        >
          Run tolerance study
        </button>
        {study.status === 'running' && (
          <button type="button" onClick={cancelStudy} data-testid="study.cancel">
            Cancel
          </button>
        )}
        <span data-testid="study.count">
          {study.points.filter((p) => p.target !== 'clean').length} / {STUDY_TARGETS.length * STUDY_RATES.length} points
          {clean ? ' and the clean run' : ''}
          {study.value && `, clean accuracy ${(100 * study.value.baselineAccuracy).toFixed(1)} %`}
        </span>
      </div>
      {study.points.some((p) => p.status === 'diverged') && (
        <p className="meta" data-testid="study.diverged">
          Diverged:{' '}
          {study.points
            .filter((p) => p.status === 'diverged')
            .map((p) => `${p.target} at ${p.rate.toExponential(0)} (step ${p.divergedAtStep})`)
            .join(', ')}
        </p>
      )}
      {studySeries.length > 0 && (
        <ChartFrame id="tolerance" title="Final test accuracy versus write error rate">
          <CurveChart
            testId="chart.study"
            series={studySeries}
            xLabel="write error rate"
            yLabel="test accuracy"
            yLog={false}
            xFormat={(v) => v.toExponential(0)}
            yFormat={(v) => v.toFixed(2)}
            references={studyRefs}
          />
        </ChartFrame>
      )}
      <ClaimView />
    </section>
  );
}
