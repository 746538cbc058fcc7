/**
 * From an explorer configuration to a training request: each tensor class stored in relaxed MRAM gets
 * the relaxed write's error rates, one in nominal MRAM the nominal write's, one in SOT-MRAM the SOT write's,
 * one in SRAM none; the bit
 * fields the configuration protects are stored in reliable memory.
 *
 * A stored logical 1 is the AP state (device-rates.ts): rate01 = WER(P->AP), rate10 = WER(AP->P).
 * Weight gradients and optimiser state (Adam's moments) are written through the channel too, with the
 * rates of their placement (the optimiser-state placement is optional in a configuration: SRAM when absent).
 */
import type { ExplorerConfig, Placement, Protection } from '../schema/schema.ts';
import { evaluateWrite } from '../models/device/index.ts';
import { placementOption } from '../models/tech/index.ts';
import { ratesFromTechnology } from './device-rates.ts';
import { deviceParamsFor, writePointsFor } from '../evaluate/adapter.ts';
import type { BitField, ChannelSpec } from './channel.ts';
import { DEFAULT_TRAIN_REQUEST, defaultLearningRate, type TrainRequest } from './request.ts';

const PROTECT: Record<Protection, BitField[]> = {
  none: [],
  sign: ['sign'],
  'sign-exp': ['sign', 'exponent'],
  'sign-exp-mant': ['sign', 'exponent', 'mantissa-high'],
};

export interface ClassRates {
  nominal: { rate01: number; rate10: number };
  relaxed: { rate01: number; rate10: number };
  /** SOT-MRAM at its own write point, at the device temperature (src/models/tech/sot-mram). */
  sot: { rate01: number; rate10: number };
}

export function ratesFor(c: ExplorerConfig): ClassRates {
  // The device and write points of the one adapter (src/evaluate/adapter.ts): the access transistor the
  // system and the device panel use, so accuracy and energy are of the same write.
  const p = deviceParamsFor(c);
  const w = writePointsFor(c);
  const n = evaluateWrite(p, w.nominal.voltageV, w.nominal.pulseWidthS);
  const r = evaluateWrite(p, w.relaxed.voltageV, w.relaxed.pulseWidthS);
  // array-mean rates (device-rates.ts): equal to the nominal bit's without parameter spreads
  return {
    nominal: { rate01: n.werArrayMean.pToAp, rate10: n.werArrayMean.apToP },
    relaxed: { rate01: r.werArrayMean.pToAp, rate10: r.werArrayMean.apToP },
    sot: pick(ratesFromTechnology('sot-mram', undefined, c.deviceParams.temperatureK)),
  };
}

const pick = (r: { rate01: number; rate10: number }) => ({ rate01: r.rate01, rate10: r.rate10 });

/** The rates of a placement value (its registry write point). */
export function ratesOfPlacement(p: Placement, rates: ClassRates): { rate01: number; rate10: number } {
  const o = placementOption(p);
  if (!o || o.write === 'none') return { rate01: 0, rate10: 0 };
  if (o.write === 'nominal') return rates.nominal;
  if (o.write === 'relaxed') return rates.relaxed;
  return rates.sot;
}

function channel(p: Placement, protect: Protection, rates: ClassRates): ChannelSpec {
  const base = ratesOfPlacement(p, rates);
  return { ...base, protect: PROTECT[protect] };
}

/** The training run that measures the accuracy of a configuration. */
export function trainRequestFor(c: ExplorerConfig, overrides: Partial<TrainRequest> = {}): TrainRequest {
  const rates = ratesFor(c);
  return {
    ...DEFAULT_TRAIN_REQUEST,
    dataset: c.training.dataset,
    model: c.training.model,
    optimizer: c.training.optimizer,
    learningRate: defaultLearningRate(c.training.optimizer),
    epochs: c.training.epochs,
    format: c.training.format,
    seed: c.seed,
    classes: {
      activations: channel(c.placement.activations, c.protect.activations, rates),
      weights: channel(c.placement.weights, c.protect.weights, rates),
      errors: channel(c.placement.errors, c.protect.errors, rates),
      weightGradients: channel(c.placement.weightGradients, c.protect.weightGradients ?? 'none', rates),
      optimizer: channel(c.placement.optimizer ?? 'sram', c.protect.optimizer ?? 'none', rates),
    },
    ...overrides,
  };
}
