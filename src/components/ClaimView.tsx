/**
 * The reference study's claim checked in the tolerance view: for this configuration's model and data,
 * per stored class and for the best heterogeneous placement, the lowest-write-energy relaxed write
 * (voltage, pulse) whose mean accuracy over 3 seeds stays within 1 percentage point of the clean mean,
 * and its write-energy saving against the nominal write; the seed spread as [min, max].
 * The CLI (`train study`) runs the same search over several models and datasets.
 */
import { useExplorer } from '../state/react.ts';
import { si } from './format.ts';

const VOLTAGES = [0.6, 0.7, 0.8, 0.9];
const PULSES = [2e-9, 4.5e-9, 10e-9];
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);

export function ClaimView() {
  const claim = useExplorer((s) => s.claim);
  const epochs = useExplorer((s) => s.config.training.epochs);
  const { runClaim, cancelClaim } = useExplorer((s) => s.actions);
  const rows = claim.value?.rows ?? [];
  const trained = claim.points.filter((p) => p.state === 'trained').length;
  return (
    <div data-testid="claim">
      <h3>The claim checked: write energy saved at ≤ 1 pp accuracy loss</h3>
      <p className="meta">
        Per class (the others at the nominal write) and for the best heterogeneous placement: the lowest-energy relaxed
        write on a {VOLTAGES.length} × {PULSES.length} grid whose mean accuracy over 3 seeds is within 1 percentage
        point of the clean mean ({epochs} epochs, 2,000 training and 500 test samples). Points as error-prone as a
        failed one are skipped. Long: dozens of runs.
      </p>
      <div className="actions">
        <button
          type="button"
          data-testid="claim.run"
          disabled={claim.status === 'running'}
          onClick={() =>
            void runClaim({
              seeds: 3,
              voltagesV: VOLTAGES,
              pulsesS: PULSES,
              tolerancePp: 1,
              classes: ['activations', 'weights', 'errors', 'weightGradients', 'optimizer'],
              base: { epochs, maxTrainSamples: 2000, maxTestSamples: 500 },
            })
          }
        >
          Check the claim
        </button>
        {claim.status === 'running' && (
          <button type="button" onClick={cancelClaim} data-testid="claim.cancel">
            Cancel
          </button>
        )}
        <span data-testid="claim.count">{trained} points trained</span>
      </div>
      {rows.length > 0 && (
        <table className="numbers" data-testid="claim.rows">
          <thead>
            <tr>
              <th>target</th>
              <th>write</th>
              <th>saving vs nominal</th>
              <th>accuracy [seed min, max]</th>
              <th>clean [min, max]</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.target}>
                <th scope="row">{r.target}</th>
                <td>{r.found ? `${r.voltageV} V, ${si(r.pulseWidthS!, 's')}` : 'none below nominal'}</td>
                <td>{r.writeEnergySaving.toFixed(2)}×</td>
                <td>
                  {pct(r.accuracyMean)} [{pct(r.accuracyMin)}, {pct(r.accuracyMax)}]
                </td>
                <td>
                  {pct(r.cleanMean)} [{pct(r.cleanMin)}, {pct(r.cleanMax)}]
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
