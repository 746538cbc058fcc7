/**
 * `system`: energy of a training step and epoch for a scratchpad placement per tensor class
 * (SRAM, MRAM at nominal write, MRAM at relaxed write), SRAM vs MRAM at iso-capacity and iso-area.
 */
import { PLACEMENT_VALUES, placementOption } from '../../models/tech/index.ts';
import { FieldError } from '../../models/errors.ts';
import { TENSOR_CLASSES } from '../../models/accelerator/index.ts';
import {
  MEMORY_KINDS,
  REFERENCE_STUDY_NETWORKS,
  REFERENCE_STUDY_PRESET,
  evaluateSystem,
  type DesignEnergy,
  type MemoryKind,
  type Placement,
  type SystemConfig,
  type SystemResult,
} from '../../models/system/index.ts';
import type { CliIO, Command } from '../command.ts';
import { formatHelp, parseArgs, parseQuantity, type FlagSpecs, type ParsedArgs } from '../flags.ts';
import { WORKLOAD_FLAGS, resolveWorkload, type Workload } from '../workload.ts';
import { DATAFLOWS, type Dataflow } from '../../models/accelerator/index.ts';
import { MAX_BANKS, PROTECTIONS, explainSystem, type Explanation, type Protection } from '../../models/system/index.ts';
import { defaultConfig } from '../../schema/schema.ts';
import { stringifyFinite } from '../json.ts';

/** Defaults shared with the explorer (the one schema, src/schema/schema.ts). */
const SCHEMA = defaultConfig();

/** Memory names accepted: the system kinds and the placement values of the registry (sot = sot-mram, ...). */
const MEMORY_NAMES = [...new Set<string>([...MEMORY_KINDS, ...PLACEMENT_VALUES])];
const KIND_FLAG = (what: string) => ({ kind: 'enum' as const, help: `memory for ${what}`, choices: MEMORY_NAMES });

const FLAGS: FlagSpecs = {
  ...WORKLOAD_FLAGS,
  memory: {
    kind: 'enum',
    help: 'memory for every class (per-class flags override); placement values (mram, relaxed, sot) also accepted',
    choices: MEMORY_NAMES,
    default: 'mram-nominal',
  },
  weights: KIND_FLAG('weights'),
  activations: KIND_FLAG('activations'),
  errors: KIND_FLAG('errors'),
  'weight-gradients': KIND_FLAG('weight gradients'),
  node: {
    kind: 'int',
    help: 'technology node, nm (the array model covers 22 to 45 nm)',
    min: 22,
    max: 45,
    default: 22,
  },
  roadmap: { kind: 'enum', help: 'periphery transistors', choices: ['hp', 'lop'], default: SCHEMA.array.roadmap },
  precision: {
    kind: 'enum',
    help: "stored number format and MAC precision (the explorer's one format field, shared with training)",
    choices: ['int8', 'bf16', 'fp32'],
    default: SCHEMA.training.format,
  },
  dram: { kind: 'enum', help: 'DRAM energy class', choices: ['ddr3', 'hbm2'], default: 'ddr3' },
  'dram-bw': { kind: 'number', help: 'DRAM bandwidth, bytes/s (default 12.8e9)', min: 1e6, max: 1e13 },
  clock: { kind: 'quantity', help: 'array clock (default 700MHz)', unit: 'Hz', min: 1e6, max: 1e10 },
  'nominal-v': {
    kind: 'quantity',
    help: `nominal MRAM write voltage (default ${SCHEMA.device.nominalVoltageV} V, as the explorer)`,
    unit: 'V',
    min: 0.05,
    max: 3,
  },
  'nominal-pulse': {
    kind: 'quantity',
    help: `nominal MRAM write pulse (default ${SCHEMA.device.nominalPulseWidthS * 1e9} ns, as the explorer)`,
    unit: 's',
    min: 1e-11,
    max: 1e-6,
  },
  'relaxed-v': {
    kind: 'quantity',
    help: `relaxed MRAM write voltage (default ${SCHEMA.device.voltageV} V, as the explorer)`,
    unit: 'V',
    min: 0.05,
    max: 3,
  },
  'relaxed-pulse': {
    kind: 'quantity',
    help: `relaxed MRAM write pulse (default ${SCHEMA.device.pulseWidthS * 1e9} ns, as the explorer)`,
    unit: 's',
    min: 1e-11,
    max: 1e-6,
  },
  iso: { kind: 'enum', help: 'which comparison "ratio" reports', choices: ['capacity', 'area'], default: 'capacity' },
  'samples-per-epoch': { kind: 'int', help: 'training samples per epoch (default by network)', min: 1 },
  preset: {
    kind: 'enum',
    help: 'run the reference-study preset over its network suite (Roy et al. 2023)',
    choices: ['roy2023'],
  },
  dataflow: {
    kind: 'enum',
    help: 'dataflow (best = per GEMM, the one of least energy)',
    choices: [...DATAFLOWS, 'best'],
  },
  'dataflow-forward': {
    kind: 'enum',
    help: 'dataflow of the forward GEMMs (overrides --dataflow)',
    choices: DATAFLOWS,
  },
  'dataflow-backward-data': {
    kind: 'enum',
    help: 'dataflow of the backward-data GEMMs (overrides --dataflow)',
    choices: DATAFLOWS,
  },
  'dataflow-weight-gradient': {
    kind: 'enum',
    help: 'dataflow of the weight-gradient GEMMs (overrides --dataflow)',
    choices: DATAFLOWS,
  },
  banks: {
    kind: 'string',
    help: `banks per class memory: auto (fewest that keep the array compute-bound) or a power of two 1..${MAX_BANKS}`,
    default: SCHEMA.system.banks,
  },
  accumulator: {
    kind: 'enum',
    help: 'accumulator buffer for partial sums (none: partial sums go to the scratchpad)',
    choices: ['sram', 'none'],
    default: SCHEMA.system.accumulator,
  },
  gating: {
    kind: 'enum',
    help: 'power-gate idle MRAM banks and SRAM without live data',
    choices: ['on', 'off'],
    default: SCHEMA.system.gating,
  },
  'sram-cell': {
    kind: 'enum',
    help: 'SRAM cell leakage class (separate from --roadmap, the periphery)',
    choices: ['hp', 'lop', 'lstp'],
  },
  rbw: {
    kind: 'enum',
    help: 'read-before-write: drive only switching bits of MRAM writes',
    choices: ['on', 'off'],
    default: SCHEMA.system.rbw,
  },
  temperature: {
    kind: 'quantity',
    help: `one operating temperature for device and array (default ${SCHEMA.deviceParams.temperatureK} K)`,
    unit: 'K',
    min: 300,
    max: 400,
  },
  'access-resistance': {
    kind: 'string',
    help: "MRAM access-transistor resistance: 'array' (the array's transistor at --node/--roadmap) or ohms",
    default: 'array',
  },
  'switch-weights': { kind: 'number', help: 'switching fraction of written weight bits', min: 0, max: 1 },
  'switch-activations': { kind: 'number', help: 'switching fraction of written activation bits', min: 0, max: 1 },
  'switch-errors': { kind: 'number', help: 'switching fraction of written error bits', min: 0, max: 1 },
  'switch-weight-gradients': {
    kind: 'number',
    help: 'switching fraction of written weight-gradient bits',
    min: 0,
    max: 1,
  },
  bitstats: {
    kind: 'string',
    help: 'switching fractions per class and direction from a `train --json` output (its bitStats); overrides --switch-*',
  },
  'protect-weights': { kind: 'enum', help: 'weight bits kept at the nominal write', choices: PROTECTIONS },
  'protect-activations': { kind: 'enum', help: 'activation bits kept at the nominal write', choices: PROTECTIONS },
  'protect-errors': { kind: 'enum', help: 'error bits kept at the nominal write', choices: PROTECTIONS },
  explain: {
    kind: 'boolean',
    help: 'the ratio explained: a ladder of cited assumptions towards the reference regime, and a sensitivity table',
  },
};

const USAGE =
  'system (--net resnet18 | --topology f.csv) [--memory sram|mram-nominal|mram-relaxed|sot-mram] [--activations ...] [--iso capacity|area] [--preset roy2023] [--json]';

function placementFrom(p: ParsedArgs): Placement {
  const kind = (v: string): MemoryKind => (placementOption(v)?.systemKind ?? v) as MemoryKind;
  const all = kind((p.flags.memory as string | undefined) ?? 'mram-nominal');
  const pick = (flag: string): MemoryKind => (p.flags[flag] === undefined ? all : kind(p.flags[flag] as string));
  return {
    weights: pick('weights'),
    activations: pick('activations'),
    errors: pick('errors'),
    weightGradients: pick('weight-gradients'),
  };
}

/** Builds a SystemConfig from a resolved workload and the memory flags. */
export function systemConfigFor(w: Workload, p: ParsedArgs, io: CliIO = NO_FILES): SystemConfig {
  const f = p.flags;
  const precision = ((f.precision as string | undefined) ?? SCHEMA.training.format) as SystemConfig['precision'];
  if (f['word-bytes'] !== undefined)
    throw new FieldError('--word-bytes', f['word-bytes'], 'not used by `system`: the element size follows --precision');
  const cfg: SystemConfig = {
    network: w.network,
    rows: w.rows,
    cols: w.cols,
    dataflow: w.dataflow,
    batch: w.batch,
    capacity: w.capacity,
    placement: placementFrom(p),
    nodeNm: (f.node as number | undefined) ?? SCHEMA.array.nodeNm,
    roadmap: ((f.roadmap as string | undefined) ?? SCHEMA.array.roadmap) as SystemConfig['roadmap'],
    precision,
    dram: ((f.dram as string | undefined) ?? 'ddr3') as SystemConfig['dram'],
    isoMode: ((f.iso as string | undefined) ?? 'capacity') as SystemConfig['isoMode'],
    nominalWrite: {
      voltageV: (f['nominal-v'] as number | undefined) ?? SCHEMA.device.nominalVoltageV,
      pulseWidthS: (f['nominal-pulse'] as number | undefined) ?? SCHEMA.device.nominalPulseWidthS,
    },
    relaxedWrite: {
      voltageV: (f['relaxed-v'] as number | undefined) ?? SCHEMA.device.voltageV,
      pulseWidthS: (f['relaxed-pulse'] as number | undefined) ?? SCHEMA.device.pulseWidthS,
    },
    includeFirstBackwardData: w.includeFirstBackwardData,
    ...systemChoicesFromFlags(p, io),
  };
  if ((w.dataflow as string) === 'best') {
    cfg.dataflow = 'ws';
    cfg.dataflowChoice = 'best';
  }
  if (typeof f['dram-bw'] === 'number') cfg.dramBandwidthBytesPerS = f['dram-bw'];
  if (typeof f.clock === 'number') cfg.clockHz = f.clock;
  if (typeof f['samples-per-epoch'] === 'number') cfg.samplesPerEpoch = f['samples-per-epoch'];
  return cfg;
}

const NO_FILES: CliIO = {
  out: () => {},
  err: () => {},
  readFile: (field, path) => {
    throw new FieldError(field, path, 'a readable file');
  },
  writeFile: (field, path) => {
    throw new FieldError(field, path, 'a writable path');
  },
};

/** Parses --banks: 'auto' or a power of two in [1, MAX_BANKS]. */
export function parseBanks(raw: string): number | 'auto' {
  if (raw === 'auto') return 'auto';
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > MAX_BANKS || (n & (n - 1)) !== 0)
    throw new FieldError('--banks', raw, `auto or a power of two in [1, ${MAX_BANKS}]`);
  return n;
}

/** The system-model choices (banks, accumulator, gating, cells, rbw, temperature, switching, protection). */
/**
 * Switching fractions from a `train --json` document: bitStats.<class>.{switch01, switch10, written}
 * (bits): p2ap = switch01 / written, ap2p = switch10 / written. Classes without writes keep the defaults.
 */
export function switchingFromBitStats(text: string): NonNullable<SystemConfig['switchingByDirection']> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new FieldError('--bitstats', '(file)', 'a `train --json` output', (e as Error).message);
  }
  const bs = (doc as { bitStats?: Record<string, Record<string, unknown>> } | null)?.bitStats;
  if (!bs || typeof bs !== 'object') throw new FieldError('--bitstats', '(file)', 'a JSON document with bitStats');
  const out: NonNullable<SystemConfig['switchingByDirection']> = {};
  for (const c of ['weights', 'activations', 'errors'] as const) {
    const s = bs[c];
    if (!s) continue;
    const [w, s01, s10] = [s.written, s.switch01, s.switch10];
    if (
      typeof w !== 'number' ||
      typeof s01 !== 'number' ||
      typeof s10 !== 'number' ||
      !(w >= 0) ||
      !(s01 >= 0) ||
      !(s10 >= 0)
    )
      throw new FieldError(`--bitstats bitStats.${c}`, JSON.stringify(s), 'written, switch01, switch10: counts >= 0');
    if (w === 0) continue;
    if (s01 + s10 > w)
      throw new FieldError(`--bitstats bitStats.${c}`, `${s01 + s10} > ${w}`, 'switching bits <= bits written');
    out[c] = { p2ap: s01 / w, ap2p: s10 / w };
  }
  return out;
}

function systemChoicesFromFlags(p: ParsedArgs, io: CliIO): Partial<SystemConfig> {
  const f = p.flags;
  const out: Partial<SystemConfig> = {
    banks: parseBanks(String(f.banks ?? SCHEMA.system.banks)),
    accumulator: (f.accumulator ?? SCHEMA.system.accumulator) as SystemConfig['accumulator'],
    gating: (f.gating ?? SCHEMA.system.gating) === 'on',
    readBeforeWrite: (f.rbw ?? SCHEMA.system.rbw) === 'on',
    temperatureK: (f.temperature as number | undefined) ?? SCHEMA.deviceParams.temperatureK,
    switchingFraction: {
      weights: (f['switch-weights'] as number | undefined) ?? SCHEMA.system.switching.weights,
      activations: (f['switch-activations'] as number | undefined) ?? SCHEMA.system.switching.activations,
      errors: (f['switch-errors'] as number | undefined) ?? SCHEMA.system.switching.errors,
      weightGradients: (f['switch-weight-gradients'] as number | undefined) ?? SCHEMA.system.switching.weightGradients,
    },
    protect: {
      weights: (f['protect-weights'] ?? SCHEMA.protect.weights) as Protection,
      activations: (f['protect-activations'] ?? SCHEMA.protect.activations) as Protection,
      errors: (f['protect-errors'] ?? SCHEMA.protect.errors) as Protection,
    },
  };
  if (typeof f.bitstats === 'string')
    out.switchingByDirection = switchingFromBitStats(io.readFile('--bitstats', f.bitstats));
  const pd: NonNullable<SystemConfig['passDataflow']> = {};
  if (typeof f['dataflow-forward'] === 'string') pd.forward = f['dataflow-forward'] as Dataflow;
  if (typeof f['dataflow-backward-data'] === 'string') pd.backwardData = f['dataflow-backward-data'] as Dataflow;
  if (typeof f['dataflow-weight-gradient'] === 'string') pd.weightGradient = f['dataflow-weight-gradient'] as Dataflow;
  if (Object.keys(pd).length) out.passDataflow = pd;
  if (typeof f['sram-cell'] === 'string') out.sramCell = f['sram-cell'] as SystemConfig['sramCell'];
  const ra = String(f['access-resistance'] ?? 'array');
  if (ra !== 'array') {
    const ohm = parseQuantity('--access-resistance', ra, 'ohm');
    if (!(ohm >= 0 && ohm <= 1e6))
      throw new FieldError('--access-resistance', ra, "'array' or a resistance in [0, 1e6] ohm");
    out.accessResistanceOhm = ohm;
  }
  return out;
}

function summarise(d: DesignEnergy) {
  return {
    placement: d.placement,
    capacityBytes: d.capacityBytes,
    areaMm2: d.areaMm2,
    runtimeS: d.runtimeS,
    boundBy: d.boundBy,
    computeTimeS: d.computeTimeS,
    dramTimeS: d.dramTimeS,
    memoryBusyS: d.memoryBusyS,
    banks: d.banks,
    accesses: d.accesses,
    poweredFraction: d.poweredFraction,
    dataflowCount: d.dataflowCount,
    energyPerStepJ: d.energyPerStepJ,
    energyPerEpochJ: d.energyPerEpochJ,
    stepsPerEpoch: d.stepsPerEpoch,
    breakdown: d.breakdown,
    byClass: d.byClass,
    dramTotalBytes: d.dramTotalBytes,
    peakOnChipBytes: d.peakOnChipBytes,
    memory: d.memory,
  };
}

function summary(r: SystemResult) {
  return {
    network: r.network,
    isoMode: r.isoMode,
    ratio: r.ratio,
    ratioIsoCapacity: r.ratioIsoCapacity,
    ratioIsoArea: r.ratioIsoArea,
    macEnergyJ: r.macEnergyJ,
    dramEnergyPerByteJ: r.dramEnergyPerByteJ,
    temperatureK: r.temperatureK,
    accessResistanceOhm: r.accessResistanceOhm,
    writePoints: r.writePoints,
    warnings: r.warnings,
    macs: r.training.totals.macs,
    cycles: r.training.totals.cycles,
    sram: summarise(r.sram),
    isoCapacity: summarise(r.isoCapacity),
    isoArea: summarise(r.isoArea),
  };
}

/** Runs the system model for a workload (used by `accelerator --energy`). */
export function runSystemForWorkload(w: Workload, p: ParsedArgs): ReturnType<typeof summary> {
  const r = evaluateSystem(systemConfigFor(w, p));
  if (!r.ok) throw new FieldError(r.field ?? 'system', r.reason, 'a feasible memory configuration', r.hint);
  return summary(r);
}

function designText(name: string, d: DesignEnergy): string {
  const b = d.breakdown;
  const mj = (x: number) => (x * 1e3).toPrecision(4);
  return `  ${name.padEnd(14)} ${mj(d.energyPerStepJ).padStart(10)} mJ/step  (compute ${mj(b.compute)}, read ${mj(b.read)}, write ${mj(b.write)}, leakage ${mj(b.leakage)}, DRAM ${mj(b.dram)})  area ${d.areaMm2.toPrecision(3)} mm^2`;
}

function printExplanation(ex: Explanation, json: boolean, io: { out(t: string): void }, preset?: string): number {
  if (json) {
    const { ok: _ok, ...doc } = ex as Explanation & { ok?: true };
    io.out(stringifyFinite(preset ? { preset, ...doc } : doc));
    return 0;
  }
  const lines = [
    `Why this ratio (${ex.network}): SRAM / MRAM energy per step, each rung adds one assumption`,
    ...ex.steps.map(
      (s, i) =>
        `  ${String(i).padStart(2)}. ${s.name.padEnd(58)} iso-capacity ${s.ratioIsoCapacity.toFixed(2).padStart(6)}x  iso-area ${s.ratioIsoArea.toFixed(2).padStart(6)}x\n      ${s.reason} [${s.citation}]`,
    ),
    '',
    'Sensitivity (one change at a time from the configuration, largest first):',
    ...ex.sensitivity.map(
      (s) =>
        `  ${s.name.padEnd(30)} iso-capacity ${s.ratioIsoCapacity.toFixed(2).padStart(6)}x  iso-area ${s.ratioIsoArea.toFixed(2).padStart(6)}x`,
    ),
    '',
    ex.verdict,
    "Each rung's flags: system --explain --json (steps[].flags)",
  ];
  io.out(lines.join('\n'));
  return 0;
}

export const systemCommand: Command = {
  name: 'system',
  summary:
    'training energy per step and epoch for a scratchpad placement (SRAM / MRAM nominal / MRAM relaxed), iso-capacity and iso-area',
  async run(argv, io) {
    const p = parseArgs(FLAGS, argv);
    if (p.flags.help) {
      io.out(formatHelp('system', this.summary, USAGE, FLAGS));
      return 0;
    }
    if (p.flags.preset === 'roy2023') {
      // The preset fixes its configuration and runs its own network suite: other settings would be ignored.
      const other = [...p.given].filter((k) => !['preset', 'json', 'help', 'explain'].includes(k));
      if (other.length) {
        throw new FieldError(
          `--${other[0]}`,
          p.flags[other[0]!],
          'no other setting with --preset roy2023 (the preset fixes its configuration and network suite)',
        );
      }
      if (p.flags.explain) {
        // The ladder runs on one network of the suite (ResNet-18, the suite's middle); its rungs' flags
        // reproduce each rung exactly. The suite's ratios at the preset are listed beside it.
        const ex = explainSystem({ ...REFERENCE_STUDY_PRESET, network: 'resnet18' }, (c) => evaluateSystem(c));
        if (!ex.ok) throw new FieldError('--preset', 'roy2023', 'a feasible preset', ex.reason);
        return printExplanation(ex, p.flags.json === true, io, 'roy2023');
      }
      const rows = REFERENCE_STUDY_NETWORKS.map((id) => {
        const r = evaluateSystem({ ...REFERENCE_STUDY_PRESET, network: id });
        if (!r.ok) return { network: id, ok: false, reason: r.reason };
        return {
          network: id,
          ok: true,
          ratioIsoCapacity: r.ratioIsoCapacity,
          ratioIsoArea: r.ratioIsoArea,
          sramEnergyPerStepJ: r.sram.energyPerStepJ,
          sramBreakdown: r.sram.breakdown,
        };
      });
      const doc = { preset: 'roy2023', config: { ...REFERENCE_STUDY_PRESET, network: undefined }, networks: rows };
      if (p.flags.json) io.out(stringifyFinite(doc));
      else {
        io.out('Reference-study preset (Roy, Wang, Raghunathan 2023): SRAM / MRAM energy per training step');
        for (const r of rows) {
          io.out(
            r.ok
              ? `  ${r.network.padEnd(12)} iso-capacity ${r.ratioIsoCapacity!.toFixed(2)}x   iso-area ${r.ratioIsoArea!.toFixed(2)}x`
              : `  ${r.network.padEnd(12)} infeasible: ${r.reason}`,
          );
        }
      }
      return 0;
    }
    const w = resolveWorkload(p, io);
    const cfg = systemConfigFor(w, p, io);
    if (p.flags.explain) {
      if (p.flags.topology !== undefined || p.flags.config !== undefined)
        throw new FieldError(
          '--explain',
          'with --topology/--config',
          'a built-in network (--net) and a total --capacity',
        );
      cfg.network = w.network.id;
      const ex = explainSystem(cfg, (c) => evaluateSystem(c));
      if (!ex.ok) {
        if (p.flags.json) io.out(stringifyFinite({ ok: false, reason: ex.reason }));
        else io.err(`infeasible: ${ex.reason}`);
        return 1;
      }
      return printExplanation(ex, p.flags.json === true, io);
    }
    const t0 = performance.now();
    const r = evaluateSystem(cfg);
    const elapsedMs = performance.now() - t0;
    if (!r.ok) {
      if (p.flags.json) io.out(stringifyFinite({ ok: false, reason: r.reason, hint: r.hint }));
      else io.err(`infeasible: ${r.reason}${r.hint ? ` (${r.hint})` : ''}`);
      return 1;
    }
    if (p.flags.json) {
      io.out(stringifyFinite({ ...summary(r), elapsedMs }));
      return 0;
    }
    io.out(
      [
        `${r.network.name}: batch ${cfg.batch}, ${cfg.rows} x ${cfg.cols} ${cfg.dataflow}, ${cfg.nodeNm} nm ${cfg.roadmap}, placement ${TENSOR_CLASSES.map((c) => `${c}=${cfg.placement[c]}`).join(' ')}`,
        designText('all SRAM', r.sram),
        designText('iso-capacity', r.isoCapacity),
        designText('iso-area', r.isoArea),
        ...(['sram', 'isoCapacity', 'isoArea'] as const).map(
          (k) =>
            `  ${k.padEnd(14)} step ${(r[k].runtimeS * 1e3).toPrecision(4)} ms, bound by ${r[k].boundBy}; banks ${TENSOR_CLASSES.map((c) => `${c} ${r[k].banks[c]}`).join(', ')}`,
        ),
        `SRAM / design energy: iso-capacity ${r.ratioIsoCapacity.toFixed(3)}x, iso-area ${r.ratioIsoArea.toFixed(3)}x`,
        ...r.warnings.map((w) => `warning: ${w}`),
        `evaluated in ${elapsedMs.toFixed(1)} ms`,
      ].join('\n'),
    );
    return 0;
  },
};
