/**
 * `sweep --config sweep.json --out results.csv [--shard i/n]`: the explorer's sweep, headless in Node.
 * Points are enumerated deterministically (placement, voltage, pulse); shard i of n takes a contiguous
 * block, and only shard 0 writes the CSV header, so `cat shard-0.csv shard-1.csv ...` equals the
 * unsharded file. With "accuracy": true each point also trains (wasm).
 */
import type { Command } from '../command.ts';
import { formatHelp, parseArgs, type FlagSpecs } from '../flags.ts';
import { FieldError } from '../../models/errors.ts';
import { enumeratePoints, parseShard, parseSweepSpec, shardRange } from '../../schema/sweep.ts';
import {
  csvHeader,
  csvRow,
  evaluatePointAnalytic,
  jsonRow,
  markParetoFront,
  type SweepOutputs,
  type SweepRow,
  trainOutputs,
} from '../../evaluate/sweep-points.ts';
import { FIELDS, getPath, parseConfigObject, setPath, type ExplorerConfig } from '../../schema/schema.ts';
import { decodeConfig } from '../../schema/url.ts';
import { queryOf } from '../schema-flags.ts';
import { stringifyFinite } from '../json.ts';
import { parseJsonBounded } from '../../schema/safe-json.ts';
import { estimateTrainSeconds, longWorkWarning } from '../../schema/limits.ts';

export const FLAGS: FlagSpecs = {
  config: {
    kind: 'string',
    help: 'sweep JSON: {"base": {...config}, "voltageV": [...], "pulseWidthS": [...], "placements": [...], "accuracy": bool}',
  },
  url: {
    kind: 'string',
    help: 'an explorer link or its query: the sweep\'s base configuration (the spec\'s "base" fields override it)',
  },
  out: { kind: 'string', help: 'output file (CSV, or JSON with --format json); stdout when absent' },
  shard: { kind: 'string', help: 'run shard i of n (0-based), e.g. 0/4', default: '0/1' },
  format: { kind: 'enum', choices: ['csv', 'json'], help: 'output format', default: 'csv' },
  header: {
    kind: 'enum',
    choices: ['auto', 'always', 'never'],
    help: 'CSV header: auto = only shard 0 (so shards concatenate)',
    default: 'auto',
  },
};

const USAGE =
  'npm run cli -- sweep --config sweep.json [--url <link>] [--out results.csv] [--shard i/n] [--format csv|json] [--json]';

/** The link's configuration with the sweep spec's own "base" fields laid over it. */
function baseOverLink(link: string, json: unknown): ExplorerConfig {
  const d = decodeConfig(queryOf(link));
  const bad = d.issues[0];
  if (bad) throw new FieldError(`--url ${bad.field}`, bad.value, bad.accepted);
  const base = (json as { base?: unknown }).base;
  let c = d.config;
  const own = parseConfigObject({ v: 2, ...((base as object | undefined) ?? {}) }).config;
  for (const f of FIELDS) if (getPath(base, f.path) !== undefined) c = setPath(c, f.path, getPath(own, f.path));
  return c;
}

/** Trains points in Node (lazy: tfjs is loaded only when the sweep asks for accuracy). */
async function nodeTrainer(): Promise<(c: ExplorerConfig) => Promise<Partial<SweepOutputs>>> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  await import('@tensorflow/tfjs-backend-wasm');
  const t = await import('../../training/index.ts');
  const { trainRequestFor } = await import('../../training/from-config.ts');
  const { loadDatasetNode } = await import('./train-data.ts');
  const data = new Map<string, ReturnType<typeof loadDatasetNode>>();
  let current = '';
  return async (c) => {
    const req = t.validateTrainRequest(trainRequestFor(c));
    const backend = 'wasm'; // every model trains on wasm (convolutions by im2col)
    if (backend !== current) {
      await t.selectBackend([backend], { timeoutMs: 15_000 });
      current = backend;
    }
    let d = data.get(req.dataset);
    if (!d) {
      d = loadDatasetNode(req.dataset);
      data.set(req.dataset, d);
    }
    const r = await t.train(req, d, { progressEvery: 1_000_000, fallbackBackends: ['cpu'] });
    return trainOutputs(r);
  };
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'run a voltage x pulse x placement sweep headless (energy, and accuracy by training), sharded',
  async run(argv, io) {
    const { flags } = parseArgs(FLAGS, argv);
    if (flags.help) {
      io.out(formatHelp('sweep', this.summary, USAGE, FLAGS));
      return 0;
    }
    if (flags.config === undefined) throw new FieldError('--config', '', 'a sweep JSON file (see --help)', 'missing');
    const file = String(flags.config);
    const json = parseJsonBounded(io.readFile('--config', file), `--config ${file}`);
    let spec = parseSweepSpec(json, file);
    if (typeof flags.url === 'string') spec = { ...spec, base: baseOverLink(String(flags.url), json) };
    const shard = parseShard(String(flags.shard));
    const points = enumeratePoints(spec);
    const [lo, hi] = shardRange(points.length, shard);
    // The output path is checked before any point runs (an unwritable path fails now, not after hours).
    if (flags.out !== undefined) io.writeFile('--out', String(flags.out), '');
    if (spec.accuracy) {
      const perPoint = estimateTrainSeconds(
        spec.base.training.model,
        spec.base.training.epochs * (spec.base.training.dataset === 'digits' ? 3823 : 60000),
      );
      const warning = longWorkWarning(`this sweep (${hi - lo} training runs)`, perPoint * (hi - lo));
      if (warning) io.err(warning);
    }
    const train = spec.accuracy ? await nodeTrainer() : undefined;
    const rows: SweepRow[] = [];
    for (let i = lo; i < hi; i++) {
      const config = points[i]!;
      let out = evaluatePointAnalytic(config);
      if (train) {
        try {
          out = { ...out, ...(await train(config)) };
        } catch (e) {
          out = { ...out, trainStatus: `failed: ${(e as Error).message}` };
        }
      }
      rows.push({ index: i, config, out });
      if (!flags.json && flags.out !== undefined)
        io.err(`point ${i + 1 - lo}/${hi - lo} (#${i}) ${out.ok ? 'ok' : 'infeasible: ' + out.reason}`);
    }
    if (spec.accuracy) markParetoFront(rows); // the front of the rows of this output (this shard)
    const header = flags.header === 'always' || (flags.header === 'auto' && shard.index === 0);
    const text =
      flags.format === 'json'
        ? stringifyFinite(rows.map(jsonRow), 2) + '\n'
        : (header ? csvHeader() + '\n' : '') + rows.map((r) => csvRow(r) + '\n').join('');
    if (flags.out !== undefined) io.writeFile('--out', String(flags.out), text);
    if (flags.json) {
      io.out(
        stringifyFinite({
          points: points.length,
          shard: { index: shard.index, count: shard.count, first: lo, end: hi },
          rows: hi - lo,
          infeasible: rows.filter((r) => !r.out.ok).length,
          out: flags.out ?? null,
          ...(flags.out === undefined ? { results: rows.map(jsonRow) } : {}),
        }),
      );
    } else if (flags.out === undefined) io.out(text.replace(/\n$/, ''));
    return 0;
  },
};
