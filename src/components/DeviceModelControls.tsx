/**
 * The device panel's model controls: the WER model (Fokker-Planck or closed form), the closed form drawn on
 * request beside it, and the bit-to-bit parameter spreads with the worst-bit percentile.
 */
import { memo } from 'react';
import { EnumControl, NumberControl } from './controls.tsx';

/** Parameter paths edited here (left out of the panel's general MTJ parameter list). */
export const DEVICE_MODEL_PATHS = [
  'deviceParams.werModel',
  'deviceParams.sigmaDiameter',
  'deviceParams.sigmaDelta',
  'deviceParams.sigmaRa',
  'deviceParams.sigmaTmr',
  'deviceParams.worstPercentile',
];

export const DeviceModelControls = memo(function DeviceModelControls({
  showClosedForm,
  onShowClosedForm,
}: {
  showClosedForm: boolean;
  onShowClosedForm: (v: boolean) => void;
}) {
  return (
    <div className="device-model" data-testid="device-model">
      <div className="controls">
        <EnumControl
          path="deviceParams.werModel"
          labels={{ fp: 'Fokker-Planck (default)', 'closed-form': 'closed form (Butler + Néel–Brown)' }}
        />
        <label className="control">
          <input
            type="checkbox"
            checked={showClosedForm}
            data-testid="device.showClosedForm"
            onChange={(e) => onShowClosedForm(e.target.checked)}
          />{' '}
          also draw the closed form
        </label>
      </div>
      <details className="device-variation" data-testid="device-variation">
        <summary>Process variation (relative spreads, one sigma)</summary>
        <div className="controls">
          {DEVICE_MODEL_PATHS.slice(1).map((p) => (
            <NumberControl key={p} path={p} slider={false} />
          ))}
        </div>
      </details>
      <p className="meta" data-testid="device.trainingRateNote">
        Training injects the array-mean WER (the mean over the array&apos;s bits; the nominal bit&apos;s WER when every
        spread is 0).
      </p>
    </div>
  );
});
