/**
 * `train study`: the reference study's claim checked (src/training/claim.ts). For each model and
 * dataset, each class and the best heterogeneous placement: the lowest-write-energy (voltage, pulse)
 * whose seed-mean accuracy stays within --tolerance percentage points of the clean mean, and the write
 * energy saving against the nominal write. CSV (default) or JSON; the seed spread as [min, max].
 */
import type { CliIO } from '../command.ts';
import { FieldError } from '../../models/errors.ts';
import { formatHelp, parseArgs, type FlagSpecs } from '../flags.ts';
import { parseList } from './device.ts';
import { ACCESS_WIDTH_FLAG, CONFIG_FLAGS, fieldFlag, resolveConfig, schemaField } from '../schema-flags.ts';
import { deviceParamsFor } from '../../evaluate/adapter.ts';

const EPOCHS = schemaField('training.epochs') as { min: number; max: number };

/**
 * Flags: the study's lists and limits are its own (a study spec, as `sweep --config`); the configuration
 * values (nominal write, optimiser) derive from the schema, and --url/--config give the device.
 */
export const SPECS: FlagSpecs = {
  ...CONFIG_FLAGS,
  models: { kind: 'string', help: 'comma list of mlp, cnn, resnet', default: 'mlp,cnn' },
  datasets: { kind: 'string', help: 'comma list of digits, mnist, fashion', default: 'digits,fashion' },
  seeds: { kind: 'int', help: 'seeds per point (1..seeds; the claim asks for >= 3)', default: 3 },
  classes: {
    kind: 'string',
    help: 'classes searched one at a time: comma list of activations, weights, errors, weightGradients, optimizer',
    default: 'activations,weights,errors,weightGradients,optimizer',
  },
  voltages: { kind: 'string', help: 'relaxed write voltages: start:stop:count or a comma list', default: '0.5:0.9:5' },
  pulses: {
    kind: 'string',
    help: 'relaxed write pulse widths: start:stop:count (log-spaced) or a comma list',
    default: '1ns:10ns:5',
  },
  'nominal-voltage': fieldFlag('device.nominalVoltageV', { help: 'nominal write voltage' }),
  'nominal-pulse': fieldFlag('device.nominalPulseWidthS', { help: 'nominal write pulse width' }),
  'access-width': ACCESS_WIDTH_FLAG,
  tolerance: { kind: 'number', help: 'accuracy tolerance, percentage points below the clean mean', default: 1 },
  // A study parameter (the epochs of each of its many runs, 2 for a quick study); the range is the schema's.
  epochs: { kind: 'int', help: 'epochs per run', default: 2, min: EPOCHS.min, max: EPOCHS.max },
  optimizer: fieldFlag('training.optimizer', { help: 'optimiser' }),
  'max-train': { kind: 'int', help: 'training samples per run (at most)', min: 1, default: 2000 },
  'max-test': { kind: 'int', help: 'test samples per run (at most)', min: 1, default: 500 },
  'max-steps': { kind: 'int', help: 'stop each run after this many steps', min: 1 },
  format: { kind: 'enum', choices: ['csv', 'json'], help: 'output format', default: 'csv' },
  out: { kind: 'string', help: 'output file (stdout when absent)' },
};

const USAGE =
  'train study [--models mlp,cnn] [--datasets digits,fashion] [--seeds 3] [--voltages 0.5:0.9:5] [--pulses 1ns:10ns:5] [--tolerance 1] [--epochs 2] [--max-train 2000] [--format csv|json] [--out file] [--json]';

const list = (v: unknown) =>
  String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export async function runStudy(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(SPECS, argv);
  const { flags, positionals } = parsed;
  if (flags.help) {
    io.out(
      formatHelp(
        'train study',
        'the write-energy saving of relaxed MRAM writes at <= --tolerance pp accuracy loss, per class and heterogeneous',
        USAGE,
        SPECS,
      ),
    );
    return 0;
  }
  if (positionals.length) throw new FieldError('argument', positionals[0], 'no positional arguments after "study"');
  const seeds = flags.seeds as number;
  if (seeds < 1) throw new FieldError('--seeds', seeds, 'an integer >= 1');
  const config = resolveConfig(parsed, SPECS, io).config;
  const t = await import('../../training/index.ts');
  const spec = t.validateClaimSpec({
    models: list(flags.models) as never,
    datasets: list(flags.datasets) as never,
    seeds,
    classes: list(flags.classes) as never,
    voltagesV: parseList('--voltages', String(flags.voltages), 'V', 'lin'),
    pulsesS: parseList('--pulses', String(flags.pulses), 's', 'log'),
    nominalVoltageV: config.device.nominalVoltageV,
    nominalPulseWidthS: config.device.nominalPulseWidthS,
    // The configuration's device through the one adapter (its access transistor included).
    deviceParams: deviceParamsFor(config),
    tolerancePp: flags.tolerance as number,
    base: {
      epochs: flags.epochs as number,
      optimizer: config.training.optimizer,
      maxTrainSamples: flags['max-train'] as number,
      maxTestSamples: flags['max-test'] as number,
      ...(flags['max-steps'] !== undefined ? { maxSteps: flags['max-steps'] as number } : {}),
    },
  });
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  await import('@tensorflow/tfjs-backend-wasm');
  await t.selectBackend(['wasm'], { timeoutMs: 15_000 });
  const { loadDatasetNode } = await import('./train-data.ts');
  const data = new Map<string, ReturnType<typeof loadDatasetNode>>();
  const load = (d: string) => {
    let x = data.get(d);
    if (!x) {
      x = loadDatasetNode(d as never, { maxTrain: flags['max-train'] as number, maxTest: flags['max-test'] as number });
      data.set(d, x);
    }
    return x;
  };
  // fail on a missing dataset before any training
  for (const d of spec.datasets) load(d);
  const quiet = flags.json === true || flags.out === undefined;
  const res = await t.claimStudy(spec, load, {
    onPoint: (p) => {
      if (!quiet)
        io.err(
          `${p.model}/${p.dataset} ${p.target} ${p.voltageV} V ${p.pulseWidthS} s: ${p.state === 'skipped' ? 'skipped (as error-prone as a failed point)' : `${(100 * p.accuracy!.mean).toFixed(2)} % [${(100 * p.accuracy!.min).toFixed(2)}, ${(100 * p.accuracy!.max).toFixed(2)}]${p.withinTolerance ? ' within tolerance' : ''}`}`,
        );
    },
  });
  const text =
    flags.format === 'json'
      ? JSON.stringify({ rows: res.rows, points: res.points }, null, 2) + '\n'
      : t.claimCsv(res.rows);
  if (flags.out !== undefined) io.writeFile('--out', String(flags.out), text);
  if (flags.json) io.out(JSON.stringify({ rows: res.rows, points: res.points, spec: res.spec }));
  else if (flags.out === undefined) io.out(text.replace(/\n$/, ''));
  return 0;
}
