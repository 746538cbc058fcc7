/**
 * `train`: one training run with STT-MRAM write errors injected per tensor class (Node: wasm by
 * default; convolutions train there by im2col). tfjs is imported lazily so other commands stay fast.
 */
import type { Command } from '../command.ts';
import { FieldError } from '../../models/errors.ts';
import { formatHelp, parseArgs, type FlagSpecs } from '../flags.ts';
import { ACCESS_WIDTH_FLAG, CONFIG_FLAGS, fieldFlag, resolveConfig } from '../schema-flags.ts';
import { stringifyFinite } from '../json.ts';
import { TRAIN_MAX_SAMPLE_PASSES, estimateTrainSeconds, longWorkWarning } from '../../schema/limits.ts';

/** Flags: configuration values from the schema (src/cli/schema-flags.ts); rates, lists and limits are the CLI's own. */
export const SPECS: FlagSpecs = {
  ...CONFIG_FLAGS,
  dataset: fieldFlag('training.dataset', { help: 'dataset' }),
  model: fieldFlag('training.model', { help: 'model (resnet: 8 layers with batch norm)' }),
  optimizer: fieldFlag('training.optimizer', { help: 'optimiser' }),
  epochs: fieldFlag('training.epochs', {
    help: `passes over the training set; epochs x training samples <= ${TRAIN_MAX_SAMPLE_PASSES}`,
  }),
  'batch-size': { kind: 'int', help: 'batch size', min: 1, max: 4096, default: 32 },
  lr: {
    kind: 'number',
    help: 'learning rate (default 0.01 for adam, 0.1 for sgd)',
    min: 0,
    max: 10,
    minExclusive: true,
  },
  seed: fieldFlag('seed', { help: 'seed of initialisation, shuffling and the error channel' }),
  'ber-activations': { kind: 'number', help: 'write error rate of activations (both directions), in [0, 1]' },
  'ber-weights': { kind: 'number', help: 'write error rate of weights (both directions), in [0, 1]' },
  'ber-errors': { kind: 'number', help: 'write error rate of back-propagated errors (both directions), in [0, 1]' },
  'ber-gradients': { kind: 'number', help: 'write error rate of weight gradients (both directions), in [0, 1]' },
  'ber-optimizer': {
    kind: 'number',
    help: "write error rate of optimiser state, Adam's moments (both directions), in [0, 1]",
  },
  voltage: fieldFlag('device.voltageV', {
    help: 'relaxed write voltage: rates from the device layer (P->AP for 0->1, AP->P for 1->0)',
  }),
  pulse: fieldFlag('device.pulseWidthS', { help: 'relaxed write pulse width (with --voltage)' }),
  'access-width': ACCESS_WIDTH_FLAG,
  mram: {
    kind: 'string',
    help: 'classes stored in relaxed MRAM when --voltage/--pulse are given (comma list of activations,weights,errors,gradients,optimizer)',
    default: 'activations,weights,errors',
  },
  sot: {
    kind: 'string',
    help: 'classes stored in SOT-MRAM at its own write point (placement `sot`; comma list as --mram); rates from src/models/tech/sot-mram',
  },
  protect: { kind: 'string', help: 'bit fields kept in reliable memory: comma list of sign,exponent,mantissa-high' },
  format: fieldFlag('training.format', { help: 'stored number format' }),
  rbw: { kind: 'boolean', help: 'read-before-write (default true; --rbw=false drives every bit: energy only)' },
  'max-train': { kind: 'int', help: 'use at most this many training samples', min: 1 },
  'max-test': { kind: 'int', help: 'use at most this many test samples', min: 1 },
  'max-steps': { kind: 'int', help: 'stop after this many steps', min: 1 },
  backend: fieldFlag('training.backend', {
    help: 'tfjs backend (auto: wasm; convolutions train there by im2col; Node has cpu and wasm only)',
  }),
};

const USAGE =
  'train --dataset digits|mnist|fashion --model mlp|cnn|resnet --epochs N --seed S --ber-activations p --ber-weights p --ber-errors p --ber-gradients p --ber-optimizer p [--voltage 0.8V --pulse 5ns] [--sot weights,...] [--protect sign,exponent] [--format fp32|bf16] [--json]\n       train study --help   (the write-energy saving at <= 1 pp accuracy loss, per class)';

/** Class names as the --mram list spells them (gradients = weightGradients). */
const MRAM_NAMES: Record<string, 'activations' | 'weights' | 'errors' | 'weightGradients' | 'optimizer'> = {
  activations: 'activations',
  weights: 'weights',
  errors: 'errors',
  gradients: 'weightGradients',
  weightGradients: 'weightGradients',
  optimizer: 'optimizer',
};

function rateFlag(field: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = v as number;
  if (!(n >= 0 && n <= 1)) throw new FieldError(field, n, '[0, 1]');
  return n;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a small network with STT-MRAM write errors per tensor class (accuracy layer)',
  async run(argv, io) {
    if (argv[0] === 'study') {
      const { runStudy } = await import('./train-study.ts');
      return runStudy(argv.slice(1), io);
    }
    const { flags, given, positionals } = parseArgs(SPECS, argv);
    if (positionals.length)
      throw new FieldError(
        'subcommand',
        positionals[0],
        'study (or none): no positional arguments otherwise',
        'unknown subcommand of train',
      );
    if (flags.help) {
      io.out(formatHelp('train', this.summary, USAGE, SPECS));
      return 0;
    }
    const resolved = resolveConfig({ flags, given, positionals }, SPECS, io);
    const config = resolved.config;
    const epochs = config.training.epochs;
    if (epochs <= 0) throw new FieldError('--epochs', epochs, 'an integer >= 1');
    const ber = {
      activations: rateFlag('--ber-activations', flags['ber-activations']),
      weights: rateFlag('--ber-weights', flags['ber-weights']),
      errors: rateFlag('--ber-errors', flags['ber-errors']),
      weightGradients: rateFlag('--ber-gradients', flags['ber-gradients']),
      optimizer: rateFlag('--ber-optimizer', flags['ber-optimizer']),
    };
    const protect =
      flags.protect === undefined
        ? []
        : String(flags.protect)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    for (const p of protect) {
      if (!['sign', 'exponent', 'mantissa-high'].includes(p))
        throw new FieldError('--protect', p, 'a comma list of sign, exponent, mantissa-high');
    }
    if (given.has('voltage') !== given.has('pulse'))
      throw new FieldError(
        given.has('voltage') ? '--pulse' : '--voltage',
        '(missing)',
        `given together with ${given.has('voltage') ? '--voltage' : '--pulse'}`,
      );
    const classList = (flag: string, v: unknown) =>
      String(v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((c) => {
          const cls = Object.hasOwn(MRAM_NAMES, c) ? MRAM_NAMES[c] : undefined;
          if (!cls) throw new FieldError(flag, c, 'a comma list of activations, weights, errors, gradients, optimizer');
          return cls;
        });
    const mram = classList('--mram', flags.mram);
    const sotClasses = classList('--sot', flags.sot);

    const t = await import('../../training/index.ts');
    const tf = await import('@tensorflow/tfjs');
    tf.env().set('PROD', true); // silences the "install tfjs-node" banner (never add tfjs-node)
    await import('@tensorflow/tfjs-backend-wasm');
    const { loadDatasetNode } = await import('./train-data.ts');

    let device: { rate01: number; rate10: number; voltageV: number; pulseWidthS: number } | undefined;
    if (given.has('voltage')) {
      // The relaxed write of the configuration through the one adapter (its device and access transistor).
      const { ratesFor } = await import('../../training/from-config.ts');
      const r = ratesFor(config).relaxed;
      device = {
        rate01: r.rate01,
        rate10: r.rate10,
        voltageV: config.device.voltageV,
        pulseWidthS: config.device.pulseWidthS,
      };
    }
    const sot = sotClasses.length ? t.ratesFromTechnology('sot-mram') : undefined;
    // A link or configuration file: its placements, write points and protection (trainRequestFor); else none.
    const fromConfig = resolved.fromDocument
      ? (await import('../../training/from-config.ts')).trainRequestFor(config).classes
      : undefined;
    const spec = (cls: 'activations' | 'weights' | 'errors' | 'weightGradients' | 'optimizer') => {
      const base = fromConfig?.[cls];
      const prot = given.has('protect') || !base ? protect : base.protect;
      const direct = ber[cls];
      if (direct !== undefined) return { rate01: direct, rate10: direct, protect: prot };
      if (sot && sotClasses.includes(cls)) return { rate01: sot.rate01, rate10: sot.rate10, protect: prot };
      if (device && mram.includes(cls)) return { rate01: device.rate01, rate10: device.rate10, protect: prot };
      if (base) return { rate01: base.rate01, rate10: base.rate10, protect: prot };
      return { rate01: 0, rate10: 0, protect: prot };
    };
    const reqIn: Record<string, unknown> = {
      dataset: config.training.dataset,
      model: config.training.model,
      optimizer: config.training.optimizer,
      epochs,
      batchSize: flags['batch-size'],
      seed: config.seed,
      format: config.training.format,
      readBeforeWrite: given.has('rbw') ? flags.rbw : true,
      classes: {
        activations: spec('activations'),
        weights: spec('weights'),
        errors: spec('errors'),
        weightGradients: spec('weightGradients'),
        optimizer: spec('optimizer'),
      },
    };
    if (flags.lr !== undefined) reqIn.learningRate = flags.lr;
    if (flags['max-train'] !== undefined) reqIn.maxTrainSamples = flags['max-train'];
    if (flags['max-test'] !== undefined) reqIn.maxTestSamples = flags['max-test'];
    if (flags['max-steps'] !== undefined) reqIn.maxSteps = flags['max-steps'];
    const req = t.validateTrainRequest(reqIn);

    const backendChoice = config.training.backend;
    if (backendChoice !== 'auto' && backendChoice !== 'cpu' && backendChoice !== 'wasm')
      throw new FieldError(
        given.has('backend') ? '--backend' : 'training.backend',
        backendChoice,
        'auto, cpu or wasm (the backends of Node)',
      );
    const backend = backendChoice === 'auto' ? 'wasm' : backendChoice;
    const choice = await t.selectBackend([backend], { timeoutMs: 15_000 });
    const data = loadDatasetNode(req.dataset, {
      ...(req.maxTrainSamples !== undefined ? { maxTrain: req.maxTrainSamples } : {}),
      ...(req.maxTestSamples !== undefined ? { maxTest: req.maxTestSamples } : {}),
    });
    // Bounded work: epochs x training samples, checked before training starts; long runs are announced.
    const samples = data.trainY.length;
    const passes = req.epochs * samples;
    if (passes > TRAIN_MAX_SAMPLE_PASSES && req.maxSteps === undefined)
      throw new FieldError(
        '--epochs',
        req.epochs,
        `epochs x training samples <= ${TRAIN_MAX_SAMPLE_PASSES} (here ${req.epochs} x ${samples} = ${passes})`,
        'use fewer epochs, --max-train or --max-steps',
      );
    const budget = req.maxSteps !== undefined ? Math.min(passes, req.maxSteps * req.batchSize) : passes;
    const warning = longWorkWarning('this training run', estimateTrainSeconds(req.model, budget));
    if (warning) io.err(warning);
    const json = flags.json === true;
    // Before the run: its duration on this backend, from a warm-up of a few real steps.
    const est = await t.estimateRun(req, data, { fallbackBackends: ['cpu'] });
    if (est.estimatedSeconds >= t.LONG_RUN_S)
      io.err(
        `warning: this run is estimated at ${Math.round(est.estimatedSeconds)} s on ${est.backend} (${est.totalSteps} steps at ${est.stepMs.toFixed(1)} ms, from a warm-up); use --max-steps, --max-train or fewer --epochs for a shorter one`,
      );
    else if (!json)
      io.out(`estimated ${est.estimatedSeconds.toFixed(1)} s on ${est.backend} (${est.totalSteps} steps)`);
    const r = await t.train(req, data, {
      progressEvery: 1_000_000,
      fallbackBackends: ['cpu'],
      onProgress: (p) => {
        if (!json && p.testAccuracy !== undefined) {
          io.out(
            `epoch ${p.epoch}  step ${p.step}  loss ${p.loss.toFixed(4)}  test ${(p.testAccuracy * 100).toFixed(2)}%  ${p.stepsPerSecond.toFixed(1)} steps/s`,
          );
        }
      },
    });
    const out = {
      status: r.status,
      ...(r.divergedAtStep !== undefined ? { divergedAtStep: r.divergedAtStep } : {}),
      testAccuracy: r.testAccuracy,
      finalLoss: r.finalLoss,
      corruptedBits: r.corruptedBits,
      bitStats: r.bitStats,
      backend: r.backend,
      estimatedSeconds: est.estimatedSeconds,
      ...(r.backendFallbackFrom ? { backendFallbackFrom: r.backendFallbackFrom } : {}),
      channelImpl: r.channelImpl,
      stepsPerSecond: r.stepsPerSecond,
      steps: r.steps,
      epochsCompleted: r.epochsCompleted,
      trainMs: r.trainMs,
      channelMs: r.channelMs,
      warmupMs: choice.warmupMs,
      paramCount: r.paramCount,
      trainSamples: r.trainSamples,
      testSamples: r.testSamples,
      datasetSource: r.datasetSource,
      ...(device ? { device } : {}),
      request: r.request,
      history: r.history,
    };
    if (json) io.out(stringifyFinite(out, 2, r.status === 'diverged' ? (k) => /loss/i.test(k) : undefined));
    else {
      io.out(
        r.status === 'diverged'
          ? `diverged at step ${r.divergedAtStep} (non-finite loss); test accuracy of the model as it ends (a NaN model scores chance) ${(r.testAccuracy * 100).toFixed(2)}%`
          : `${r.status}: test accuracy ${(r.testAccuracy * 100).toFixed(2)}% after ${r.steps} steps`,
      );
      io.out(
        `corrupted bits: activations ${r.corruptedBits.activations}, weights ${r.corruptedBits.weights}, errors ${r.corruptedBits.errors}, weight gradients ${r.corruptedBits.weightGradients}, optimiser state ${r.corruptedBits.optimizer}`,
      );
      io.out(
        `backend ${r.backend} (${r.channelImpl}), ${r.stepsPerSecond.toFixed(1)} steps/s (estimated ${est.estimatedSeconds.toFixed(1)} s, took ${(r.trainMs / 1000).toFixed(1)} s training)`,
      );
      if (device)
        io.out(
          `device rates at ${device.voltageV} V, ${device.pulseWidthS} s: 0->1 ${device.rate01.toExponential(3)}, 1->0 ${device.rate10.toExponential(3)}`,
        );
    }
    return 0;
  },
};
