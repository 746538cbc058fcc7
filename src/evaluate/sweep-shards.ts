/**
 * Shard files of one sweep: reading a sweep output (CSV or JSON) back, resuming a partial shard, and
 * merging shards into the unsharded result. Every row carries its sweep's spec hash, the sweep's point
 * count and the shard that wrote it (META_COLUMNS), so a merge can prove the files belong to one sweep
 * and together hold every point exactly once. Pure: the CLI reads and writes the files.
 *
 * Bad input is a FieldError naming the file, the row (CSV line, or JSON element) and what is wrong.
 */
import { FieldError, formatValue } from '../models/errors.ts';
import { parseShard, shardRange } from '../schema/sweep.ts';
import {
  csvCell,
  csvColumns,
  csvHeader,
  markParetoFront,
  type SweepOutputs,
  type SweepRowMeta,
} from './sweep-points.ts';

export interface CsvRecord {
  cells: string[];
  /** 1-based line the record starts on. */
  line: number;
}

/**
 * RFC 4180 records as csvRow writes them (quoted cells may hold commas, quotes and line breaks). A last
 * record without its closing newline is `torn` (a shard killed mid-write), not a record. Blank lines are
 * skipped.
 */
export function parseCsv(text: string): { records: CsvRecord[]; torn: { line: number; text: string } | null } {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let cellStarted = false;
  let quoted = false;
  let line = 1;
  let start = 1;
  let startPos = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      cellStarted = false;
    } else if (c === '\n') {
      if (cells.length > 0 || cellStarted || cell !== '') {
        cells.push(cell);
        records.push({ cells, line: start });
      }
      cells = [];
      cell = '';
      cellStarted = false;
      line++;
      start = line;
      startPos = i + 1;
    } else if (!(c === '\r' && text[i + 1] === '\n')) {
      cell += c;
      cellStarted = true;
    }
  }
  const rest = text.slice(startPos);
  return { records, torn: rest.trim() === '' ? null : { line: start, text: rest } };
}

/** Indices as compact ranges: "0-3, 7, 9-11" (at most `max` ranges, then how many more). */
export function compactRanges(sorted: readonly number[], max = 20): string {
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.length > max
    ? `${ranges.slice(0, max).join(', ')}, … (${ranges.length - max} more ranges)`
    : ranges.join(', ');
}

/** One row of a shard file with where it is and which sweep and shard it says it belongs to. */
export interface ShardRow {
  file: string;
  /** "file:line" for CSV, "file[k]" for JSON. */
  at: string;
  index: number;
  meta: SweepRowMeta;
  shard: { index: number; count: number };
  /** The CSV cells (CSV files) or the row object (JSON files). */
  data: string[] | Record<string, unknown>;
}

export interface ShardFile {
  file: string;
  format: 'csv' | 'json';
  rows: ShardRow[];
  /** A CSV file's cut-short last line (a shard still running, or killed mid-write). */
  torn: { line: number; text: string } | null;
}

const COLUMNS = csvColumns();
const col = (name: string): number => COLUMNS.indexOf(name);

/** Check a row's index and meta cells (CSV text or JSON values) and return them typed. */
function checkRow(at: string, index: unknown, hash: unknown, points: unknown, shard: unknown) {
  const idx = typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : index;
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0)
    throw new FieldError(`${at}: index`, index, 'a point index, an integer >= 0');
  if (typeof hash !== 'string' || !/^[0-9a-f]{16}$/.test(hash))
    throw new FieldError(
      `${at}: specHash`,
      hash,
      'a sweep spec hash (16 hex digits)',
      hash === '' || hash === null ? 'a row without its sweep (an export that carries no spec hash)' : undefined,
    );
  const n = typeof points === 'string' && /^\d+$/.test(points) ? Number(points) : points;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    throw new FieldError(`${at}: sweepPoints`, points, 'the sweep point count, an integer >= 1');
  if (typeof shard !== 'string') throw new FieldError(`${at}: shard`, shard, 'i/n with 0 <= i < n, e.g. 0/4');
  const s = parseShard(shard, `${at}: shard`);
  const [lo, hi] = shardRange(n, s);
  if (idx < lo || idx >= hi)
    throw new FieldError(
      `${at}: index`,
      idx,
      hi > lo ? `${lo}-${hi - 1}, the points of shard ${shard} of ${n}` : `none: shard ${shard} of ${n} has no points`,
    );
  return { index: idx, meta: { specHash: hash, sweepPoints: n, shard }, shard: s };
}

function checkHeader(file: string, r: CsvRecord): void {
  if (r.cells.join(',') === csvHeader() && r.cells.length === COLUMNS.length) return;
  const k = COLUMNS.findIndex((c, i) => r.cells[i] !== c);
  const detail = !r.cells.includes('specHash')
    ? 'no specHash column: written before sweep rows carried their sweep (rerun that shard), or not a sweep CSV'
    : k >= 0
      ? `column ${k + 1} is ${formatValue(r.cells[k] ?? '(none)')}, expected ${formatValue(COLUMNS[k])}`
      : `${r.cells.length} columns, expected ${COLUMNS.length}`;
  throw new FieldError(`${file}:${r.line}`, r.cells.slice(0, 3).join(',') + ',…', 'the sweep CSV header', detail);
}

/** Read a sweep CSV (a header line is optional and may repeat, as `cat` of shards gives). */
export function readCsvShard(file: string, text: string): ShardFile {
  const { records, torn } = parseCsv(text);
  const rows: ShardRow[] = [];
  for (const r of records) {
    if (r.cells[0] === 'index') {
      checkHeader(file, r);
      continue;
    }
    const at = `${file}:${r.line}`;
    if (r.cells.length !== COLUMNS.length)
      throw new FieldError(
        at,
        r.cells.slice(0, 3).join(',') + ',…',
        `a sweep CSV row of ${COLUMNS.length} cells`,
        `${r.cells.length} cells: not a sweep CSV of this version`,
      );
    const c = r.cells;
    const checked = checkRow(at, c[0], c[col('specHash')], c[col('sweepPoints')], c[col('shard')]);
    rows.push({ file, at, ...checked, data: c });
  }
  return { file, format: 'csv', rows, torn };
}

/** Read a sweep JSON output (an array of rows as jsonRow writes them). */
export function readJsonShard(file: string, text: string): ShardFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new FieldError(file, text.slice(0, 40), 'a sweep JSON output (an array of rows)', (e as Error).message);
  }
  if (!Array.isArray(doc)) throw new FieldError(file, doc, 'a sweep JSON output (an array of rows)');
  const rows = doc.map((o, k): ShardRow => {
    const at = `${file}[${k}]`;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new FieldError(at, o, 'a sweep row object');
    const obj = o as Record<string, unknown>;
    const missing = COLUMNS.find((c) => !(c in obj));
    const extra = Object.keys(obj).find((c) => !COLUMNS.includes(c));
    if (missing !== undefined || extra !== undefined)
      throw new FieldError(
        at,
        missing ?? extra,
        'a sweep row with the keys of this version',
        missing === 'specHash'
          ? 'no specHash key: written before sweep rows carried their sweep (rerun that shard)'
          : missing !== undefined
            ? `key ${missing} is missing`
            : `key ${extra} is unknown`,
      );
    const checked = checkRow(at, obj.index, obj.specHash, obj.sweepPoints, obj.shard);
    return { file, at, ...checked, data: obj };
  });
  return { file, format: 'json', rows, torn: null };
}

/** Read a shard file of either format (JSON when it starts with "["). */
export function readShardFile(file: string, text: string): ShardFile {
  return /^\s*\[/.test(text) ? readJsonShard(file, text) : readCsvShard(file, text);
}

/** The outputs the Pareto front needs, read back from a row's cells or keys. */
function frontOutputs(
  r: ShardRow,
): Pick<SweepOutputs, 'ok' | 'energyPerStepJ' | 'testAccuracy' | 'trainStatus' | 'onParetoFront'> {
  const get = (k: string): unknown => (Array.isArray(r.data) ? r.data[col(k)] : r.data[k]);
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN);
  const acc = get('testAccuracy');
  const status = get('trainStatus');
  return {
    ok: get('ok') === true || get('ok') === 'true',
    energyPerStepJ: num(get('energyPerStepJ')),
    ...(acc === null || acc === '' || acc === undefined ? {} : { testAccuracy: num(acc) }),
    ...(typeof status === 'string' && status !== '' ? { trainStatus: status } : {}),
  };
}

/**
 * Recompute `onParetoFront` over these rows (in place) when the sweep trained (some row has a
 * trainStatus); an energy-only sweep's rows keep their empty flag, as the sweep writes them.
 * Returns how many rows are on the front.
 */
export function remarkParetoFront(rows: ShardRow[]): number {
  const outs = rows.map((r) => ({ index: r.index, out: frontOutputs(r) }));
  if (!outs.some((o) => o.out.trainStatus !== undefined)) return 0;
  markParetoFront(outs);
  outs.forEach((o, k) => {
    const r = rows[k]!;
    if (Array.isArray(r.data)) r.data[col('onParetoFront')] = String(o.out.onParetoFront);
    else r.data.onParetoFront = o.out.onParetoFront;
  });
  return outs.filter((o) => o.out.onParetoFront).length;
}

/** A CSV row from its cells (the same quoting as csvRow, so a row read back is written byte for byte). */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

export interface MergeResult {
  format: 'csv' | 'json';
  /** The merged output: every point in index order (CSV with its header, or a JSON array). */
  text: string;
  specHash: string;
  points: number;
  files: number;
  infeasible: number;
  /** Rows on the energy/accuracy front of the merged set (0 for an energy-only sweep). */
  onParetoFront: number;
  /** Whether the sweep trained (the front was recomputed over the merged rows). */
  trained: boolean;
}

/**
 * Merge the shard files of one sweep. Errors (FieldError): a file of another format or version (header
 * or keys), a cut-short last row, a row of another sweep (spec hash or point count), a point in two files
 * (overlapping shards, or a file given twice: both places named), and missing points (listed compactly,
 * by shard when the files are shards i/n of one n). The front is recomputed over the merged rows.
 */
export function mergeShards(inputs: readonly { file: string; text: string }[]): MergeResult {
  if (inputs.length === 0) throw new FieldError('sweep merge', '', 'one or more shard files', 'no files given');
  const seenFiles = new Set<string>();
  for (const { file } of inputs) {
    if (seenFiles.has(file))
      throw new FieldError('sweep merge', file, 'each shard file once', 'the same file is given twice');
    seenFiles.add(file);
  }
  const files = inputs.map(({ file, text }) => readShardFile(file, text));
  const format = files[0]!.format;
  for (const f of files) {
    if (f.format !== format)
      throw new FieldError(f.file, f.format, `shard files of one format (${inputs[0]!.file} is ${format})`);
    if (f.torn)
      throw new FieldError(
        `${f.file}:${f.torn.line}`,
        f.torn.text.slice(0, 40),
        'complete rows, each ending in a newline',
        'the last row is cut short: the shard is still running or was killed (finish it with sweep --resume)',
      );
  }
  const ref = files.flatMap((f) => f.rows)[0];
  if (!ref)
    throw new FieldError('sweep merge', inputs.map((i) => i.file).join(' '), 'shard files with rows', 'no rows');
  const byIndex = new Map<number, ShardRow>();
  for (const f of files) {
    for (const r of f.rows) {
      if (r.meta.specHash !== ref.meta.specHash || r.meta.sweepPoints !== ref.meta.sweepPoints)
        throw new FieldError(
          `${r.at}: specHash`,
          r.meta.specHash,
          `${ref.meta.specHash}, the sweep of ${ref.at} (${ref.meta.sweepPoints} points)`,
          `a shard of another sweep (${r.meta.sweepPoints} points): its sweep spec differs; merge the shards of one sweep only`,
        );
      const other = byIndex.get(r.index);
      if (other)
        throw new FieldError(
          `${r.at}: index`,
          r.index,
          'each point in one shard file only',
          `point ${r.index} is also in ${other.at} (shard ${other.meta.shard}; this row: shard ${r.meta.shard}): overlapping shards`,
        );
      byIndex.set(r.index, r);
    }
  }
  const points = ref.meta.sweepPoints;
  const missing: number[] = [];
  for (let i = 0; i < points; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length) throw missingError(missing, points, ref.meta.specHash, [...byIndex.values()]);
  const rows = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const trained = rows.some((r) => frontOutputs(r).trainStatus !== undefined);
  const onFront = remarkParetoFront(rows);
  const text =
    format === 'csv'
      ? csvHeader() + '\n' + rows.map((r) => csvLine(r.data as string[]) + '\n').join('')
      : JSON.stringify(
          rows.map((r) => r.data),
          null,
          2,
        ) + '\n';
  return {
    format,
    text,
    specHash: ref.meta.specHash,
    points,
    files: files.length,
    infeasible: rows.filter((r) => !frontOutputs(r).ok).length,
    onParetoFront: onFront,
    trained,
  };
}

function missingError(missing: number[], points: number, hash: string, rows: ShardRow[]): FieldError {
  const counts = new Set(rows.map((r) => r.shard.count));
  const parts: string[] = [];
  if (counts.size === 1) {
    const n = [...counts][0]!;
    for (let i = 0; i < n; i++) {
      const [lo, hi] = shardRange(points, { index: i, count: n });
      const lacking = missing.filter((m) => m >= lo && m < hi);
      if (!lacking.length) continue;
      const have = [...new Set(rows.filter((r) => r.shard.index === i).map((r) => r.file))];
      parts.push(
        have.length === 0
          ? `shard ${i}/${n} (points ${hi - 1 > lo ? `${lo}-${hi - 1}` : lo}) has no file`
          : `shard ${i}/${n} (${have.join(', ')}) lacks points ${compactRanges(lacking)}: unfinished, rerun it with --resume`,
      );
    }
  }
  return new FieldError(
    'missing points',
    compactRanges(missing),
    `every point 0-${points - 1} of sweep ${hash} in one shard file`,
    `${missing.length} of ${points} points missing` + (parts.length ? `; ${parts.slice(0, 10).join('; ')}` : ''),
  );
}

export interface ResumeState {
  /** The file's complete part (the cut-short last line, if any, dropped). */
  keep: string;
  /** Whether the kept part starts with the header. */
  header: boolean;
  /** The rows already there (points lo .. lo + rows.length - 1, in order). */
  rows: ShardRow[];
  /** The cut-short last line that was dropped, if any. */
  dropped: { line: number; text: string } | null;
}

/**
 * A partial shard output read back for `sweep --resume`: every complete row must be of this sweep and
 * shard (`meta`) and the next point in order from `lo`; the cut-short last line is dropped.
 */
export function resumeCsvShard(file: string, text: string, meta: SweepRowMeta, lo: number): ResumeState {
  const parsed = readCsvShard(file, text);
  parsed.rows.forEach((r, k) => {
    if (r.meta.specHash !== meta.specHash || r.meta.sweepPoints !== meta.sweepPoints)
      throw new FieldError(
        `${r.at}: specHash`,
        r.meta.specHash,
        `${meta.specHash}, the hash of this sweep spec (${meta.sweepPoints} points)`,
        'the file holds rows of another sweep: give another --out, or leave out --resume to overwrite it',
      );
    if (r.meta.shard !== meta.shard)
      throw new FieldError(
        `${r.at}: shard`,
        r.meta.shard,
        `${meta.shard}, the shard being resumed`,
        'the file holds rows of another shard: give that shard’s --out',
      );
    if (r.index !== lo + k)
      throw new FieldError(
        `${r.at}: index`,
        r.index,
        `${lo + k}, the next point of shard ${meta.shard}`,
        'rows missing or out of order: not a file this sweep wrote; leave out --resume to overwrite it',
      );
  });
  const { records } = parseCsv(text);
  const keep = parsed.torn ? text.slice(0, text.length - parsed.torn.text.length) : text;
  return { keep, header: records[0]?.cells[0] === 'index', rows: parsed.rows, dropped: parsed.torn };
}
