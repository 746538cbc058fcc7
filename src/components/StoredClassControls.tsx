/**
 * Placement and protection of the two stored classes the training engine added: weight gradients'
 * protection, and optimiser state (Adam's moments) placement and protection. Mounted in the system panel
 * below the energy chart (the first screen keeps the chart in view); the weight-gradient placement control
 * is the placement editor's own.
 */
import { EnumControl } from './controls.tsx';
import { PLACEMENT_LABELS } from '../schema/schema.ts';

const PROTECT_LABELS = {
  none: 'no protection',
  sign: 'sign in reliable memory',
  'sign-exp': 'sign + exponent reliable',
  'sign-exp-mant': 'sign + exponent + high mantissa reliable',
};

export function StoredClassControls() {
  return (
    <>
      <EnumControl path="placement.optimizer" labels={PLACEMENT_LABELS} />
      <EnumControl path="protect.weightGradients" labels={PROTECT_LABELS} />
      <EnumControl path="protect.optimizer" labels={PROTECT_LABELS} />
    </>
  );
}
