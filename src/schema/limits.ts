/**
 * Every bound on work and memory, in one place. Each entry point (URL, CLI flag, file reader, config
 * JSON, UI) enforces these with a FieldError naming the field, so no input can start hours of work or
 * exhaust memory silently. Work estimated above LONG_WORK_WARN_S is allowed but announced before it
 * starts (stderr in the CLI, a notice in the UI) and stays cancellable (Ctrl-C; the Cancel buttons).
 */
import { QUOTE_CHARS } from '../models/errors.ts';

/** Largest file a CLI reader accepts (.cell, .cfg, topology CSV; JSON documents: MAX_JSON_BYTES), bytes. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Largest JSON document (config import, sweep --config, scenes): real ones are a few KB. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** Deepest JSON nesting a config, sweep or scenes file may have (the real ones use 3 levels). */
export const MAX_JSON_DEPTH = 64;
/** Characters of a bad value quoted in an error message (the rest is counted, not echoed). */
export const MAX_QUOTED_CHARS = QUOTE_CHARS;
/** Characters of one URL value the decoder parses (the longest real one, a full hide= list, is ~500). */
export const MAX_URL_VALUE_CHARS = 4096;

/** `device sweep`: values per list and points per voltage x pulse grid. */
export const DEVICE_SWEEP_MAX_LIST = 10_000;
export const DEVICE_SWEEP_MAX_POINTS = 100_000;

/** Sweeps over design points (`sweep --config`, the UI sweep): all points, and points that train. */
export const SWEEP_MAX_POINTS = 10_000;
export const SWEEP_MAX_ACCURACY_POINTS = 500;

/** Monte Carlo: trajectories per direction and worst-case integration steps (trajectories x steps). */
export const MC_MAX_TRAJECTORIES = 10_000_000;
export const MC_MAX_WORST_CASE_STEPS = 2e9;

/** Training: epochs, and epochs x training samples (100 epochs of the 60,000 MNIST images). */
export const TRAIN_MAX_EPOCHS = 1000;
export const TRAIN_MAX_SAMPLE_PASSES = 6_000_000;

/** Work estimated above this many seconds is announced before it starts. */
export const LONG_WORK_WARN_S = 60;

/**
 * Conservative throughputs for the estimates (this project's 2-core CI machine; README benchmarks):
 * the digits MLP trains ~1,000 steps/s of 32 on wasm (~30k samples/s), the LeNet-like CNN ~1,500
 * samples/s on cpu; the 8-layer ResNet ~45-240 samples/s on wasm (1.4-7.4 steps of 32 per second, README
 * accuracy bench); the sLLG engine ~6 M trajectory-steps/s; an accuracy sweep point is one training.
 */
export const RATE = {
  mlpSamplesPerS: 20_000,
  cnnSamplesPerS: 1_000,
  resnetSamplesPerS: 100,
  sllgStepsPerS: 5e6,
} as const;

/** Estimated seconds of a training run of `samplePasses` sample presentations. */
export function estimateTrainSeconds(model: 'mlp' | 'cnn' | 'resnet', samplePasses: number): number {
  const perS = { mlp: RATE.mlpSamplesPerS, cnn: RATE.cnnSamplesPerS, resnet: RATE.resnetSamplesPerS }[model];
  return samplePasses / perS;
}

/** Training images the explorer ships per dataset (scripts/prepare-data.mjs slices MNIST-format sets to 10,000). */
export const BROWSER_TRAIN_SAMPLES: Record<'digits' | 'mnist' | 'fashion', number> = {
  digits: 3823,
  mnist: 10_000,
  fashion: 10_000,
};

/** Estimated seconds of one training run of the explorer's configuration. */
export function estimateConfigTrainSeconds(t: {
  model: 'mlp' | 'cnn' | 'resnet';
  dataset: 'digits' | 'mnist' | 'fashion';
  epochs: number;
}): number {
  return estimateTrainSeconds(t.model, t.epochs * BROWSER_TRAIN_SAMPLES[t.dataset]);
}

/** Estimated seconds of a Monte Carlo run of `steps` trajectory-steps. */
export function estimateMcSeconds(steps: number): number {
  return steps / RATE.sllgStepsPerS;
}

/** The warning printed (CLI) or shown (UI) before work estimated over LONG_WORK_WARN_S starts. */
export function longWorkWarning(what: string, seconds: number): string | undefined {
  if (!(seconds > LONG_WORK_WARN_S)) return undefined;
  const t = seconds < 3600 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
  return `warning: ${what} is estimated to take about ${t}; it can be cancelled (Ctrl-C, or Cancel in the explorer)`;
}
