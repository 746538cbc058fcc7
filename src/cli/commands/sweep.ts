/**
 * `sweep --config sweep.json --out results.csv [--shard i/n] [--resume]`: the explorer's sweep, headless
 * in Node. Points are enumerated deterministically (placement, voltage, pulse); shard i of n takes a
 * contiguous block, and only shard 0 writes the CSV header, so `cat shard-0.csv shard-1.csv ...` gives
 * every row of the unsharded file once (the `shard` column says which shard wrote it). Every row carries
 * its sweep's spec hash and point count; CSV rows are appended to --out as they finish (at least once a
 * second), so `--resume` continues a shard that was killed. With "accuracy": true each point also trains
 * (wasm).
 *
 * `sweep merge part-*.csv --out merged.csv`: checks the shards are of one sweep and hold every point
 * once, and writes the unsharded result (Pareto front recomputed over all rows). src/evaluate/sweep-shards.ts.
 */
import type { Command, CliIO } from '../command.ts';
import { formatHelp, parseArgs, type FlagSpecs } from '../flags.ts';
import { FieldError } from '../../models/errors.ts';
import { enumeratePoints, parseShard, parseSweepSpec, shardRange, sweepRowMeta } from '../../schema/sweep.ts';
import {
  csvColumns,
  csvHeader,
  csvRow,
  evaluatePointAnalytic,
  jsonRow,
  markParetoFront,
  type SweepOutputs,
  type SweepRow,
  trainOutputs,
} from '../../evaluate/sweep-points.ts';
import {
  csvLine,
  mergeShards,
  parseCsv,
  remarkParetoFront,
  resumeCsvShard,
  type ShardRow,
} from '../../evaluate/sweep-shards.ts';
import {
  FIELDS,
  SCHEMA_VERSION,
  getPath,
  parseConfigObject,
  setPath,
  type ExplorerConfig,
} from '../../schema/schema.ts';
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
  resume: {
    kind: 'boolean',
    help: 'continue a partial --out of this shard (CSV): keep its complete rows (checked: same sweep and shard), drop a cut-short last line, run the rest and append; a missing --out starts afresh. Without it --out is overwritten',
  },
};

const MERGE_FLAGS: FlagSpecs = {
  out: { kind: 'string', help: 'merged output file (CSV or JSON, as the shards); stdout when absent' },
};

const USAGE =
  'npm run cli -- sweep --config sweep.json [--url <link>] [--out results.csv] [--shard i/n] [--resume] [--format csv|json] [--json]\n' +
  '       npm run cli -- sweep merge part-0.csv part-1.csv ... [--out merged.csv] [--json]';
const MERGE_USAGE = 'npm run cli -- sweep merge part-0.csv part-1.csv ... [--out merged.csv] [--json]';
const MERGE_SUMMARY =
  'merge the shard outputs of one sweep: checks every row is of one sweep (spec hash) and every point is there exactly once, writes the rows in order with the Pareto front recomputed';

/** `sweep merge`: verify and merge shard files. */
function runMerge(argv: string[], io: CliIO): number {
  const { flags, positionals } = parseArgs(MERGE_FLAGS, argv);
  if (flags.help) {
    io.out(formatHelp('sweep merge', MERGE_SUMMARY, MERGE_USAGE, MERGE_FLAGS));
    return 0;
  }
  if (positionals.length === 0)
    throw new FieldError(
      'sweep merge',
      '',
      'one or more shard files, e.g. sweep merge part-*.csv --out merged.csv',
      'no files given',
    );
  if (flags.json && flags.out === undefined)
    throw new FieldError('--out', '', 'an output file when --json is given (stdout carries the summary)', 'missing');
  const inputs = positionals.map((file) => ({ file, text: io.readFile('shard file', file) }));
  const m = mergeShards(inputs);
  if (flags.out !== undefined) io.writeFile('--out', String(flags.out), m.text);
  else io.out(m.text.replace(/\n$/, ''));
  const summary = {
    files: m.files,
    points: m.points,
    specHash: m.specHash,
    format: m.format,
    infeasible: m.infeasible,
    trained: m.trained,
    onParetoFront: m.onParetoFront,
    out: flags.out ?? null,
  };
  const line =
    `merged ${m.files} file${m.files === 1 ? '' : 's'}: ${m.points} points of sweep ${m.specHash}, ` +
    `${m.infeasible} infeasible, ` +
    (m.trained ? `${m.onParetoFront} on the Pareto front (recomputed over all points)` : 'no accuracy (energy only)') +
    (flags.out !== undefined ? ` -> ${String(flags.out)}` : '');
  if (flags.json) io.out(stringifyFinite(summary));
  else if (flags.out !== undefined) io.out(line);
  else io.err(line);
  return 0;
}

/** The link's configuration with the sweep spec's own "base" fields laid over it. */
function baseOverLink(link: string, json: unknown): ExplorerConfig {
  const d = decodeConfig(queryOf(link));
  const bad = d.issues[0];
  if (bad) throw new FieldError(`--url ${bad.field}`, bad.value, bad.accepted);
  const base = (json as { base?: unknown }).base;
  let c = d.config;
  const own = parseConfigObject({ v: SCHEMA_VERSION, ...((base as object | undefined) ?? {}) }).config;
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
  summary:
    'run a voltage x pulse x placement sweep headless (energy, and accuracy by training), sharded and resumable; `sweep merge` joins the shards',
  async run(argv, io) {
    if (argv[0] === 'merge') return runMerge(argv.slice(1), io);
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
    const meta = sweepRowMeta(spec, shard);
    const outPath = flags.out === undefined ? undefined : String(flags.out);
    const csvOut = outPath !== undefined && flags.format === 'csv';
    if (flags.resume && outPath === undefined)
      throw new FieldError('--resume', true, 'together with --out (the partial shard file to continue)', 'no --out');
    if (flags.resume && flags.format === 'json')
      throw new FieldError('--resume', true, 'CSV output (--format csv)', 'a JSON array cannot be continued');
    const header = flags.header === 'always' || (flags.header === 'auto' && shard.index === 0);
    // Resume: the rows of this shard already in --out (checked), then the points after them.
    let kept: ShardRow[] = [];
    let initial = csvOut && header ? csvHeader() + '\n' : '';
    let fileHasHeader = header;
    if (flags.resume && outPath !== undefined && (io.exists?.(outPath) ?? false)) {
      const st = resumeCsvShard(outPath, io.readFile('--out', outPath), meta, lo);
      if (st.rows.length > 0 || st.header) {
        kept = st.rows;
        initial = st.keep;
        fileHasHeader = st.header;
      }
      if (!flags.json)
        io.err(
          `resuming ${outPath}: ${kept.length} of ${hi - lo} points of shard ${meta.shard} there` +
            (st.dropped ? `, a cut-short last line (line ${st.dropped.line}) dropped` : ''),
        );
    }
    const start = lo + kept.length;
    // The output path is checked before any point runs (an unwritable path fails now, not after hours).
    if (outPath !== undefined) io.writeFile('--out', outPath, initial);
    if (spec.accuracy) {
      const perPoint = estimateTrainSeconds(
        spec.base.training.model,
        spec.base.training.epochs * (spec.base.training.dataset === 'digits' ? 3823 : 60000),
      );
      const warning = longWorkWarning(`this sweep (${hi - start} training runs)`, perPoint * (hi - start));
      if (warning) io.err(warning);
    }
    // CSV rows go to --out as they finish (at least once a second), so a killed shard can be resumed.
    let pending = '';
    let written = initial;
    let lastFlush = Date.now();
    const flush = () => {
      if (!csvOut || outPath === undefined || pending === '') return;
      if (io.appendFile) io.appendFile('--out', outPath, pending);
      else io.writeFile('--out', outPath, (written += pending));
      pending = '';
      lastFlush = Date.now();
    };
    const train = spec.accuracy && start < hi ? await nodeTrainer() : undefined;
    const rows: SweepRow[] = [];
    for (let i = start; i < hi; i++) {
      const config = points[i]!;
      let out = evaluatePointAnalytic(config);
      if (train) {
        try {
          out = { ...out, ...(await train(config)) };
        } catch (e) {
          out = { ...out, trainStatus: `failed: ${(e as Error).message}` };
        }
      }
      const row = { index: i, config, out };
      rows.push(row);
      if (csvOut) {
        pending += csvRow(row, meta) + '\n';
        if (train || Date.now() - lastFlush >= 1000) flush();
      }
      if (!flags.json && outPath !== undefined)
        io.err(`point ${i + 1 - lo}/${hi - lo} (#${i}) ${out.ok ? 'ok' : 'infeasible: ' + out.reason}`);
    }
    flush();
    if (spec.accuracy) markParetoFront(rows); // the front of the rows of this output (this shard)
    const text =
      flags.format === 'json'
        ? stringifyFinite(
            rows.map((r) => jsonRow(r, meta)),
            2,
          ) + '\n'
        : (header ? csvHeader() + '\n' : '') + rows.map((r) => csvRow(r, meta) + '\n').join('');
    if (outPath !== undefined && !csvOut) io.writeFile('--out', outPath, text);
    if (csvOut && outPath !== undefined && spec.accuracy) {
      // The front over the whole shard (rows kept from a resumed file included): the file is rewritten.
      const all: ShardRow[] = [
        ...kept,
        ...rows.map((r) => ({
          file: outPath,
          at: outPath,
          index: r.index,
          meta,
          shard,
          data: parseCsv(csvRow(r, meta) + '\n').records[0]!.cells,
        })),
      ];
      remarkParetoFront(all);
      const body = all.map((r) => csvLine(r.data as string[]) + '\n').join('');
      io.writeFile('--out', outPath, (fileHasHeader ? csvHeader() + '\n' : '') + body);
    }
    const okCol = csvColumns().indexOf('ok');
    const keptInfeasible = kept.filter((r) => (r.data as string[])[okCol] !== 'true').length;
    if (flags.json) {
      io.out(
        stringifyFinite({
          points: points.length,
          shard: { index: shard.index, count: shard.count, first: lo, end: hi },
          rows: hi - lo,
          resumed: kept.length,
          infeasible: keptInfeasible + rows.filter((r) => !r.out.ok).length,
          out: flags.out ?? null,
          specHash: meta.specHash,
          ...(flags.out === undefined ? { results: rows.map((r) => jsonRow(r, meta)) } : {}),
        }),
      );
    } else if (flags.out === undefined) io.out(text.replace(/\n$/, ''));
    return 0;
  },
};
