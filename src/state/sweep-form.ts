/**
 * The sweep form: placement presets (labels generated from what each sets), the form's defaults and the
 * sweep spec a form gives over a base configuration. Pure (unit-tested); the sweep slice starts sweeps
 * from it, the Pareto panel draws its checkboxes from it.
 */
import {
  PLACEMENT_LABELS,
  PLACEMENTS,
  TENSOR_CLASSES,
  type ExplorerConfig,
  type Placement,
  type TensorClass,
} from '../schema/schema.ts';
import { parseSweepSpec, type SweepSpec } from '../schema/sweep.ts';

export type PlacementMap = Record<TensorClass, Placement>;
export type PlacementPreset = {
  id: string;
  /** Short label (W, A, E, G: weights, activations, errors, weight gradients). */
  label: string;
  /** Every class named. */
  title: string;
  placement: PlacementMap;
};

const CLASS_WORDS: Record<TensorClass, string> = {
  weights: 'weights',
  activations: 'activations',
  errors: 'errors',
  weightGradients: 'weight gradients',
};
/** Words for the placements (the registry's label for any placement not named here). */
const KIND_WORDS: Record<Placement, string> = {
  ...PLACEMENT_LABELS,
  sram: 'SRAM',
  mram: 'nominal MRAM',
  relaxed: 'relaxed MRAM',
};
/** Order in a label: the STT write points, the other technologies (registry order), SRAM last. */
const ORDER: Placement[] = [
  'relaxed',
  'mram',
  ...PLACEMENTS.filter((p) => p !== 'relaxed' && p !== 'mram' && p !== 'sram'),
  'sram',
];

/**
 * What a placement sets, in words, every class named: "all SRAM", "all nominal MRAM",
 * "relaxed MRAM: activations, errors; nominal MRAM: weights, weight gradients".
 */
export function placementLabel(p: PlacementMap): string {
  const kinds = [...new Set(TENSOR_CLASSES.map((c) => p[c]))];
  if (kinds.length === 1) return `all ${KIND_WORDS[kinds[0]!]}`;
  return ORDER.filter((k) => kinds.includes(k))
    .map(
      (k) =>
        `${KIND_WORDS[k]}: ${TENSOR_CLASSES.filter((c) => p[c] === k)
          .map((c) => CLASS_WORDS[c])
          .join(', ')}`,
    )
    .join('; ');
}

const P = (w: Placement, a: Placement, e: Placement, g: Placement): PlacementMap => ({
  weights: w,
  activations: a,
  errors: e,
  weightGradients: g,
});
const LETTER: Record<TensorClass, string> = { weights: 'W', activations: 'A', errors: 'E', weightGradients: 'G' };

/**
 * A short label that still says exactly what the placement sets: "all SRAM", "all nominal MRAM",
 * "relaxed A+E" (activations and errors in relaxed MRAM, every other class in nominal MRAM); any other
 * mix gets the full label.
 */
export function shortPlacementLabel(p: PlacementMap): string {
  const kinds = new Set(TENSOR_CLASSES.map((c) => p[c]));
  if (kinds.size === 1) return placementLabel(p);
  if ([...kinds].some((k) => k !== 'mram' && k !== 'relaxed')) return placementLabel(p);
  return `relaxed ${TENSOR_CLASSES.filter((c) => p[c] === 'relaxed')
    .map((c) => LETTER[c])
    .join('+')}`;
}

const preset = (id: string, placement: PlacementMap): PlacementPreset => ({
  id,
  label: shortPlacementLabel(placement),
  title: placementLabel(placement),
  placement,
});

/** Sweep presets; each label is generated from the placement it sets. */
export const PLACEMENT_PRESETS: PlacementPreset[] = [
  preset('sram', P('sram', 'sram', 'sram', 'sram')),
  preset('mram', P('mram', 'mram', 'mram', 'mram')),
  preset('relax-a', P('mram', 'relaxed', 'mram', 'mram')),
  preset('relax-e', P('mram', 'mram', 'relaxed', 'mram')),
  preset('relax-w', P('relaxed', 'mram', 'mram', 'mram')),
  // activations and errors relaxed; weights and weight gradients stay at the nominal write
  preset('relax-ae', P('mram', 'relaxed', 'relaxed', 'mram')),
  preset('relax-all', P('relaxed', 'relaxed', 'relaxed', 'relaxed')),
  preset('sot', P('sot', 'sot', 'sot', 'sot')),
];

export interface SweepForm {
  voltages: string;
  pulses: string;
  presets: string[];
  accuracy: boolean;
}

/**
 * The sweep the form starts with, and the one run in the background on first load. The relaxed presets
 * come first: their points differ with V and pulse, so the front fills in early; the all-nominal and
 * all-SRAM placements do not depend on the relaxed write (their points are identical, drawn once).
 */
export const DEFAULT_SWEEP_FORM: SweepForm = {
  voltages: '0.6, 0.7, 0.8',
  pulses: '3ns, 5ns, 10ns',
  presets: ['relax-a', 'relax-ae', 'mram', 'sram'],
  accuracy: true,
};

export function parseList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The sweep spec of a form over a base configuration (throws FieldError for a bad entry). */
export function buildSweepSpec(config: ExplorerConfig, form: SweepForm): SweepSpec {
  const { ui: _ui, ...base } = config;
  const order = [...form.presets].sort(
    (a, b) => DEFAULT_SWEEP_FORM.presets.indexOf(a) - DEFAULT_SWEEP_FORM.presets.indexOf(b),
  );
  return parseSweepSpec(
    {
      base,
      voltageV: parseList(form.voltages),
      pulseWidthS: parseList(form.pulses),
      placements: order
        .map((id) => PLACEMENT_PRESETS.find((p) => p.id === id)?.placement)
        .filter((p): p is PlacementMap => !!p),
      accuracy: form.accuracy,
    },
    'sweep',
  );
}
