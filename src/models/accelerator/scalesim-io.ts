/**
 * SCALE-Sim v2 exchange formats (docs/formats.md): topology CSV (convolution format and
 * the M, N, K GEMM format, told apart by their header) and the `.cfg` INI file. Bad input throws
 * FieldError with field `<file>:<line>:<column name>`.
 */
import { FieldError } from '../errors.ts';
import type { ConvLayer, Dataflow, Layer, MatmulLayer, Network } from './types.ts';
import { convOutputSize, layerGemms } from './workload.ts';

const CONV_COLUMNS = [
  'Layer name',
  'IFMAP Height',
  'IFMAP Width',
  'Filter Height',
  'Filter Width',
  'Channels',
  'Num Filter',
  'Strides',
];
const GEMM_COLUMNS = ['Layer', 'M', 'N', 'K'];

function splitRow(line: string): string[] {
  const cells = line.split(',').map((c) => c.trim());
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

function posInt(file: string, line: number, column: string, raw: string | undefined): number {
  if (raw === undefined || raw === '')
    throw new FieldError(`${file}:${line}:${column}`, raw ?? '', 'a positive integer', 'missing value');
  if (!/^\d+$/.test(raw)) throw new FieldError(`${file}:${line}:${column}`, raw, 'a positive integer');
  const v = Number(raw);
  if (v < 1 || v > 1e7)
    throw new FieldError(
      `${file}:${line}:${column}`,
      v,
      '[1, 10000000]',
      v < 1 ? 'zero is not a valid size' : undefined,
    );
  return v;
}

/** Which topology format a header line denotes. */
export function topologyFormat(header: string): 'conv' | 'gemm' | undefined {
  const h = splitRow(header).map((c) => c.toLowerCase());
  if (h.length >= 4 && h[1] === 'm' && h[2] === 'n' && h[3] === 'k') return 'gemm';
  if (h.some((c) => c.startsWith('ifmap'))) return 'conv';
  return undefined;
}

/**
 * Parse a SCALE-Sim topology CSV into a network (batch-independent shapes). Conv rows keep SCALE-Sim's
 * no-padding, ceil output rounding (ceilMode); names containing "DP" are depthwise (SCALE-Sim
 * splits them into one single-channel layer per channel: here one layer with groups = channels).
 * GEMM rows (Layer, M, N, K) become matmul layers with weights as second operand.
 */
export function parseTopologyCsv(text: string, fileName = 'topology.csv'): Network {
  const lines = text.split(/\r\n|\r|\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== '');
  if (headerIdx < 0)
    throw new FieldError(
      `${fileName}:1:header`,
      '',
      'a SCALE-Sim topology header (Layer name, IFMAP Height, ... or Layer, M, N, K)',
      'empty file',
    );
  const header = lines[headerIdx]!;
  const format = topologyFormat(header);
  if (!format) {
    throw new FieldError(
      `${fileName}:${headerIdx + 1}:header`,
      header.trim(),
      'a SCALE-Sim topology header (Layer name, IFMAP Height, ... or Layer, M, N, K)',
    );
  }
  const headerCells = splitRow(header);
  const canon = format === 'conv' ? CONV_COLUMNS : GEMM_COLUMNS;
  // a column name from the file appears in messages: bounded like any quoted value
  const col = (i: number): string => shortName(headerCells[i] || canon[i] || `column ${i + 1}`);
  const layers: Layer[] = [];
  const names: UniqueNames = { used: new Set(), next: new Map() };
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const ln = i + 1;
    const cells = splitRow(raw);
    const name = cells[0] ?? '';
    if (name === '') throw new FieldError(`${fileName}:${ln}:${col(0)}`, name, 'a layer name');
    if (format === 'gemm') {
      if (cells.length < 4)
        throw new FieldError(
          `${fileName}:${ln}:${col(cells.length)}`,
          raw.trim(),
          '4 fields: Layer, M, N, K',
          'too few fields',
        );
      const M = posInt(fileName, ln, col(1), cells[1]);
      const N = posInt(fileName, ln, col(2), cells[2]);
      const K = posInt(fileName, ln, col(3), cells[3]);
      const l: MatmulLayer = {
        kind: 'matmul',
        name: uniqueName(name, names),
        M,
        N,
        K,
        heads: 1,
        secondOperand: 'weights',
      };
      layers.push(l);
    } else {
      if (cells.length < 8)
        throw new FieldError(
          `${fileName}:${ln}:${col(cells.length)}`,
          raw.trim(),
          '8 or 9 fields: name, IFMAP H, IFMAP W, filter H, filter W, channels, filters, stride [, stride W]',
          'too few fields',
        );
      const inH = posInt(fileName, ln, col(1), cells[1]);
      const inW = posInt(fileName, ln, col(2), cells[2]);
      const kH = posInt(fileName, ln, col(3), cells[3]);
      const kW = posInt(fileName, ln, col(4), cells[4]);
      const ch = posInt(fileName, ln, col(5), cells[5]);
      const nf = posInt(fileName, ln, col(6), cells[6]);
      const sH = posInt(fileName, ln, col(7), cells[7]);
      const sW =
        cells.length >= 9 && /^\d+$/.test(cells[8]!) ? posInt(fileName, ln, col(8) || 'Stride Width', cells[8]) : sH;
      if (kH > inH)
        throw new FieldError(
          `${fileName}:${ln}:${col(3)}`,
          kH,
          `<= IFMAP Height (${inH})`,
          'filter larger than its input',
        );
      if (kW > inW)
        throw new FieldError(
          `${fileName}:${ln}:${col(4)}`,
          kW,
          `<= IFMAP Width (${inW})`,
          'filter larger than its input',
        );
      const dp = name.includes('DP');
      const l: ConvLayer = {
        kind: 'conv',
        name: uniqueName(name, names),
        inH,
        inW,
        kH,
        kW,
        cin: ch,
        cout: dp ? ch * nf : nf,
        strideH: sH,
        strideW: sW,
        padH: 0,
        padW: 0,
        groups: dp ? ch : 1,
        ceilMode: true,
      };
      layers.push(l);
    }
  }
  if (layers.length === 0)
    throw new FieldError(`${fileName}:${headerIdx + 2}:${col(0)}`, '', 'at least one layer row', 'no layers');
  const id = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'topology';
  return { id, name: id, citation: `SCALE-Sim topology ${fileName}`, layers };
}

/** A name written in a file, as it appears in a message: at most 40 characters. */
function shortName(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}… (${name.length} chars)` : name;
}

interface UniqueNames {
  used: Set<string>;
  /** Next suffix to try per base name, so n rows sharing one name cost O(n), not O(n^2). */
  next: Map<string, number>;
}

/**
 * A layer name not used before: the name itself, else name_2, name_3, ... The search for a base name
 * resumes where it stopped last time (suffixes only grow), so every suffix is tried at most once per base.
 */
export function uniqueName(name: string, names: UniqueNames): string {
  if (!names.used.has(name)) {
    names.used.add(name);
    return name;
  }
  let k = names.next.get(name) ?? 2;
  while (names.used.has(`${name}_${k}`)) k++;
  const n = `${name}_${k}`;
  names.next.set(name, k + 1);
  names.used.add(n);
  return n;
}

/**
 * Export a network (batch 1) as a SCALE-Sim topology. Padding has no column in SCALE-Sim, so a conv
 * is written with the input extent its outputs read, (out - 1) x stride + filter: SCALE-Sim's
 * ceil rounding then gives the same output size, hence the same GEMM and counts. Depthwise layers
 * get a "DP" name prefix; other grouped convs and multi-head GEMMs are written one row per group.
 */
export function exportTopologyCsv(net: Network, format: 'conv' | 'gemm' = 'conv'): string {
  const rows: string[] = [];
  if (format === 'gemm') {
    rows.push('Layer, M, N, K,');
    for (const l of net.layers) {
      const g = layerGemms(l, 1).forward;
      for (let i = 0; i < g.instances; i++)
        rows.push(`${g.instances > 1 ? `${l.name}_${i}` : l.name},${g.M},${g.N},${g.K},`);
    }
    return rows.join('\n') + '\n';
  }
  rows.push(CONV_COLUMNS.join(', ') + ',');
  for (const l of net.layers) {
    if (l.kind === 'matmul') {
      const g = layerGemms(l, 1).forward;
      for (let i = 0; i < g.instances; i++)
        rows.push(`${g.instances > 1 ? `${l.name}_${i}` : l.name},${g.M},${g.K},1,${g.K},1,${g.N},1,`);
      continue;
    }
    const { outH, outW } = convOutputSize(l);
    const ih = (outH - 1) * l.strideH + l.kH;
    const iw = (outW - 1) * l.strideW + l.kW;
    const stride = l.strideH === l.strideW ? `${l.strideH}` : `${l.strideH},${l.strideW}`;
    if (l.groups === 1) {
      rows.push(`${l.name},${ih},${iw},${l.kH},${l.kW},${l.cin},${l.cout},${stride},`);
    } else if (l.groups === l.cin) {
      const name = l.name.includes('DP') ? l.name : `DP_${l.name}`;
      rows.push(`${name},${ih},${iw},${l.kH},${l.kW},${l.cin},${l.cout / l.cin},${stride},`);
    } else {
      for (let i = 0; i < l.groups; i++) {
        rows.push(`${l.name}_g${i},${ih},${iw},${l.kH},${l.kW},${l.cin / l.groups},${l.cout / l.groups},${stride},`);
      }
    }
  }
  return rows.join('\n') + '\n';
}

/** The parts of a SCALE-Sim `.cfg` this tool uses. */
export interface ScaleSimConfig {
  runName: string;
  rows: number;
  cols: number;
  /** SRAM sizes per operand, kB (1024 bytes, as SCALE-Sim multiplies by 1024). */
  ifmapSramKB: number;
  filterSramKB: number;
  ofmapSramKB: number;
  dataflow: Dataflow;
  /** DRAM words per cycle (used only with interfaceBandwidth USER). */
  bandwidth: number;
  interfaceBandwidth: 'CALC' | 'USER';
  ifmapOffset: number;
  filterOffset: number;
  ofmapOffset: number;
  memoryBanks: number;
}

/** SCALE-Sim's sample config defaults (configs/scale.cfg). */
export const DEFAULT_SCALESIM_CONFIG: ScaleSimConfig = {
  runName: 'scale',
  rows: 32,
  cols: 32,
  ifmapSramKB: 64,
  filterSramKB: 64,
  ofmapSramKB: 64,
  dataflow: 'os',
  bandwidth: 10,
  interfaceBandwidth: 'CALC',
  ifmapOffset: 0,
  filterOffset: 10000000,
  ofmapOffset: 20000000,
  memoryBanks: 1,
};

/** Parse a SCALE-Sim `.cfg` (INI; `key: value` or `key = value`; keys case-insensitive). */
export function parseScaleSimCfg(text: string, fileName = 'scale.cfg'): ScaleSimConfig {
  const cfg: ScaleSimConfig = { ...DEFAULT_SCALESIM_CONFIG };
  const seen = new Set<string>();
  let section = '';
  const lines = text.split(/\r\n|\r|\n/);
  const seenAt = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const ln = i + 1;
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = sec[1]!.trim().toLowerCase();
      continue;
    }
    const m = /^([^:=]+?)\s*[:=]\s*(.*)$/.exec(line);
    if (!m) throw new FieldError(`${fileName}:${ln}:line`, line, '"key: value" or "key = value" or a [section]');
    const key = shortName(m[1]!.trim());
    const value = m[2]!.trim();
    const k = key.toLowerCase();
    const int = (min: number, max: number): number => {
      if (!/^\d+$/.test(value))
        throw new FieldError(`${fileName}:${ln}:${key}`, value, `an integer in [${min}, ${max}]`);
      const v = Number(value);
      if (v < min || v > max) throw new FieldError(`${fileName}:${ln}:${key}`, v, `[${min}, ${max}]`);
      return v;
    };
    const where = `${section}.${k}`;
    const first = seenAt.get(where);
    if (first !== undefined)
      throw new FieldError(`${fileName}:${ln}:${key}`, value, 'each key once', `already given on line ${first}`);
    seenAt.set(where, ln);
    seen.add(k);
    if (section === 'general' && k === 'run_name') cfg.runName = value;
    else if (k === 'arrayheight') cfg.rows = int(1, 4096);
    else if (k === 'arraywidth') cfg.cols = int(1, 4096);
    else if (k === 'ifmapsramszkb') cfg.ifmapSramKB = int(1, 1 << 22);
    else if (k === 'filtersramszkb') cfg.filterSramKB = int(1, 1 << 22);
    else if (k === 'ofmapsramszkb') cfg.ofmapSramKB = int(1, 1 << 22);
    else if (k === 'ifmapoffset') cfg.ifmapOffset = int(0, Number.MAX_SAFE_INTEGER);
    else if (k === 'filteroffset') cfg.filterOffset = int(0, Number.MAX_SAFE_INTEGER);
    else if (k === 'ofmapoffset') cfg.ofmapOffset = int(0, Number.MAX_SAFE_INTEGER);
    else if (k === 'bandwidth') cfg.bandwidth = int(1, 1 << 20);
    else if (k === 'memorybanks') cfg.memoryBanks = int(1, 1024);
    else if (k === 'dataflow') {
      const v = value.toLowerCase();
      if (v !== 'os' && v !== 'ws' && v !== 'is')
        throw new FieldError(`${fileName}:${ln}:${key}`, value, 'os, ws or is');
      cfg.dataflow = v;
    } else if (k === 'interfacebandwidth') {
      const v = value.toUpperCase();
      if (v !== 'CALC' && v !== 'USER') throw new FieldError(`${fileName}:${ln}:${key}`, value, 'CALC or USER');
      cfg.interfaceBandwidth = v;
    }
    // Other keys (v3 layout, sparsity, ports, ...) are accepted and ignored.
  }
  for (const [k, name] of [
    ['arrayheight', 'ArrayHeight'],
    ['arraywidth', 'ArrayWidth'],
  ] as const) {
    if (!seen.has(k))
      throw new FieldError(
        `${fileName}:${lines.length}:${name}`,
        '',
        'a value in [architecture_presets]',
        'missing key',
      );
  }
  return cfg;
}

/** Write a SCALE-Sim v2 `.cfg`. */
export function exportScaleSimCfg(cfg: ScaleSimConfig): string {
  return [
    '[general]',
    `run_name = ${cfg.runName}`,
    '',
    '[architecture_presets]',
    `ArrayHeight:    ${cfg.rows}`,
    `ArrayWidth:     ${cfg.cols}`,
    `IfmapSramSzkB:   ${cfg.ifmapSramKB}`,
    `FilterSramSzkB:  ${cfg.filterSramKB}`,
    `OfmapSramSzkB:   ${cfg.ofmapSramKB}`,
    `IfmapOffset:    ${cfg.ifmapOffset}`,
    `FilterOffset:   ${cfg.filterOffset}`,
    `OfmapOffset:    ${cfg.ofmapOffset}`,
    `Bandwidth : ${cfg.bandwidth}`,
    `Dataflow : ${cfg.dataflow}`,
    `MemoryBanks:   ${cfg.memoryBanks}`,
    '',
    '[run_presets]',
    `InterfaceBandwidth: ${cfg.interfaceBandwidth}`,
    '',
  ].join('\n');
}
