/**
 * `array`: area, latency, energy and leakage of an SRAM, STT-MRAM or SOT-MRAM scratchpad (NVSim-style model).
 *   array --tech sram|stt-mram|sot-mram (mram = stt-mram) --capacity 4MiB --node 22 [--word-bits 512] [--roadmap hp|lop]
 *         [--target read-edp|read-latency|write-edp|area|leakage] [--cell file.cell]
 *         [--voltage 0.8V --pulse 5ns] [--iso-area-of-sram 4MiB] [--export-cfg f] [--export-cell f] [--json]
 */
import {
  OPT_TARGETS,
  evaluateArray,
  exportNvsimCell,
  exportNvsimCfg,
  isoAreaCapacity,
  parseCellFile,
  type ArrayInput,
  type ArrayResult,
} from '../../models/array/index.ts';
import { FieldError } from '../../models/errors.ts';
import { TECH_NAMES, technology } from '../../models/tech/index.ts';
import { formatSI } from '../../models/units.ts';
import type { CliIO, Command } from '../command.ts';
import { formatHelp, parseArgs, type FlagSpecs } from '../flags.ts';
import { ACCESS_WIDTH_FLAG, CONFIG_FLAGS, fieldFlag, resolveConfig, schemaField } from '../schema-flags.ts';
import { arrayInputFor } from '../../evaluate/adapter.ts';
import { stringifyFinite } from '../json.ts';

const CAPACITY = schemaField('array.capacityBytes') as { min: number; max: number };

/** Flags: configuration values from the schema (src/cli/schema-flags.ts); tech, target, banks, cell and exports are the array's own. */
export const FLAGS: FlagSpecs = {
  ...CONFIG_FLAGS,
  tech: {
    kind: 'enum',
    help: 'memory technology (the registry, src/models/tech; mram = stt-mram)',
    choices: TECH_NAMES,
    default: 'mram',
  },
  capacity: fieldFlag('array.capacityBytes', { help: 'capacity, a power of two' }),
  node: fieldFlag('array.nodeNm', { help: 'technology node in nm (interpolated between 22, 32, 45)' }),
  'word-bits': fieldFlag('array.wordBits', { help: 'bits per access, a power of two' }),
  roadmap: fieldFlag('array.roadmap', { help: 'transistors: high performance or low operating power' }),
  target: { kind: 'enum', help: 'what the organisation search minimises', choices: OPT_TARGETS, default: 'read-edp' },
  banks: { kind: 'int', help: 'banks, a power of two', min: 1, max: 64, default: 1 },
  'access-width': ACCESS_WIDTH_FLAG,
  temperature: fieldFlag('deviceParams.temperatureK', {
    help: 'operating temperature, one for device and array (the array model covers 300 to 400 K)',
  }),
  cell: { kind: 'string', help: 'NVSim .cell file: the array uses that cell and its fixed write (as NVSim does)' },
  voltage: fieldFlag('device.voltageV', {
    help: 'MRAM write voltage (with --pulse): STT cell voltage (device layer); SOT drive across line + transistor',
  }),
  pulse: fieldFlag('device.pulseWidthS', { help: 'MRAM write pulse (with --voltage; SOT default: its nominal write)' }),
  'iso-area-of-sram': {
    kind: 'bytes',
    help: 'report the largest MRAM that fits the area of an SRAM of this capacity (with --tech mram)',
    // the SRAM's capacity range: the schema's, checked at the flag so the error names this flag
    min: CAPACITY.min,
    max: CAPACITY.max,
  },
  'export-cfg': { kind: 'string', help: 'write the NVSim .cfg of this configuration to this path' },
  'export-cell': { kind: 'string', help: 'write the NVSim .cell of this configuration to this path' },
};

const USAGE =
  'array --tech sram|stt-mram|sot-mram (mram = stt-mram) --capacity 4MiB --node 22 [--word-bits 512] [--roadmap hp|lop] [--target read-edp] ' +
  '[--cell file.cell] [--voltage 0.8V --pulse 5ns] [--iso-area-of-sram 4MiB] [--export-cfg f] [--export-cell f] [--json]';

function summary(r: ArrayResult): string[] {
  const o = r.organization;
  return [
    `${r.tech.toUpperCase()} ${fmtBytes(r.capacityBytes)}, ${r.wordBits}-bit words, ${r.nodeNm} nm ${r.roadmap.toUpperCase()}, target ${r.target}`,
    `  area            ${r.areaMm2.toPrecision(4)} mm^2 (cells ${(r.areaEfficiency * 100).toFixed(0)} %)`,
    `  read latency    ${formatSI(r.readLatencyS, 's', 4)}`,
    `  write latency   ${formatSI(r.writeLatencyS, 's', 4)}`,
    `  read energy     ${formatSI(r.readEnergyJ, 'J', 4)} per access`,
    `  write energy    ${formatSI(r.writeEnergyJ, 'J', 4)} per access (write from ${r.writeSource})`,
    `  leakage         ${formatSI(r.leakageW, 'W', 4)}`,
    `  organisation    ${o.banks} bank(s) x ${o.matsPerBank} mats (${o.matRows} x ${o.matCols}), ${o.subarraysPerMat} sub-arrays of ${o.subarrayRows} x ${o.subarrayCols}, mux ${o.muxDegree}, ${o.activeMats} active mat(s)`,
  ];
}

export const arrayCommand: Command = {
  name: 'array',
  summary: 'SRAM / STT-MRAM / SOT-MRAM scratchpad area, latency, energy and leakage (NVSim-style), iso-area sizing',
  async run(argv: string[], io: CliIO): Promise<number> {
    const p = parseArgs(FLAGS, argv);
    if (p.flags.help) {
      io.out(formatHelp('array', this.summary, USAGE, FLAGS));
      return 0;
    }
    if (p.positionals.length) throw new FieldError('array', p.positionals[0], 'no positional arguments (see --help)');
    const f = p.flags;
    const tech = f.tech as ArrayInput['tech'];
    const iso = f['iso-area-of-sram'] as number | undefined;
    if (iso !== undefined && tech === 'sram') {
      throw new FieldError(
        '--iso-area-of-sram',
        iso,
        'use with an MRAM --tech (stt-mram, mram or sot-mram: it sizes an MRAM to an SRAM area)',
      );
    }
    if (iso !== undefined && p.given.has('capacity')) {
      throw new FieldError(
        '--capacity',
        f.capacity,
        'no --capacity with --iso-area-of-sram (the capacity is the result)',
      );
    }
    const hasV = p.given.has('voltage');
    const hasT = p.given.has('pulse');
    if (hasV !== hasT) {
      throw new FieldError(
        hasV ? '--pulse' : '--voltage',
        undefined,
        'both --voltage and --pulse (the device-layer write point)',
      );
    }
    if (hasV && tech === 'sram') throw new FieldError('--voltage', f.voltage, 'only with an MRAM --tech');
    if (hasV && p.given.has('cell')) {
      throw new FieldError('--voltage', f.voltage, 'no --voltage/--pulse with --cell (the cell file fixes the write)');
    }
    const cellPath = f.cell as string | undefined;
    const cell = cellPath !== undefined ? parseCellFile(io.readFile('--cell', cellPath), cellPath) : undefined;
    const resolved = resolveConfig(p, FLAGS, io);
    const c = resolved.config;
    const capacityBytes = c.array.capacityBytes;
    // The configuration's write through the one adapter: the relaxed point with --voltage/--pulse, else the
    // nominal one when a link or configuration file gives it; without either, the cell's default write.
    const write: 'nominal' | 'relaxed' | undefined = hasV ? 'relaxed' : resolved.fromDocument ? 'nominal' : undefined;
    const base: ArrayInput = {
      ...arrayInputFor(c, tech, capacityBytes, write ?? 'nominal'),
      target: f.target as ArrayInput['target'],
      banks: f.banks as number,
      ...(cell && { cell }),
    };
    // STT-MRAM (by either name) writes at the configuration's point; without one, at the cell's default write.
    if (technology(tech).writePath !== 'shared' || cell || write === undefined) delete base.mramWrite;
    let input = base;
    let isoInfo: { sramCapacityBytes: number; sramAreaMm2: number } | undefined;
    let result: ArrayResult;
    try {
      if (iso !== undefined) {
        const { cell: _c, mramWrite: _w, ...common } = base;
        const r = isoAreaCapacity({ ...common, tech: 'sram', capacityBytes: iso }, base);
        if (!r.ok) return infeasibleOut(io, f.json === true, r.reason, r.hint);
        input = { ...base, capacityBytes: r.capacityBytes };
        isoInfo = { sramCapacityBytes: iso, sramAreaMm2: r.sramAreaMm2 };
        result = r.result;
      } else {
        const r = evaluateArray(base);
        if (!r.ok) return infeasibleOut(io, f.json === true, r.reason, r.hint);
        const { ok: _ok, ...rest } = r;
        result = rest;
      }
    } catch (e) {
      // Bad input reaching the model is reported against the flag that carried it.
      if (e instanceof FieldError) throw new FieldError(flagFor(e.field), e.value, e.accepted);
      throw e;
    }
    if (typeof f['export-cfg'] === 'string') {
      const cellName = cellPath ?? (typeof f['export-cell'] === 'string' ? f['export-cell'] : undefined);
      io.writeFile('--export-cfg', f['export-cfg'], exportNvsimCfg(input, cellName ? baseName(cellName) : undefined));
    }
    if (typeof f['export-cell'] === 'string') io.writeFile('--export-cell', f['export-cell'], exportNvsimCell(input));
    if (f.json) {
      io.out(stringifyFinite({ ...result, ...(isoInfo && { isoArea: isoInfo }) }, 2));
    } else {
      const lines = summary(result);
      if (isoInfo) {
        lines.unshift(
          `iso-area: the largest MRAM within the ${isoInfo.sramAreaMm2.toPrecision(4)} mm^2 of a ${fmtBytes(isoInfo.sramCapacityBytes)} SRAM`,
        );
      }
      io.out(lines.join('\n'));
    }
    return 0;
  },
};

/** 4194304 -> "4 MiB". */
export function fmtBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} B`;
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

const FIELD_TO_FLAG: Record<string, string> = {
  capacityBytes: '--capacity',
  wordBits: '--word-bits',
  nodeNm: '--node',
  banks: '--banks',
  temperatureK: '--temperature',
  'mramWrite.voltageV': '--voltage',
  'mramWrite.pulseWidthS': '--pulse',
  voltageV: '--voltage',
  pulseWidthS: '--pulse',
};

function flagFor(field: string): string {
  return FIELD_TO_FLAG[field] ?? (field.startsWith('cell') ? `--cell ${field}` : field);
}

function infeasibleOut(io: CliIO, json: boolean, reason: string, hint: string | undefined): number {
  if (json) io.out(stringifyFinite({ ok: false, reason, ...(hint && { hint }) }, 2));
  else io.err(`infeasible: ${reason}${hint ? ` (hint: ${hint})` : ''}`);
  return 1;
}
